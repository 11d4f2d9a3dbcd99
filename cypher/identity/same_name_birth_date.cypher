// Certain identity, by name and birth date: two person records with the same normalised
// name and the same birth date, and no conflicting valid ID numbers, are the same person.
// (The same name with another birth date is a different person: no link.)
MATCH (a:Person)-[r:SAME_AS {basis: 'name_birth_date'}]-(b:Person)
USING INDEX a:Person(unresolved)
WHERE a.unresolved = $run
  AND (a.name_norm <> b.name_norm OR a.birth_date IS NULL OR a.birth_date <> b.birth_date
       OR (a.id_number IS NOT NULL AND b.id_number IS NOT NULL AND a.id_number <> b.id_number))
DELETE r;

MATCH (a:Person)
USING INDEX a:Person(unresolved)
WHERE a.unresolved = $run AND a.birth_date IS NOT NULL AND a.name_norm IS NOT NULL
// Seek by birth date, then compare names: a date is shared by a few people, a common name
// by hundreds (the planner prefers the name index otherwise).
MATCH (b:Person {birth_date: a.birth_date})
USING INDEX b:Person(birth_date)
WHERE b <> a AND b.name_norm = a.name_norm
  AND (a.id_number IS NULL OR b.id_number IS NULL OR a.id_number = b.id_number)
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x, CASE WHEN a.id < b.id THEN b ELSE a END AS y
MERGE (x)-[r:SAME_AS]->(y)
ON CREATE SET r.basis = 'name_birth_date', r.certain = true, r.created_run = $run, r.created_at = $now
RETURN count(DISTINCT r) AS links;
