// Stored alerts, optionally only some patterns' or one status (columns: columns.cypher;
// sorted by the caller, most severe first). Without a status, retired alerts ($retired) are
// left out: their finding no longer holds.
MATCH (a:Alert)
WHERE ($patterns IS NULL OR a.pattern IN $patterns)
  AND CASE WHEN $status IS NULL THEN a.status <> $retired ELSE a.status = $status END
