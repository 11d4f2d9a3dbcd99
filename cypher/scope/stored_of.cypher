// Region scope, focused pass: the stored `scope_orgs` of the given entities (those without
// one are left out).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.scope_orgs IS NOT NULL
RETURN n.id AS id, n.scope_orgs AS orgs
