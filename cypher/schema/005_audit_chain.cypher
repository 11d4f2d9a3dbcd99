// The audit chain: one head node (appends lock it, so concurrent writers line up), batches
// found by id (a retried or replayed batch is stored once) and at most one batch per position
// (two writers can never both store position N: the chain cannot fork, even by a bug).
CREATE CONSTRAINT audit_head_id IF NOT EXISTS
  FOR (n:AuditHead) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT audit_batch_id IF NOT EXISTS
  FOR (n:AuditBatch) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT audit_batch_seq IF NOT EXISTS
  FOR (n:AuditBatch) REQUIRE n.seq IS UNIQUE;
