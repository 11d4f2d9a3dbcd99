// Which of the given entity ids a scope sees ($scope: org ids; null sees everything).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE $scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope)
RETURN n.id AS id
