// One ring of a neighbourhood for `GET /api/entities/{id}/neighborhood`: the entities next to
// the frontier that are not yet in the drawing, over the relationships of the model (alerts,
// load runs, tokens and audit entries are not entities and are never reached). Nothing
// outside the caller's region scope ($scope: org ids, or null) is reached, nor stepped through.
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})-[:HOLDS_POST|PART_OF|PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS|POSSIBLY_SAME_AS|ROLE_IN|OWNED_BY|AWARDED_BY|AWARDED_TO|APPROVED_BY|BID_ON|PAID|PAID_TO|HANDLED_BY|SETTLES|KIN|NAMES]-(b:Entity)
WHERE NOT b.id IN $seen AND NOT (b:Alert OR b:LoadRun OR b:ApiToken OR b:AuditEntry)
  AND ($scope IS NULL OR any(s IN coalesce(b.scope_orgs, []) WHERE s IN $scope))
RETURN DISTINCT b.id AS id
LIMIT $cap
