// The ties of a retracted entity, a bounded batch at a time (run until it deletes nothing):
// each relationship to another record is recorded as a :History entry (its type, old
// properties, the retraction id, who and why; found from both ends) and deleted, so that no
// walk (neighbourhoods, paths, scope derivation, identity) reaches the retracted node. The
// alerts' CONCERNS links stay: an alert's own record of what it was about. Parameters: $id,
// $retraction, $by, $reason, $now.
MATCH (n:Retracted {id: $id})-[r]-(m)
WHERE NOT m:Alert
WITH r LIMIT 1000
WITH r, startNode(r) AS s, endNode(r) AS e, [k IN keys(r) WHERE r[k] IS NOT NULL] AS ks
CREATE (:History {entity_id: s.id, other_id: e.id, rel_type: type(r), at: $now,
  run: $retraction, by: $by, reason: $reason, file: 'retraction', line: 0,
  keys: ['tie'] + ks, old: [type(r)] + [k IN ks | CASE WHEN toStringOrNull(r[k]) IS NULL
    THEN reduce(t = '', x IN r[k] | t + CASE t WHEN '' THEN '' ELSE ',' END + toString(x))
    ELSE toString(r[k]) END], new: [''] + [k IN ks | '']})
DELETE r
RETURN count(*) AS deleted
