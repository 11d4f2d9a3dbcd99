// Upsert a batch of orgs and their place in the hierarchy (PART_OF the parent org).
// The parent may come later in the same file, so it is MERGEd by id; the loader has checked
// that it is a valid org of this dataset or of the graph, so the node is always completed.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Org,
    n.name = row.name, n.name_norm = row.name_norm, n.pinyin = row.name_pinyin,
    n.kind = row.kind, n.region = row.region,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
WITH n, row
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:PART_OF]->()
  DELETE old
}
CALL (n, row) {
  WITH n, row WHERE row.parent_id IS NOT NULL
  MERGE (parent:Entity {id: row.parent_id})
  MERGE (n)-[r:PART_OF]->(parent)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
