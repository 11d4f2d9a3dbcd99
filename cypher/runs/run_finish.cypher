// A scan's end: done with its counts (alerts raised, kin derived, alerts retired), or failed
// with the error.
MATCH (r:ScanRun {id: $id})
SET r.status = $status, r.finished_at = datetime(), r.phase = $phase,
    r.patterns_done = $patterns_done, r.patterns_total = $patterns_total,
    r.alerts = $alerts, r.kin = $kin, r.error = $error, r.scan = $scan,
    r.retired = $retired
