// Upsert a batch of contracts: AWARDED_BY the buyer org, AWARDED_TO the supplier,
// APPROVED_BY the official who approved the award.
// A reference tie's provenance is written when it is made: a changed row that names the
// same target again leaves the tie as it is (the row's node records where it was asserted
// last), so that `guanxi runs undo` finds it as it was.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n.first_load_run = $run
WITH n, row
WHERE n.row_hash IS NULL OR n.row_hash <> row._hash
WITH n, row, properties(n) AS before
// Only what the row asserts: `_props` holds its non-empty columns, and null for the
// cleared ones (src/load/update.rs); the other properties stay as they are.
SET n:Contract, n += row._props,
    n.row_hash = row._hash, n.source_file = $file, n.source_line = row._line,
    n.load_run = $run, n.loaded_at = $now,
    // A first load writes no list (source_file and source_line say it); a later row appends.
    n.sources = CASE WHEN before.row_hash IS NULL THEN null ELSE
      [s IN coalesce(n.sources, [before.source_file + ':' + toString(before.source_line)])
        WHERE s <> $file + ':' + toString(row._line)][-7..] + ($file + ':' + toString(row._line)) END
WITH n, row, before
CALL (n, row, before) {
  // The change history: what this row changed of a node that was loaded before.
  // A first load is no change: nothing to compare for it.
  WITH n, row, before WHERE before.row_hash IS NOT NULL
  WITH n, row, before, [k IN keys(row._props)
    WHERE NOT coalesce(before[k] = row._props[k], before[k] IS NULL AND row._props[k] IS NULL)] AS changed
  WHERE size(changed) > 0
  CREATE (h:History {entity_id: n.id, at: $now, run: $run, by: $by, file: $file, line: row._line,
    keys: changed, old: [k IN changed | coalesce(toString(before[k]), '')],
    new: [k IN changed | coalesce(toString(row._props[k]), '')]})
  // The old values as typed (a date stays a date) and the old provenance: what
  // `guanxi runs undo` restores (docs/model.md, "Undo").
  FOREACH (k IN changed + ['row_hash', 'source_file', 'source_line', 'load_run', 'loaded_at',
    'sources'] | SET h['was.' + k] = before[k])
}
WITH n, row
CALL (n, row) {
  // The buyer is always given; the supplier and the approver are replaced only when the
  // row gives another one or clears them.
  MATCH (n)-[old:AWARDED_BY|AWARDED_TO|APPROVED_BY]->(target)
  WITH n, row, old, target, CASE type(old) WHEN 'AWARDED_BY' THEN 'buyer_id'
    WHEN 'AWARDED_TO' THEN 'supplier_id' ELSE 'approver_id' END AS column
  WITH n, row, old, target, column, row[column] AS given
  WHERE given <> target.id OR (given IS NULL AND column IN row._clear)
  // The replaced tie is a change in the history (old and new target), with the tie's own
  // properties as they were: what `guanxi runs undo` puts back.
  CREATE (h:History {entity_id: startNode(old).id, other_id: endNode(old).id,
    rel_type: type(old), at: $now, run: $run, by: $by, file: $file, line: row._line,
    replaced: true, keys: [column], old: [target.id], new: [coalesce(given, '')],
    was_keys: keys(old)})
  FOREACH (k IN keys(old) | SET h['was.' + k] = old[k])
  DELETE old
}
CALL (n, row) {
  MATCH (buyer:Org {id: row.buyer_id})
  MERGE (n)-[r:AWARDED_BY]->(buyer)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.supplier_id IS NOT NULL
  MATCH (supplier:Entity {id: row.supplier_id})
  MERGE (n)-[r:AWARDED_TO]->(supplier)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.approver_id IS NOT NULL
  MATCH (approver:Person {id: row.approver_id})
  MERGE (n)-[r:APPROVED_BY]->(approver)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
