// Write possible identity links for a person to confirm or reject. A decision already taken
// (status confirmed or rejected) is kept; score and reason are refreshed.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})
MATCH (b:Person {id: pair.b})
MERGE (a)-[r:POSSIBLY_SAME_AS]->(b)
ON CREATE SET r.status = 'pending', r.created_run = $run, r.created_at = $now
SET r.score = pair.score, r.reason = pair.reason, r.updated_run = $run
RETURN count(r) AS links;
