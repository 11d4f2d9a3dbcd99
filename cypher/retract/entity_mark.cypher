// Retracts an entity, softly: the node stays (with its properties, for the history) but loses
// `:Entity` and its kind labels and becomes :Retracted, the old labels kept in
// `retracted_labels`, so that no labelled query (patterns, search, pages, scope, identity)
// finds it. Its own :History entry says so. Parameters: $id, $retraction, $by, $reason, $now.
// Returns its old labels (no row: no such entity, nothing changed).
MATCH (n:Entity {id: $id})
WITH n, labels(n) AS old
SET n:Retracted, n.retracted_labels = old, n.retraction = $retraction
REMOVE n:Entity:Person:Official:Org:Company:Contract:Payment:Tip
CREATE (:History {entity_id: n.id, at: $now, run: $retraction, by: $by, reason: $reason,
  file: 'retraction', line: 0, keys: ['labels'],
  old: [reduce(s = '', l IN old | s + ':' + l)], new: [':Retracted']})
RETURN old
