// `guanxi db reset --all` and the test suite's wipe, relationships first: every relationship,
// in one pass committed every 20,000 (`CALL … IN TRANSACTIONS` runs only in an auto-commit
// transaction: `Graph::run` or `Graph::execute`, never inside `start_txn`). One pass, so no
// batch scans again past what earlier batches deleted.
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 20000 ROWS
RETURN count(*) AS deleted
