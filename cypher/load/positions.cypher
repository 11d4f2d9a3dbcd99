// A post held: (person)-[:HOLDS_POST]->(org). One relationship per person, org, title and
// start date; the person becomes an :Official.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (o:Org {id: row.org_id})
SET p:Official
MERGE (p)-[r:HOLDS_POST {title: row.title, start_key: coalesce(toString(row.start_date), '')}]->(o)
WITH r, row
WHERE r.row_hash IS NULL OR r.row_hash <> row._hash
SET r.start_date = row.start_date, r.end_date = row.end_date,
    r.row_hash = row._hash, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
