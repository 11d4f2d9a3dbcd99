// `guanxi runs undo`, second step, a bounded batch at a time (run each statement until it
// returns 0): the relationships load run $run created (`first_load_run`), then the entities
// it created, with their relationships. Each removal is a change in the history (`run`
// $undo, `undo_of` $run): the removed record's properties, old values as text, new empty.
// Provenance is left out of it: the record's `first_load_run` says where it came from.
MATCH (a)-[r]->(b)
WHERE r.first_load_run = $run
WITH a, r, b LIMIT 5000
WITH a, r, b, [k IN keys(r) WHERE NOT k IN ['row_hash', 'source_file', 'source_line',
  'load_run', 'loaded_at', 'sources', 'first_load_run']] AS gone
CALL (a, r, b, gone) {
  WITH a, r, b, gone WHERE a:Entity AND b:Entity
  CREATE (:History {entity_id: a.id, other_id: b.id, rel_type: type(r), at: $now, run: $undo,
    undo_of: $run, by: $by, file: 'undo:' + $run, line: coalesce(r.source_line, 0),
    keys: ['(removed)'] + gone, old: [$run] + [k IN gone | coalesce(toString(r[k]), '')],
    new: [''] + [k IN gone | '']})
}
DELETE r
RETURN count(*) AS deleted;

MATCH (n:Entity {first_load_run: $run})
WITH n LIMIT 2000
WITH n, [k IN keys(n) WHERE NOT k IN ['row_hash', 'source_file', 'source_line', 'load_run',
  'loaded_at', 'sources', 'first_load_run', 'unresolved', 'scope_orgs']] AS gone
CREATE (:History {entity_id: n.id, at: $now, run: $undo, undo_of: $run, by: $by,
  file: 'undo:' + $run, line: coalesce(n.source_line, 0),
  keys: ['(removed)'] + gone, old: [$run] + [k IN gone | coalesce(toString(n[k]), '')],
  new: [''] + [k IN gone | '']})
DETACH DELETE n
RETURN count(*) AS deleted
