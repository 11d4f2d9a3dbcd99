// Identity resolution run $run has seen these records: they are resolved. Committed in
// batches, like the claim; a clear cut short leaves records that the next resolution claims
// and resolves again (resolution is idempotent).
MATCH (n:Person)
WHERE n.unresolved = $run
CALL (n) {
  REMOVE n.unresolved
} IN TRANSACTIONS OF 10000 ROWS;

MATCH (n:Company)
WHERE n.unresolved = $run
CALL (n) {
  REMOVE n.unresolved
} IN TRANSACTIONS OF 10000 ROWS;
