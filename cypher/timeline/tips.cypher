// Tips for a timeline (crate::timeline): the tips with these ids, each with its date, text
// and the ids of the entities it NAMES, if the caller's region scope ($scope: org ids, or
// null for everything) sees it. Found by id (index tip_id).
UNWIND $ids AS tip_id
MATCH (t:Tip {id: tip_id})
WHERE $scope IS NULL OR any(s IN coalesce(t.scope_orgs, []) WHERE s IN $scope)
RETURN t.id AS id, coalesce(t.text, '') AS text, toString(t.received_on) AS received_on,
       [(t)-[:NAMES]->(s) | s.id] AS subjects
