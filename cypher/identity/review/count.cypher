// How many possible identity links have one review status.
MATCH ()-[r:POSSIBLY_SAME_AS]->()
WHERE r.status = $status
RETURN count(r) AS total
