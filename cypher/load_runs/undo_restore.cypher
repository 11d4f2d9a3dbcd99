// `guanxi runs undo`, first step: every change load run $run made to an entity or a
// relationship that existed before it gets its old values back, typed as they were (the `was.<key>` properties the
// upserts keep; a change recorded before they existed falls back to its text), with the old
// provenance (`row_hash` too, so that reloading the run's files writes them again). Newest
// line first: when one run changed a record twice, its first change's old values win. The
// change is marked `undone_by` $undo, and the undo is a change of its own in the history
// (`run` $undo, `undo_of` $run, old and new swapped). Records the run created are removed
// by the next steps, not restored.

// The changes still to undo, read once (each batch then finds its own by element id, so
// that the time grows with the run's size, not with its square); sorted by the caller.
MATCH (h:History {run: $run})
WHERE h.undone_by IS NULL
RETURN elementId(h) AS id, h.rel_type IS NOT NULL AS rel, h.line AS line;

// Then the changes of entities, a bounded batch of them ($ids, in that order) at a time.
UNWIND $ids AS change
MATCH (h:History)
WHERE elementId(h) = change AND h.undone_by IS NULL AND h.rel_type IS NULL
SET h.undone_by = $undo
WITH h
OPTIONAL MATCH (n:Entity {id: h.entity_id})
CALL (h, n) {
  WITH h, n WHERE n IS NOT NULL AND coalesce(n.first_load_run, '') <> $run
  WITH h, n, h['was.row_hash'] IS NOT NULL AS typed
  FOREACH (i IN range(0, size(h.keys) - 1) |
    SET n[h.keys[i]] = CASE WHEN typed THEN h['was.' + h.keys[i]]
                            WHEN h.old[i] = '' THEN null ELSE h.old[i] END)
  FOREACH (k IN CASE WHEN typed THEN ['row_hash', 'source_file', 'source_line', 'load_run',
      'loaded_at', 'sources'] ELSE [] END | SET n[k] = h['was.' + k])
  // Restored people and companies go through identity resolution again.
  FOREACH (_ IN CASE WHEN n:Person OR n:Company THEN [1] ELSE [] END | SET n.unresolved = true)
  CREATE (:History {entity_id: n.id, at: $now, run: $undo, undo_of: $run, by: $by,
    file: 'undo:' + $run, line: h.line, keys: h.keys, old: h.new, new: h.old})
}
RETURN count(h) AS deleted;

// And those of relationships, the same way.
UNWIND $ids AS change
MATCH (h:History)
WHERE elementId(h) = change AND h.undone_by IS NULL AND h.rel_type IS NOT NULL
SET h.undone_by = $undo
WITH h
CALL (h) {
  WITH h WHERE NOT coalesce(h.replaced, false)
  MATCH (a:Entity {id: h.entity_id})-[r]->(b:Entity)
  WHERE b.id = h.other_id AND type(r) = h.rel_type AND coalesce(r.first_load_run, '') <> $run
    AND all(i IN range(0, size(h.keys) - 1) WHERE coalesce(toString(r[h.keys[i]]), '') = h.new[i])
  WITH h, r, a, b, h['was.row_hash'] IS NOT NULL AS typed
  LIMIT 1
  FOREACH (i IN range(0, size(h.keys) - 1) |
    SET r[h.keys[i]] = CASE WHEN typed THEN h['was.' + h.keys[i]]
                            WHEN h.old[i] = '' THEN null ELSE h.old[i] END)
  FOREACH (k IN CASE WHEN typed THEN ['row_hash', 'source_file', 'source_line', 'load_run',
      'loaded_at', 'sources'] ELSE [] END | SET r[k] = h['was.' + k])
  CREATE (:History {entity_id: a.id, other_id: b.id, rel_type: type(r), at: $now, run: $undo,
    undo_of: $run, by: $by, file: 'undo:' + $run, line: h.line, keys: h.keys, old: h.new,
    new: h.old})
}
CALL (h) {
  // A tie the run replaced through a reference column (a contract's supplier, a payment's
  // payer, ...): put back as it was (the run's own tie is removed with what it created).
  // Only the reference types the upserts replace, so the type written is never other text.
  WITH h WHERE h.replaced AND h.rel_type IN ['OWNED_BY', 'PART_OF', 'NAMES', 'AWARDED_BY',
    'AWARDED_TO', 'APPROVED_BY', 'PAID', 'PAID_TO', 'HANDLED_BY', 'SETTLES']
  MATCH (a:Entity {id: h.entity_id})
  MATCH (b:Entity {id: h.other_id})
  // CREATE, not MERGE (with a dynamic type MERGE plans as a scan of all relationships):
  // each entry is restored once (`undone_by`), and no later run changed these records.
  CREATE (a)-[r:$(h.rel_type)]->(b)
  FOREACH (k IN coalesce(h.was_keys, []) | SET r[k] = h['was.' + k])
  CREATE (:History {entity_id: a.id, other_id: b.id, rel_type: h.rel_type, at: $now, run: $undo,
    undo_of: $run, by: $by, file: 'undo:' + $run, line: h.line, keys: h.keys, old: h.new,
    new: h.old})
}
RETURN count(h) AS deleted
