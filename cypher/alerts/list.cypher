// Stored alerts, optionally only some patterns' or one status, most severe first.
MATCH (a:Alert)
WHERE ($patterns IS NULL OR a.pattern IN $patterns) AND ($status IS NULL OR a.status = $status)
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.facts AS facts,
       a.evidence AS evidence, a.status AS status, toString(a.first_seen) AS first_seen,
       toString(a.last_seen) AS last_seen, a.history AS history
ORDER BY CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.pattern, a.id
