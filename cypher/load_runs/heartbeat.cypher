// A running load or ingest is alive: its heartbeat moves on.
MATCH (r:LoadRun {id: $run})
WHERE r.status = 'running'
SET r.heartbeat_at = $now
