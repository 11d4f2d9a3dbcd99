// How far a running scan is.
MATCH (r:ScanRun {id: $id})
WHERE r.status = 'running'
SET r.phase = $phase, r.patterns_done = $patterns_done, r.patterns_total = $patterns_total,
    r.alerts = $alerts, r.kin = $kin
