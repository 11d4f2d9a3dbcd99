// Region scope: stores the fingerprint (fingerprint.cypher) a whole pass followed, so that
// a scan after it knows whether a load or ingest ran since.
MERGE (s:ScopeState {id: 'region-scope'})
SET s.fingerprint = $fingerprint, s.marked_at = datetime()
