// The alerts one scan retired (for `guanxi scan` to mark them; columns: columns.cypher).
MATCH (a:Alert)
WHERE a.retired_scan = $scan AND a.status = $retired
