// Store a batch of alerts. The id is the fingerprint (pattern + subjects), so a rescan
// finds the same alert instead of adding one: last_seen is updated, status kept. A
// dismissed alert whose evidence changed comes back as new; so does a retired alert (its
// finding holds again), each with an entry in its history ($reopened, $returned).
// opened_scan names the scan that last opened it (created, returned or reopened): the
// notifications of a scan are about those (cypher/notify/opened.cypher).
UNWIND $alerts AS a
MERGE (x:Alert {id: a.id})
ON CREATE SET x.status = 'new', x.first_seen = $now, x.history = [], x.opened_scan = $scan
WITH x, a, x.status = $retired AS returning,
     (x.status = 'dismissed' AND x.evidence_hash IS NOT NULL
      AND x.evidence_hash <> a.evidence_hash) AS reopening
SET x.pattern = a.pattern, x.severity = a.severity, x.subjects = a.subjects,
    x.summary_zh = a.summary_zh, x.summary_en = a.summary_en, x.facts = a.facts,
    x.evidence = a.evidence, x.last_seen = $now, x.last_scan = $scan,
    x.history = CASE WHEN returning THEN x.history + [$returned]
                     WHEN reopening THEN x.history + [$reopened]
                     ELSE x.history END,
    x.status = CASE WHEN returning OR reopening THEN 'new' ELSE x.status END,
    x.opened_scan = CASE WHEN returning OR reopening THEN $scan ELSE x.opened_scan END,
    x.retired_at = CASE WHEN returning THEN null ELSE x.retired_at END,
    x.retired_scan = CASE WHEN returning THEN null ELSE x.retired_scan END,
    x.evidence_hash = a.evidence_hash
WITH x, a
CALL (x) {
  OPTIONAL MATCH (x)-[old:CONCERNS]->()
  DELETE old
}
CALL (x, a) {
  UNWIND a.subjects AS subject_id
  MATCH (e:Entity {id: subject_id})
  MERGE (x)-[:CONCERNS]->(e)
}
RETURN count(x) AS stored
