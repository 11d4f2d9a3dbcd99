// `guanxi runs undo`, second step, a bounded batch at a time: the relationships load run
// $run created (`first_load_run`), then the entities it created, with their relationships.
// Each removal is a change in the history (`run` $undo, `undo_of` $run): the removed
// record's properties, old values as text, new empty. Provenance is left out of it: the
// record's `first_load_run` says where it came from.

// The relationships, found in one pass over all of them; each batch then finds its own
// from their start nodes ($ids: `<start node's element id> <relationship's element id>`;
// relationships have no element-id seek that the planner uses).
MATCH (a)-[r]->()
WHERE r.first_load_run = $run
RETURN elementId(a) + ' ' + elementId(r) AS id, false AS rel, 0 AS line;

UNWIND $ids AS created
WITH split(created, ' ') AS ids
MATCH (a)
WHERE elementId(a) = ids[0]
CALL (a, ids) {
  MATCH (a)-[r]->(b)
  WHERE elementId(r) = ids[1]
  RETURN r, b
}
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

// The entities, until none is left (each batch finds the rest by the index).
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
