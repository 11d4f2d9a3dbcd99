// FollowTheMoney export of the whole graph (crate::ftm::export): the id of every entity but
// tips (FtM has no home for a whistleblower's words), within the caller's region scope
// ($scope: org ids, or null for everything). `n.id IS NOT NULL` lets the planner walk the
// id index instead of scanning the label.
MATCH (n:Entity)
WHERE n.id IS NOT NULL AND NOT n:Tip
  AND ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id
ORDER BY id
