// The regions present in the graph (the portraits page's picker): the distinct regions of
// the orgs the caller's region scope sees ($scope: org ids, or null).
MATCH (o:Org)
WHERE o.region IS NOT NULL
  AND ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
RETURN DISTINCT o.region AS region
ORDER BY region
