// Upsert a batch of contracts: AWARDED_BY the buyer org, AWARDED_TO the supplier,
// APPROVED_BY the official who approved the award.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Contract,
    n.title = row.title, n.category = row.category, n.amount = row.amount,
    n.method = row.method, n.required_qualification = row.required_qualification,
    n.required_qualification_rank = row.required_qualification_rank,
    n.published_on = row.published_on, n.awarded_on = row.awarded_on,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
WITH n, row
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:AWARDED_BY|AWARDED_TO|APPROVED_BY]->()
  DELETE old
}
CALL (n, row) {
  MATCH (buyer:Org {id: row.buyer_id})
  MERGE (n)-[r:AWARDED_BY]->(buyer)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.supplier_id IS NOT NULL
  MATCH (supplier:Entity {id: row.supplier_id})
  MERGE (n)-[r:AWARDED_TO]->(supplier)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.approver_id IS NOT NULL
  MATCH (approver:Person {id: row.approver_id})
  MERGE (n)-[r:APPROVED_BY]->(approver)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
