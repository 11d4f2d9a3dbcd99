// Derived holdings through companies: (holder)-[:BEHIND]->(company) for a beneficial owner
// (shares multiplied along the chain >= 25%) or a controller (legal representative or > 50%
// of the first company, > 50% at each further link). `via` names the companies between,
// `chain_zh`/`chain_en` the chain with its percentages, `start_date`/`end_date` when every
// role of the chain was held at once. Only new or changed holdings are written.
UNWIND $rows AS row
MATCH (h:Entity {id: row.holder})
// The company is found for each holder (a subquery, not a product of two lookups).
CALL (h, row) {
  MATCH (s:Entity {id: row.company})
  MERGE (h)-[b:BEHIND]->(s)
  SET b.role = row.role, b.share = row.share, b.via = row.via,
      b.chain_zh = row.chain_zh, b.chain_en = row.chain_en,
      b.start_date = CASE WHEN row.start_date IS NULL THEN null ELSE date(row.start_date) END,
      b.end_date = CASE WHEN row.end_date IS NULL THEN null ELSE date(row.end_date) END,
      b.sig = row.sig, b.derived_by = $scan
}
