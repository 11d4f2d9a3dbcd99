// The tombstone of a retraction: what was retracted (kind and keys), when, by whom and why,
// and how many relationships it removed. The loaders read these to skip rows that assert a
// retracted fact again. Parameters: $id, $kind, $keys, $reason, $by, $now, $removed.
CREATE (r:Retraction {id: $id, kind: $kind, keys: $keys, reason: $reason, by: $by,
  at: $now, removed: $removed})
RETURN r.id AS id
