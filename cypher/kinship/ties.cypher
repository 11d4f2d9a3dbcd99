// The primitive family ties and certain identity links between people.
MATCH (a:Person)-[r:PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS]->(b:Person)
RETURN a.id AS a, type(r) AS type, b.id AS b
