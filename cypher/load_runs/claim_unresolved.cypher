// Identity resolution run $run takes every unresolved person and company, whichever load
// or ingest wrote them (an upsert sets `unresolved = true`; a run that died leaves its own
// id there). A record rewritten while this resolution runs gets `true` again, so the clear
// at the end (clear_unresolved.cypher) leaves it for the next resolution.
MATCH (n:Person)
WHERE n.unresolved IS NOT NULL
SET n.unresolved = $run;

MATCH (n:Company)
WHERE n.unresolved IS NOT NULL
SET n.unresolved = $run;
