// `guanxi db reset` (without --all), then the nodes, in one pass committed every 10,000:
// everything except API tokens and the audit log (batches, their chain head, entries of older
// builds). Only relationships to what is kept are left, so `DETACH` stays small.
MATCH (n)
WHERE NOT (n:ApiToken OR n:AuditBatch OR n:AuditHead OR n:AuditEntry)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
RETURN count(*) AS deleted
