// Region scope: what a whole pass follows besides kinship, as a fingerprint of the loads and
// ingests so far (each writes a LoadRun: how many, and the latest start or finish), with the
// fingerprint the last whole pass stored (null when none ran since the graph was emptied).
CALL () {
  MATCH (r:LoadRun)
  RETURN count(r) AS runs, max(coalesce(r.finished_at, r.started_at)) AS latest
}
OPTIONAL MATCH (s:ScopeState {id: 'region-scope'})
RETURN toString(runs) + '|' + coalesce(toString(latest), '') AS now, s.fingerprint AS marked
