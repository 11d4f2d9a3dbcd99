// Certain identity of companies: the same valid unified social credit code.
MATCH (a:Company)-[r:SAME_AS {basis: 'credit_code'}]-(b:Company)
USING INDEX a:Company(unresolved)
WHERE a.unresolved = $run AND (a.credit_code IS NULL OR a.credit_code <> b.credit_code)
DELETE r;

MATCH (a:Company)
USING INDEX a:Company(unresolved)
WHERE a.unresolved = $run AND a.credit_code IS NOT NULL
MATCH (b:Company {credit_code: a.credit_code})
WHERE b <> a
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x, CASE WHEN a.id < b.id THEN b ELSE a END AS y
MERGE (x)-[r:SAME_AS]->(y)
ON CREATE SET r.basis = 'credit_code', r.certain = true, r.created_run = $run, r.created_at = $now
RETURN count(DISTINCT r) AS links;
