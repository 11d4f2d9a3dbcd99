// Identity resolution run $run takes every unresolved person and company, whichever load
// or ingest wrote them (an upsert sets `unresolved = true`; a run that died leaves its own
// id there). A record rewritten while this resolution runs gets `true` again, so the clear
// at the end (clear_unresolved.cypher) leaves it for the next resolution. Committed in
// batches: a city's first load claims over a million records, more than one transaction may
// hold with the default 1 GB heap; a claim cut short leaves the rest for the next resolution.
MATCH (n:Person)
WHERE n.unresolved IS NOT NULL
CALL (n) {
  SET n.unresolved = $run
} IN TRANSACTIONS OF 10000 ROWS;

MATCH (n:Company)
WHERE n.unresolved IS NOT NULL
CALL (n) {
  SET n.unresolved = $run
} IN TRANSACTIONS OF 10000 ROWS;
