// `guanxi db reset` (without --all), relationships first: every relationship except those of
// what reset keeps (API tokens and the audit log), in one pass committed every 20,000
// (`CALL … IN TRANSACTIONS` runs only in an auto-commit transaction: `Graph::run` or
// `Graph::execute`, never inside `start_txn`). One pass, so no batch scans again past what
// earlier batches deleted.
MATCH (a)-[r]->(b)
WHERE NOT (a:ApiToken OR a:AuditBatch OR a:AuditHead OR a:AuditEntry
           OR b:ApiToken OR b:AuditBatch OR b:AuditHead OR b:AuditEntry)
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 20000 ROWS
RETURN count(*) AS deleted
