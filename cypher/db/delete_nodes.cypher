// `guanxi db reset --all` and the test suite's wipe, then the nodes (their relationships are
// already gone, so `DETACH` stays small), in one pass committed every 10,000.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
RETURN count(*) AS deleted
