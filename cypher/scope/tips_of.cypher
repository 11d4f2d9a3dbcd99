// Region scope, focused pass: the tips among the given entities or naming one of them, each
// with the ids of the people and orgs it names (as tips.cypher, for these tips only).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  MATCH (n:Tip)
  RETURN n AS t
  UNION
  MATCH (t:Tip)-[:NAMES]->(n)
  RETURN t
}
WITH DISTINCT t
MATCH (t)-[:NAMES]->(m:Entity)
RETURN t.id AS id, collect(DISTINCT m.id) AS named
