// Include items in a case: alerts by id, tips and other entities by their entity id, each
// only as the kind it was asked as and only if the caller's region scope sees it ($scope:
// org ids, or null). Returns the items found; the caller rolls back unless all were.
MATCH (c:Case {id: $id})
SET c.updated_at = $now, c.updated_by = $by
WITH c
UNWIND $items AS item
CALL (item) {
  MATCH (a:Alert {id: item.id}) WHERE item.kind = 'alert' RETURN a AS x
  UNION
  MATCH (e:Entity {id: item.id}) WHERE item.kind = 'tip' AND e:Tip RETURN e AS x
  UNION
  MATCH (e:Entity {id: item.id}) WHERE item.kind = 'entity' AND NOT e:Tip RETURN e AS x
}
WITH c, item, x
WHERE $scope IS NULL OR any(s IN coalesce(x.scope_orgs, []) WHERE s IN $scope)
MERGE (c)-[r:INCLUDES]->(x)
ON CREATE SET r.at = $now, r.by = $by, r.kind = item.kind
RETURN item.kind AS kind, item.id AS id
