// `guanxi runs undo`: the records a later run touched that load run $run touched too. Walked
// from what came later, usually much less than what the run wrote: every later change in
// the history (not an undo's, `undo_of`; not a run that was itself undone; a change by
// something that is not a load run, such as a retraction, counts), and every record and
// relationship whose `load_run` is a later load run that was not undone (a relationship
// counts for both ends). $run touched a record when it created it (`first_load_run`), last
// wrote it (`load_run`), changed it or a relationship at it (history), or wrote a
// relationship at it.
MATCH (run:LoadRun {id: $run})
CALL (run) {
  MATCH (h:History)
  WHERE h.at > run.started_at AND h.run <> $run AND h.undo_of IS NULL
    AND NOT EXISTS { MATCH (:LoadRun {id: h.run, status: 'undone'}) }
  UNWIND [h.entity_id, h.other_id] AS id
  RETURN h.run AS later, id
  UNION
  MATCH (s:LoadRun)
  WHERE s.started_at > run.started_at AND coalesce(s.status, '') <> 'undone'
  CALL (s) {
    MATCH (n:Entity {load_run: s.id})
    RETURN n.id AS id
    UNION
    MATCH (a)-[r]->(b)
    WHERE r.load_run = s.id
    UNWIND [a.id, b.id] AS id
    RETURN id
  }
  RETURN s.id AS later, id
}
WITH later, id
WHERE id IS NOT NULL
MATCH (n:Entity {id: id})
WHERE n.first_load_run = $run OR n.load_run = $run
   OR EXISTS { MATCH (h:History {entity_id: n.id}) WHERE h.run = $run }
   OR EXISTS { MATCH (h:History {other_id: n.id}) WHERE h.run = $run }
   OR EXISTS { MATCH (n)-[r]-() WHERE r.load_run = $run OR r.first_load_run = $run }
WITH collect(DISTINCT later) AS runs, collect(DISTINCT n.id) AS ids
RETURN runs[..10] AS runs, ids[..10] AS ids, size(ids) AS records
