// One scan run by id.
MATCH (r:ScanRun {id: $id})
RETURN r.id AS id, r.status AS status, r.trigger AS trigger, r.requested_by AS requested_by,
       r.patterns AS patterns, toString(r.as_of) AS as_of,
       toString(r.started_at) AS started_at, toString(r.finished_at) AS finished_at,
       r.phase AS phase, r.patterns_done AS patterns_done, r.patterns_total AS patterns_total,
       r.alerts AS alerts, r.kin AS kin, r.error AS error, r.scan AS scan,
       r.retired AS retired
