// The load run: when, from where, and (once done) what it loaded. Provenance on every node
// and relationship names it in `load_run`.
MERGE (r:LoadRun {id: $run})
ON CREATE SET r.started_at = $now, r.dir = $dir
SET r.finished_at = $finished_at, r.summary = $summary
