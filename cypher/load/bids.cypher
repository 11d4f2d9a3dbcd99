// A bid: (bidder)-[:BID_ON]->(contract), one per bidder and contract.
UNWIND $rows AS row
MATCH (c:Contract {id: row.contract_id})
MATCH (b:Entity {id: row.bidder_id})
MERGE (b)-[r:BID_ON]->(c)
ON CREATE SET r.first_load_run = $run
WITH b, c, r, row
WHERE r.row_hash IS NULL OR r.row_hash <> row._hash
WITH b, c, r, row, properties(r) AS before
// Only what the row asserts (src/load/update.rs); `qualified` has its default when never given.
SET r += row._props
SET r.qualified = coalesce(r.qualified, row.qualified),
    r.row_hash = row._hash, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now,
    // A first load writes no list (source_file and source_line say it); a later row appends.
    r.sources = CASE WHEN before.row_hash IS NULL THEN null ELSE
      [s IN coalesce(r.sources, [before.source_file + ':' + toString(before.source_line)])
        WHERE s <> $file + ':' + toString(row._line)][-7..] + ($file + ':' + toString(row._line)) END
WITH b, c, r, row, before
CALL (b, c, r, row, before) {
  // The change history: what this row changed of a relationship that was loaded before.
  // A first load is no change: nothing to compare for it.
  WITH b, c, r, row, before WHERE before.row_hash IS NOT NULL
  WITH b, c, r, row, before, [k IN keys(row._props)
    WHERE NOT coalesce(before[k] = row._props[k], before[k] IS NULL AND row._props[k] IS NULL)] AS changed
  WHERE size(changed) > 0
  CREATE (h:History {entity_id: b.id, other_id: c.id, rel_type: type(r), at: $now, run: $run,
    by: $by, file: $file, line: row._line,
    keys: changed, old: [k IN changed | coalesce(toString(before[k]), '')],
    new: [k IN changed | coalesce(toString(row._props[k]), '')]})
  // The old values as typed (a date stays a date) and the old provenance: what
  // `guanxi runs undo` restores (docs/model.md, "Undo").
  FOREACH (k IN changed + ['row_hash', 'source_file', 'source_line', 'load_run', 'loaded_at',
    'sources'] | SET h['was.' + k] = before[k])
}
