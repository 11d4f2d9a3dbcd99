// Region scope of alerts: each alert with the ids of the entities it concerns (crate::scope
// gives an alert the scopes that see every one of them, so that its summary and subjects
// never name an entity the reader may not see).
MATCH (a:Alert)
RETURN a.id AS id, COLLECT { MATCH (a)-[:CONCERNS]->(n:Entity) RETURN DISTINCT n.id } AS concerns
