// The org hierarchy of the overview (county → towns → villages): every org the caller's
// region scope sees ($scope: org ids, or null) with the org it is PART_OF.
MATCH (o:Org)
WHERE $scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope)
OPTIONAL MATCH (o)-[:PART_OF]->(p:Org)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.region AS region, p.id AS parent
ORDER BY id
