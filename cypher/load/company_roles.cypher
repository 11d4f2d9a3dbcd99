// Who stands in a company: (person or company)-[:ROLE_IN {role}]->(company).
UNWIND $rows AS row
MATCH (c:Company {id: row.company_id})
MATCH (p:Entity {id: row.person_id})
MERGE (p)-[r:ROLE_IN {role: row.role}]->(c)
WITH r, row
WHERE r.row_hash IS NULL OR r.row_hash <> row._hash
SET r.share_pct = row.share_pct, r.start_date = row.start_date, r.end_date = row.end_date,
    r.row_hash = row._hash, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
