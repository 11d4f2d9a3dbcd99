// Region scope of tips: each tip with the ids of the people and orgs it names (a tip is seen
// by every scope that sees one of them; crate::scope takes the union).
MATCH (t:Tip)-[:NAMES]->(n:Entity)
RETURN t.id AS id, collect(DISTINCT n.id) AS named
