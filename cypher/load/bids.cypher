// A bid: (bidder)-[:BID_ON]->(contract), one per bidder and contract.
UNWIND $rows AS row
MATCH (c:Contract {id: row.contract_id})
MATCH (b:Entity {id: row.bidder_id})
MERGE (b)-[r:BID_ON]->(c)
WITH r, row
WHERE r.row_hash IS NULL OR r.row_hash <> row._hash
SET r.amount = row.amount, r.qualified = row.qualified,
    r.row_hash = row._hash, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
