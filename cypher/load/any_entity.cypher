// Whether the graph holds any entity yet. A load into an empty graph knows every id it can
// meet (its own rows), so it skips the per-batch lookups of cypher/load/lookup_ids.cypher.
MATCH (n:Entity)
RETURN n.id AS id
LIMIT 1
