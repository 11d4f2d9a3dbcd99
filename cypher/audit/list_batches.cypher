// Audit batches, newest first, a page of batches at a time ($skip, $limit): guanxi reads each
// batch's entries newest first, filters them by token and stops once a page of entries is full.
MATCH (b:AuditBatch)
WHERE b.last_at IS NOT NULL
RETURN b.entries AS entries
ORDER BY b.last_at DESC
SKIP $skip LIMIT $limit
