// One possible identity link between two records, whichever way it is stored, shown in its
// stored direction (the record columns come from columns.cypher).
MATCH (:Person {id: $a})-[r:POSSIBLY_SAME_AS]-(:Person {id: $b})
WITH startNode(r) AS a, r, endNode(r) AS b
