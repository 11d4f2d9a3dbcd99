// Tips inbox: a page of tips, newest first, within the caller's region scope ($scope: org
// ids, or null for everything), optionally only those whose text holds $q (lower-cased by
// the caller). One row always: the total and the page.
MATCH (t:Tip)
WHERE ($scope IS NULL OR any(s IN coalesce(t.scope_orgs, []) WHERE s IN $scope))
  AND ($q IS NULL OR toLower(coalesce(t.text, '')) CONTAINS $q)
WITH t ORDER BY t.received_on DESC, t.id
WITH collect(t) AS matched
RETURN size(matched) AS total,
       [t IN matched[$skip..($skip + $limit)] | {
         id: t.id, text: coalesce(t.text, ''), received_on: toString(t.received_on),
         subjects: [(t)-[:NAMES]->(s) | s.id]
       }] AS tips
