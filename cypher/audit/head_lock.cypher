// Takes the audit chain's head for one append: the single :AuditHead node is written first
// (`locked_at`), which holds its write lock until the transaction ends, so appends from any
// number of service instances and CLI commands line up one after another and never fork the
// chain. Returns the head's sequence number and hash (read under the lock) and whether the
// batch $id is already stored (a retry or replay after a write that did commit).
MERGE (h:AuditHead {id: 'audit'})
  ON CREATE SET h.seq = 0, h.hash = ''
SET h.locked_at = datetime()
WITH h
OPTIONAL MATCH (b:AuditBatch {id: $id})
RETURN h.seq AS seq, h.hash AS hash, b IS NOT NULL AS stored
