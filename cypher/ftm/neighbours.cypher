// FollowTheMoney export around an entity (crate::ftm::export): one step out from $ids over
// the stored (not derived) ties an export writes, within $scope (org ids, or null). The
// library repeats it up to the asked depth. Tips and derived ties (KIN, BEHIND) are left out.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[:HOLDS_POST|PART_OF|PARENT_OF|SPOUSE_OF|SIBLING_OF|ROLE_IN|OWNED_BY|AWARDED_BY|AWARDED_TO|APPROVED_BY|BID_ON|PAID|PAID_TO|HANDLED_BY|SETTLES]-(m:Entity)
WHERE NOT m:Tip
  AND ($scope IS NULL OR any(s IN coalesce(m.scope_orgs, []) WHERE s IN $scope))
RETURN DISTINCT m.id AS id
