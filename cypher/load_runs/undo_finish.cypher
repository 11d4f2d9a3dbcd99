// `guanxi runs undo`, last steps. First: a person keeps the :Official label only while a
// post (`HOLDS_POST`) says so (the positions upsert sets it; an undo may remove the post).
MATCH (p:Official)
WHERE NOT (p)-[:HOLDS_POST]->()
REMOVE p:Official;

// Then load run $run is marked undone: when, by whom, by which undo, and the status it had
// (once: of two undos that raced, the first to get here is the one recorded).
MATCH (r:LoadRun {id: $run})
WHERE coalesce(r.status, '') <> 'undone'
SET r.status_before_undo = r.status, r.status = 'undone', r.undone_at = $now,
    r.undone_by = $by, r.undo_id = $undo
