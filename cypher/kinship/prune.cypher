// Removes derived kinship that no longer holds (a tie corrected or removed).
UNWIND $pairs AS pair
MATCH (:Person {id: pair.official})-[k:KIN]->(:Person {id: pair.relative})
DELETE k
