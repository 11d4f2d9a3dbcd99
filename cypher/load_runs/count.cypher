// How many load runs there are (the total of GET /api/loads).
MATCH (r:LoadRun)
WHERE r.started_at IS NOT NULL
RETURN count(r) AS total
