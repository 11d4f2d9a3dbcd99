// A load or an ingest that starts: status `running`, who started it, from where, which
// files. Its heartbeat is renewed while it runs (heartbeat.cypher), so that a run left
// `running` by a process that died is listed as `interrupted` once its heartbeat is old
// (list.cypher). cypher/load/load_run.cypher adds the summary at the end.
CREATE (r:LoadRun {id: $run})
SET r.started_at = $now, r.heartbeat_at = $now, r.dir = $dir, r.kind = $kind, r.by = $by,
    r.files = $files, r.status = 'running'
