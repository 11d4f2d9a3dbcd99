// Audit entries stored one node per entry (by builds before audit batches), newest first,
// optionally of one token name: listed after every batch, since they are older.
MATCH (a:AuditEntry)
WHERE $token IS NULL OR a.token = $token
RETURN toString(a.at) AS at, a.token AS token, a.role AS role, a.method AS method,
       a.route AS route, a.path AS path, a.entity_ids AS entity_ids, a.status AS status
ORDER BY a.at DESC
SKIP $offset LIMIT $limit
