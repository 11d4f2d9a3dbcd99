// Alerts for a timeline (crate::timeline): the alerts with these ids, each with when it was
// first raised, its pattern, severity, status, summary, subjects and triage history, if the
// caller's region scope ($scope: org ids, or null for everything) sees it. Found by id.
UNWIND $ids AS alert_id
MATCH (a:Alert {id: alert_id})
WHERE $scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope)
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.status AS status,
       toString(a.first_seen) AS first_seen, a.summary_zh AS summary_zh,
       a.summary_en AS summary_en, a.subjects AS subjects, coalesce(a.history, []) AS history
