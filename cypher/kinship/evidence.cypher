// The family ties and identity links along kinship chains, with their provenance, for the
// evidence of kin alerts.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})-[r:PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS]-(b:Person {id: pair.b})
RETURN DISTINCT startNode(r).id AS from, endNode(r).id AS to, type(r) AS type,
       r.source_file AS source_file, r.source_line AS source_line, r.basis AS basis,
       b.id AS person, b.name AS name, b.source_file AS person_file, b.source_line AS person_line
