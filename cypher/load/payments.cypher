// Upsert a batch of payments: (payer)-[:PAID]->(payment)-[:PAID_TO]->(payee), the payment
// HANDLED_BY who collected it and SETTLES the contract it pays for.
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
SET n:Payment, n += row._props,
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
  // Payer and payee are always given; the handler and the contract are replaced only when
  // the row gives another one or clears them.
  MATCH (n)-[old:PAID_TO|HANDLED_BY|SETTLES]->(target)
  WITH n, row, old, target, CASE type(old) WHEN 'PAID_TO' THEN 'payee_id'
    WHEN 'HANDLED_BY' THEN 'handler_id' ELSE 'contract_id' END AS column
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
  MATCH (target)-[old:PAID]->(n)
  WITH n, row, old, target, 'payer_id' AS column, row.payer_id AS given
  WHERE given <> target.id
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
  MATCH (payer:Entity {id: row.payer_id})
  MERGE (payer)-[r:PAID]->(n)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  MATCH (payee:Entity {id: row.payee_id})
  MERGE (n)-[r:PAID_TO]->(payee)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.handler_id IS NOT NULL
  MATCH (handler:Person {id: row.handler_id})
  MERGE (n)-[r:HANDLED_BY]->(handler)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
CALL (n, row) {
  WITH n, row WHERE row.contract_id IS NOT NULL
  MATCH (contract:Contract {id: row.contract_id})
  MERGE (n)-[r:SETTLES]->(contract)
  ON CREATE SET r.first_load_run = $run, r.source_file = $file, r.source_line = row._line,
    r.load_run = $run, r.loaded_at = $now
}
