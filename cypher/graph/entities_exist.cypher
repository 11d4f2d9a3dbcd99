// Which of the given ids name an entity that the caller's region scope sees ($scope: org
// ids, or null for everything).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id
