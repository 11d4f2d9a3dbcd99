// The alerts a scan raised (or raised again), for the ingest response to pick those about
// the ingested rows (columns: columns.cypher).
MATCH (a:Alert)
WHERE a.last_scan = $scan
