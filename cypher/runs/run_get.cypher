// One scan run by id. A run still `running` whose scan lock is no longer its own, or has
// expired, lost the process that ran it (killed, or Neo4j lost before the end was recorded):
// it shows as `interrupted` (the next scan to take the lock records it as failed).
MATCH (r:ScanRun {id: $id})
OPTIONAL MATCH (l:ScanLock {name: 'scan'})
WITH r, r.status = 'running'
        AND (l IS NULL OR l.owner IS NULL OR l.owner <> r.id OR l.expires_at < datetime())
        AS lost
RETURN r.id AS id, CASE WHEN lost THEN 'interrupted' ELSE r.status END AS status,
       r.trigger AS trigger, r.requested_by AS requested_by,
       r.patterns AS patterns, toString(r.as_of) AS as_of,
       toString(r.started_at) AS started_at, toString(r.finished_at) AS finished_at,
       r.phase AS phase, r.patterns_done AS patterns_done, r.patterns_total AS patterns_total,
       r.alerts AS alerts, r.kin AS kin,
       CASE WHEN lost
         THEN 'interrupted: the process running it stopped before recording its end'
         ELSE r.error END AS error,
       r.scan AS scan, r.retired AS retired
