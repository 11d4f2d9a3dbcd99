// Take one item (alert, tip or entity, by id) out of a case; no row when the case does not
// include it.
MATCH (c:Case {id: $id})-[r:INCLUDES]->(x)
WHERE x.id = $item
DELETE r
WITH c, count(*) AS removed
SET c.updated_at = $now, c.updated_by = $by
RETURN removed
