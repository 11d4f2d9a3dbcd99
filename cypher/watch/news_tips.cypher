// Watchlists: tips that arrived after $since (epoch ms: when the load run that first wrote
// them started), within the caller's region scope ($scope: org ids, or null), or those a
// given load run first wrote ($run, for notifications; null: any). src/watch/ matches their
// text and keeps those naming watched entities or in a watched region.
MATCH (t:Tip)
WHERE ($scope IS NULL OR any(s IN coalesce(t.scope_orgs, []) WHERE s IN $scope))
  AND ($run IS NULL OR t.first_load_run = $run)
OPTIONAL MATCH (lr:LoadRun {id: t.first_load_run})
WITH t, coalesce(lr.started_at, t.loaded_at) AS arrived
WHERE arrived.epochMillis > $since
RETURN t.id AS id, coalesce(t.text, '') AS text, toString(t.received_on) AS received_on,
       [(t)-[:NAMES]->(s) | s.id] AS subjects, coalesce(t.scope_orgs, []) AS scope_orgs,
       arrived.epochMillis AS arrived_ms
ORDER BY arrived_ms DESC, id
