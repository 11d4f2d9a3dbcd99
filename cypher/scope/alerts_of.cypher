// Region scope, focused pass: the alerts one scan stored ($scan; null for none) and those
// concerning one of the given entities, each with the ids of the entities it concerns and
// its stored `scope_orgs` (as alerts.cypher, for these alerts only).
CALL () {
  MATCH (a:Alert)
  WHERE a.last_scan = $scan
  RETURN a
  UNION
  UNWIND $ids AS id
  MATCH (:Entity {id: id})<-[:CONCERNS]-(a:Alert)
  RETURN a
}
RETURN a.id AS id,
       COLLECT { MATCH (a)-[:CONCERNS]->(n:Entity) RETURN DISTINCT n.id } AS concerns,
       coalesce(a.scope_orgs, []) AS stored
