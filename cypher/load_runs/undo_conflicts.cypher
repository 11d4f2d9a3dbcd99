// `guanxi runs undo`: the records load run $run touched (changed, created, or at an end of a
// relationship it wrote) that a later run touched too: a later change in the history, a
// later `load_run` on the record or on one of its relationships. A later run that was
// itself undone does not count, nor does the history an undo wrote (`undo_of`); a change
// by something that is not a load run (a retraction) counts when it is later. The records
// are looked at only when something happened after the run (two index lookups): undoing
// the latest run does not walk what it touched.
MATCH (run:LoadRun {id: $run})
WHERE EXISTS { MATCH (s:LoadRun) WHERE s.started_at > run.started_at AND coalesce(s.status, '') <> 'undone' }
   OR EXISTS { MATCH (h:History) WHERE h.at > run.started_at AND h.run <> $run AND h.undo_of IS NULL }
CALL (run) {
  MATCH (h:History {run: $run})
  UNWIND [h.entity_id, h.other_id] AS id
  RETURN id
  UNION
  MATCH (n:Entity {load_run: $run})
  RETURN n.id AS id
  UNION
  MATCH (n:Entity {first_load_run: $run})
  RETURN n.id AS id
  UNION
  MATCH (a)-[r]->(b)
  WHERE r.load_run = $run OR r.first_load_run = $run
  UNWIND [a.id, b.id] AS id
  RETURN id
}
WITH DISTINCT run, id
WHERE id IS NOT NULL
MATCH (n:Entity {id: id})
CALL (run, n) {
  MATCH (h:History {entity_id: n.id})
  WHERE h.run <> $run AND h.undo_of IS NULL AND h.at > run.started_at
  RETURN h.run AS later, true AS dated
  UNION
  MATCH (h:History {other_id: n.id})
  WHERE h.run <> $run AND h.undo_of IS NULL AND h.at > run.started_at
  RETURN h.run AS later, true AS dated
  UNION
  WITH n WHERE n.load_run <> $run
  RETURN n.load_run AS later, false AS dated
  UNION
  MATCH (n)-[r]-()
  WHERE r.load_run <> $run
  RETURN DISTINCT r.load_run AS later, false AS dated
}
OPTIONAL MATCH (s:LoadRun {id: later})
WITH run, n, later, dated, s
WHERE coalesce(s.status, '') <> 'undone'
  AND CASE WHEN s IS NULL THEN dated ELSE s.started_at > run.started_at END
WITH collect(DISTINCT later) AS runs, collect(DISTINCT n.id) AS ids
RETURN runs[..10] AS runs, ids[..10] AS ids, size(ids) AS records
