// Store changed region scopes of entities (an empty list removes the property).
UNWIND $rows AS r
MATCH (n:Entity {id: r.id})
SET n.scope_orgs = CASE WHEN size(r.orgs) = 0 THEN null ELSE r.orgs END
RETURN count(n) AS written
