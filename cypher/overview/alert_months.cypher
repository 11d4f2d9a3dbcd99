// The overview's alert counts (issue 15): every alert the caller's region scope sees ($scope:
// org ids, or null for everything), counted by the month it was first raised, pattern,
// severity and status. Aggregated further in src/overview.rs.
MATCH (a:Alert)
WHERE $scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope)
RETURN substring(toString(a.first_seen), 0, 7) AS month, a.pattern AS pattern,
       a.severity AS severity, a.status AS status, count(*) AS n
