// Load runs are listed newest first (guanxi runs list, GET /api/loads).
CREATE INDEX load_run_started_at IF NOT EXISTS FOR (n:LoadRun) ON (n.started_at);

// Records no identity resolution has seen yet (a load that died before resolving): every
// load and ingest finds them by this property, whichever run wrote them.
CREATE INDEX person_unresolved IF NOT EXISTS FOR (n:Person) ON (n.unresolved);
CREATE INDEX company_unresolved IF NOT EXISTS FOR (n:Company) ON (n.unresolved);
