// A page of load runs, newest first. A run still `running` whose heartbeat is older than
// $stale_before has no live process behind it: it is shown as `interrupted`. Runs recorded
// before statuses existed are `complete` when they have a finish, `interrupted` otherwise.
MATCH (r:LoadRun)
WHERE r.started_at IS NOT NULL
WITH r ORDER BY r.started_at DESC, r.id DESC
SKIP $skip LIMIT $limit
RETURN r.id AS id, r.kind AS kind, r.by AS by, r.dir AS dir, r.files AS files,
       toString(r.started_at) AS started_at, toString(r.finished_at) AS finished_at,
       CASE
         WHEN r.status = 'running' AND r.heartbeat_at < $stale_before THEN 'interrupted'
         WHEN r.status IS NOT NULL THEN r.status
         WHEN r.finished_at IS NOT NULL THEN 'complete'
         ELSE 'interrupted'
       END AS status,
       r.rows_read AS rows_read, r.rows_loaded AS rows_loaded,
       r.rows_rejected AS rows_rejected, r.warnings AS warnings, r.error AS error,
       toString(r.undone_at) AS undone_at, r.undone_by AS undone_by, r.undo_id AS undo_id
