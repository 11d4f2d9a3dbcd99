// Append a batch of audit entries (who read or changed what) as one node: the entries are JSON
// objects in the order they were queued, `first_at`/`last_at` bound their times. One node per
// batch rather than per entry: under load the service audits tens of thousands of requests a
// second, which Neo4j writes about ten times faster this way. Never updated, never deleted
// by guanxi.
CREATE (:AuditBatch {first_at: $first_at, last_at: $last_at, size: size($entries),
                     entries: $entries})
