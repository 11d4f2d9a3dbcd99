// Upsert a batch of tips (信访举报) and the entities each NAMES.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Tip,
    n.received_on = row.received_on, n.text = row.text,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
WITH n, row
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:NAMES]->()
  DELETE old
}
CALL (n, row) {
  UNWIND coalesce(row.subject_ids, []) AS subject_id
  MATCH (subject:Entity {id: subject_id})
  MERGE (n)-[r:NAMES]->(subject)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
