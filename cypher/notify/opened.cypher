// The alerts a scan opened: raised for the first time, or brought back to `new` (a retired
// alert found again, a dismissed alert whose evidence changed). `opened_scan` is written by
// cypher/alerts/upsert.cypher; the notification queue sends each of them once per target.
MATCH (a:Alert)
WHERE a.last_scan = $scan AND a.opened_scan = $scan AND a.status = 'new'
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.status AS status,
       toString(a.first_seen) AS first_seen, toString(a.last_seen) AS last_seen,
       a.first_seen = a.last_seen AS created, coalesce(a.scope_orgs, []) AS scope_orgs,
       a.evidence AS evidence
ORDER BY id
