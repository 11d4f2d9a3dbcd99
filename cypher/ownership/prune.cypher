// Removes derived holdings that no longer hold (a role corrected, ended or removed).
UNWIND $pairs AS pair
MATCH (:Entity {id: pair.holder})-[b:BEHIND]->(:Entity {id: pair.company})
DELETE b
