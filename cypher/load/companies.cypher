// Upsert a batch of companies; a collective enterprise is OWNED_BY its org.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Company,
    n.name = row.name, n.name_norm = row.name_norm, n.pinyin = row.name_pinyin,
    n.credit_code = row.credit_code, n.credit_code_invalid = row.credit_code_invalid,
    n.address = row.address, n.address_norm = row.address_norm,
    n.phone = row.phone, n.phone_invalid = row.phone_invalid,
    n.registered_on = row.registered_on, n.industry = row.industry,
    n.qualification = row.qualification, n.qualification_rank = row.qualification_rank,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
SET n.unresolved = true // identity resolution clears it (cypher/load_runs/claim_unresolved.cypher)
WITH n, row
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:OWNED_BY]->()
  DELETE old
}
CALL (n, row) {
  WITH n, row WHERE row.owner_org_id IS NOT NULL
  MATCH (owner:Org {id: row.owner_org_id})
  MERGE (n)-[r:OWNED_BY]->(owner)
  SET r.source_file = $file, r.source_line = row._line, r.load_run = $run, r.loaded_at = $now
}
