// The supplier groups earlier scans set.
MATCH (c:Company)
WHERE c.supplier_group IS NOT NULL
RETURN c.id AS company, c.supplier_group AS supplier_group
