// Retracts the primitive family ties between two people, in either direction
// (PARENT_OF, SPOUSE_OF, SIBLING_OF: see cypher/load/kinship.cypher). Each removed tie leaves
// a :History entry (its old properties, `run` = the retraction id, who and why) found from
// both ends. Parameters: $a, $b, $retraction, $by, $reason, $now. Returns how many were
// removed (0: there was no tie, nothing changed).
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
OPTIONAL MATCH (a)-[r:PARENT_OF|SPOUSE_OF|SIBLING_OF]-(b)
WITH r WHERE r IS NOT NULL
WITH r, startNode(r) AS s, endNode(r) AS e, [k IN keys(r) WHERE r[k] IS NOT NULL] AS ks
CREATE (:History {entity_id: s.id, other_id: e.id, rel_type: type(r), at: $now,
  run: $retraction, by: $by, reason: $reason, file: 'retraction', line: 0,
  keys: ['tie'] + ks, old: [type(r)] + [k IN ks | CASE WHEN toStringOrNull(r[k]) IS NULL
    THEN reduce(t = '', x IN r[k] | t + CASE t WHEN '' THEN '' ELSE ',' END + toString(x))
    ELSE toString(r[k]) END], new: [''] + [k IN ks | '']})
DELETE r
RETURN count(*) AS removed
