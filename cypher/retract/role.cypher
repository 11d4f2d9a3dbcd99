// Retracts one role in a company: (person or company)-[:ROLE_IN {role}]->(company). The removed
// relationship leaves a :History entry (old properties, the retraction id, who and why).
// A list property is written comma-separated. Parameters: $company, $person, $role, $retraction, $by, $reason, $now. Returns how many
// were removed (0: no such role, nothing changed).
MATCH (c:Company {id: $company})
MATCH (p:Entity {id: $person})
OPTIONAL MATCH (p)-[r:ROLE_IN {role: $role}]->(c)
WITH p, c, r WHERE r IS NOT NULL
WITH p, c, r, [k IN keys(r) WHERE r[k] IS NOT NULL] AS ks
CREATE (:History {entity_id: p.id, other_id: c.id, rel_type: type(r), at: $now,
  run: $retraction, by: $by, reason: $reason, file: 'retraction', line: 0,
  keys: ['tie'] + ks, old: [type(r)] + [k IN ks | CASE WHEN toStringOrNull(r[k]) IS NULL
    THEN reduce(t = '', x IN r[k] | t + CASE t WHEN '' THEN '' ELSE ',' END + toString(x))
    ELSE toString(r[k]) END], new: [''] + [k IN ks | '']})
DELETE r
RETURN count(*) AS removed
