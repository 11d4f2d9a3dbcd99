// Watchlists: open alerts (status new) opened after $since (epoch ms), within the caller's
// region scope ($scope: org ids, or null for everything). An alert was opened by the scan
// named in opened_scan (cypher/alerts/upsert.cypher): when that scan ended, or now while it
// runs. src/watch/ keeps those touching the watched entities and regions.
MATCH (a:Alert)
WHERE a.status = 'new'
  AND ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
OPTIONAL MATCH (run:ScanRun {id: a.opened_scan})
WITH a, CASE WHEN run IS NULL THEN a.first_seen
             ELSE coalesce(run.finished_at, datetime()) END AS opened
WHERE opened.epochMillis > $since
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.evidence AS evidence,
       coalesce(a.scope_orgs, []) AS scope_orgs, opened.epochMillis AS opened_ms
ORDER BY opened_ms DESC, id
