// FollowTheMoney export (crate::ftm::export): the stored ties leaving $ids (posts, org
// parents, family ties, company roles, collective owners, contract and payment references,
// bids) with their properties. The library keeps those whose other end is exported too.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r:HOLDS_POST|PART_OF|PARENT_OF|SPOUSE_OF|SIBLING_OF|ROLE_IN|OWNED_BY|AWARDED_BY|AWARDED_TO|APPROVED_BY|BID_ON|PAID|PAID_TO|HANDLED_BY|SETTLES]->(b:Entity)
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
