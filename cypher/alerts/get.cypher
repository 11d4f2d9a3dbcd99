// One stored alert (columns: columns.cypher), if the caller's region scope sees it ($scope:
// org ids, or null for everything).
MATCH (a:Alert {id: $id})
WHERE ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
