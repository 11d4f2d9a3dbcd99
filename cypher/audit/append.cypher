// Append a batch of audit entries (who read or changed what) as one node: the entries are JSON
// objects in the order they were queued, `first_at`/`last_at` bound their times. One node per
// batch rather than per entry: under load the service audits tens of thousands of requests a
// second, which Neo4j writes about ten times faster this way. Each batch is a link of the
// chain: its sequence number, the previous batch's hash and its own (see `audit::chain`); the
// head moves to it in the same transaction that locked the head (head_lock.cypher). Never
// updated, never deleted by guanxi (`db reset` keeps it unless --all).
CREATE (:AuditBatch {id: $id, seq: $seq, prev_hash: $prev_hash, hash: $hash,
                     first_at: $first_at, last_at: $last_at, size: size($entries),
                     entries: $entries})
WITH 1 AS done
MATCH (h:AuditHead {id: 'audit'})
SET h.seq = $seq, h.hash = $hash
REMOVE h.locked_at
