// FollowTheMoney export (crate::ftm::export): the records of $ids, each with its labels and
// properties, within $scope (org ids, or null for everything). Tips are left out.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:Tip
  AND ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
