// Removes kinship derived by earlier scans that this scan did not derive again.
MATCH ()-[r:KIN]->()
WHERE r.derived_by <> $scan
WITH r LIMIT 10000
DELETE r
RETURN count(*) AS deleted
