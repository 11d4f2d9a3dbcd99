// The columns of a whole alert, appended to each selection of alerts (list.cypher,
// of_scan.cypher, get.cypher) by crate::scan::alerts::read; its rows are read by one function.
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.facts AS facts,
       a.evidence AS evidence, a.status AS status, toString(a.first_seen) AS first_seen,
       toString(a.last_seen) AS last_seen, a.history AS history,
       toString(a.retired_at) AS retired_at, a.retired_scan AS retired_scan,
       [(a)<-[:INCLUDES]-(k:Case) | k.id] AS cases
