// Tips inbox: one tip with the ids of the entities it NAMES (its subject_ids column), if the
// caller's region scope sees it ($scope: org ids, or null for everything).
MATCH (t:Tip {id: $id})
WHERE $scope IS NULL OR any(s IN coalesce(t.scope_orgs, []) WHERE s IN $scope)
RETURN t.id AS id, coalesce(t.text, '') AS text, toString(t.received_on) AS received_on,
       [(t)-[:NAMES]->(s) | s.id] AS subjects
