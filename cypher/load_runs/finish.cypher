// A load or an ingest that ended: `complete` with its row counts, or `failed` with the
// error. Rows written before a failure stay; they are marked unresolved until an identity
// resolution has seen them (the next load or ingest does).
MATCH (r:LoadRun {id: $run})
SET r.status = $status, r.finished_at = $now, r.heartbeat_at = $now, r.error = $error,
    r.rows_read = $read, r.rows_loaded = $loaded, r.rows_rejected = $rejected,
    r.warnings = $warnings
