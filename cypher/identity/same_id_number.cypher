// Certain identity, by ID number: two person records with the same valid resident identity
// number are the same person. Only valid numbers are stored in `id_number` (invalid ones go
// to `id_number_invalid`), so a bad check character never links anyone.
// Links whose basis no longer holds (a corrected number) are removed first.
MATCH (a:Person)-[r:SAME_AS {basis: 'id_number'}]-(b:Person)
USING INDEX a:Person(unresolved)
WHERE a.unresolved = $run AND (a.id_number IS NULL OR a.id_number <> b.id_number)
DELETE r;

MATCH (a:Person)
USING INDEX a:Person(unresolved)
WHERE a.unresolved = $run AND a.id_number IS NOT NULL
MATCH (b:Person {id_number: a.id_number})
WHERE b <> a
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x, CASE WHEN a.id < b.id THEN b ELSE a END AS y
MERGE (x)-[r:SAME_AS]->(y)
ON CREATE SET r.basis = 'id_number', r.certain = true, r.created_run = $run, r.created_at = $now
RETURN count(DISTINCT r) AS links;
