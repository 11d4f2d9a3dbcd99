// `guanxi db reset` (without --all), then the nodes, a bounded batch at a time: everything
// except API tokens and the audit log (batches, their chain head, entries of older builds).
MATCH (n)
WHERE NOT (n:ApiToken OR n:AuditBatch OR n:AuditHead OR n:AuditEntry)
WITH n LIMIT 10000
DETACH DELETE n
RETURN count(*) AS deleted
