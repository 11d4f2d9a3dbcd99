// Every retraction, newest first (`guanxi retract list`, and the loaders' tombstones).
MATCH (r:Retraction)
RETURN r.id AS id, r.kind AS kind, r.keys AS keys, r.reason AS reason, r.by AS by,
       toString(r.at) AS at, r.removed AS removed
ORDER BY r.at DESC
