// The records behind a case report's evidence (src/report/): each entity's kind and
// properties, by id, within the reader's region scope ($scope: org ids, or null for
// everything). An entity outside the scope is no row: the report lists it by its evidence
// only (id, name, file and line).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
