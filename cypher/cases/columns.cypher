// The columns of a whole case, appended to a selection of cases (one.cypher, all.cypher).
// A scoped caller ($scope: org ids; null sees everything) sees a case only when it includes
// at least one item and its scope sees every one of them (docs/model.md, "Cases").
OPTIONAL MATCH (c)-[r:INCLUDES]->(x)
WITH c, collect(x {.id, kind: r.kind, at: toString(r.at), by: r.by, status: x.status,
  label: coalesce(x.name, x.title, x.summary_zh, x.text), scope: coalesce(x.scope_orgs, [])}) AS items
WHERE $scope IS NULL
   OR (size(items) > 0 AND all(i IN items WHERE any(s IN i.scope WHERE s IN $scope)))
RETURN c.id AS id, c.title AS title, c.assignee AS assignee, c.deadline AS deadline,
       c.status AS status, c.disposition AS disposition,
       toString(c.created_at) AS created_at, c.created_by AS created_by,
       toString(c.updated_at) AS updated_at, c.updated_by AS updated_by,
       c.notes AS notes, c.history AS history,
       [i IN items | i {.kind, .id, .at, .by, .status, .label}] AS items
ORDER BY c.created_at DESC, c.id DESC
