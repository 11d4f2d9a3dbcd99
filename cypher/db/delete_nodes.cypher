// `guanxi db reset --all` and the test suite's wipe, then the nodes, a bounded batch at a time
// (their relationships are already gone, so `DETACH` stays small): every node.
MATCH (n)
WITH n LIMIT 10000
DETACH DELETE n
RETURN count(*) AS deleted
