// Stored alerts, optionally only some patterns' or one status (columns: columns.cypher;
// sorted by the caller, most severe first).
MATCH (a:Alert)
WHERE ($patterns IS NULL OR a.pattern IN $patterns) AND ($status IS NULL OR a.status = $status)
