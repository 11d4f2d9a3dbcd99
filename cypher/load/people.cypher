// Upsert a batch of people. Parameters: $rows (typed rows from loaders/people.toml),
// $file, $run, $now. A row whose content hash is unchanged is left alone, so reloading the
// same data changes nothing, provenance included.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
SET n:Person,
    n.name = row.name, n.name_norm = row.name_norm, n.pinyin = row.name_pinyin,
    n.gender = row.gender, n.birth_date = row.birth_date,
    n.id_number = row.id_number, n.id_number_invalid = row.id_number_invalid,
    n.phone = row.phone, n.phone_invalid = row.phone_invalid,
    n.address = row.address, n.address_norm = row.address_norm,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now
SET n.unresolved = true // identity resolution clears it (cypher/load_runs/claim_unresolved.cypher)
