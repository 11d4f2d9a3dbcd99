// The alerts a scan raised (or raised again), for the ingest response to pick those about
// the ingested rows. Same columns as cypher/scan/alerts_list.cypher.
MATCH (a:Alert)
WHERE a.last_scan = $scan
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.facts AS facts,
       a.evidence AS evidence, a.status AS status, toString(a.first_seen) AS first_seen,
       toString(a.last_seen) AS last_seen, a.history AS history
ORDER BY CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.pattern, a.id
