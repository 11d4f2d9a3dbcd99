// Upsert a batch of payments: (payer)-[:PAID]->(payment)-[:PAID_TO]->(payee), the payment
// HANDLED_BY who collected it and SETTLES the contract it pays for.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Payment,
    n.amount = row.amount, n.purpose = row.purpose,
    n.paid_on = row.paid_on, n.recorded_on = row.recorded_on,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
WITH n, row
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:PAID_TO|HANDLED_BY|SETTLES]->()
  DELETE old
}
CALL (n, row) {
  OPTIONAL MATCH ()-[old:PAID]->(n)
  DELETE old
}
CALL (n, row) {
  MATCH (payer:Entity {id: row.payer_id})
  MERGE (payer)-[r:PAID]->(n)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  MATCH (payee:Entity {id: row.payee_id})
  MERGE (n)-[r:PAID_TO]->(payee)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.handler_id IS NOT NULL
  MATCH (handler:Person {id: row.handler_id})
  MERGE (n)-[r:HANDLED_BY]->(handler)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.contract_id IS NOT NULL
  MATCH (contract:Contract {id: row.contract_id})
  MERGE (n)-[r:SETTLES]->(contract)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
