// One page of possible identity links with one review status, highest score first (the
// record columns come from columns.cypher). The status index makes this a seek, not a scan
// of every link.
MATCH (a:Person)-[r:POSSIBLY_SAME_AS]->(b:Person)
WHERE r.status = $status
WITH a, r, b
ORDER BY r.score DESC, a.id, b.id
SKIP $skip LIMIT $limit
