// Identity resolution run $run has seen these records: they are resolved.
MATCH (n:Person)
WHERE n.unresolved = $run
REMOVE n.unresolved;

MATCH (n:Company)
WHERE n.unresolved = $run
REMOVE n.unresolved;
