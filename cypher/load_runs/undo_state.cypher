// `guanxi runs undo`: where load run $run stands, before anything is changed. A `running`
// run whose heartbeat is older than $stale_before is gone (interrupted) and may be undone.
MATCH (r:LoadRun {id: $run})
RETURN r.status AS status,
       r.status = 'running' AND coalesce(r.heartbeat_at >= $stale_before, false) AS alive,
       toString(r.undone_at) AS undone_at, r.undone_by AS undone_by
