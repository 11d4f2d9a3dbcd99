// Retracts a post: every (person)-[:HOLDS_POST {title}]->(org) with that title, whatever its
// start date. Each leaves a :History entry; the person stays an :Official only while a post
// is left. Parameters: $person, $org, $title, $retraction, $by, $reason, $now. Returns how
// many were removed (0: no such post, nothing changed).
MATCH (p:Person {id: $person})
MATCH (o:Org {id: $org})
OPTIONAL MATCH (p)-[r:HOLDS_POST {title: $title}]->(o)
WITH p, o, r WHERE r IS NOT NULL
WITH p, o, r, [k IN keys(r) WHERE r[k] IS NOT NULL] AS ks
CREATE (:History {entity_id: p.id, other_id: o.id, rel_type: type(r), at: $now,
  run: $retraction, by: $by, reason: $reason, file: 'retraction', line: 0,
  keys: ['tie'] + ks, old: [type(r)] + [k IN ks | CASE WHEN toStringOrNull(r[k]) IS NULL
    THEN reduce(t = '', x IN r[k] | t + CASE t WHEN '' THEN '' ELSE ',' END + toString(x))
    ELSE toString(r[k]) END], new: [''] + [k IN ks | '']})
DELETE r
WITH p, count(*) AS removed
CALL (p) {
  WITH p WHERE NOT EXISTS { (p)-[:HOLDS_POST]->(:Org) }
  REMOVE p:Official
}
RETURN removed
