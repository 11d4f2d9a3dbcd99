// `guanxi db reset --all` and the test suite's wipe, relationships first, a bounded batch at a
// time (run until it deletes nothing): every relationship.
MATCH ()-[r]->()
WITH r LIMIT 20000
DELETE r
RETURN count(*) AS deleted
