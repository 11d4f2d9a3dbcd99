// Takes the scan lock for $owner when it is free, expired, or $owner's already. Setting a
// property first takes the node's write lock, so the check below reads the latest committed
// holder and two replicas cannot both find the lock free. Times come from the database's
// clock, the one clock every replica shares. Taking over an expired lock marks the dead
// holder's run as failed.
MERGE (l:ScanLock {name: 'scan'})
SET l.write_lock = true
REMOVE l.write_lock
WITH l, l.owner AS previous, l.expires_at AS previous_expires,
     (l.owner IS NULL OR l.owner = $owner OR l.expires_at IS NULL
      OR l.expires_at < datetime()) AS free
CALL (l, free) {
  WITH l, free
  WHERE free
  SET l.owner = $owner, l.acquired_at = datetime(),
      l.expires_at = datetime() + duration({seconds: $ttl})
}
CALL (previous, free) {
  WITH previous, free
  WHERE free AND previous IS NOT NULL AND previous <> $owner
  MATCH (r:ScanRun {id: previous})
  WHERE r.status = 'running'
  SET r.status = 'failed', r.finished_at = datetime(),
      r.error = 'abandoned: the replica running it stopped renewing the scan lock'
}
RETURN free AS acquired,
       CASE WHEN free THEN null ELSE previous END AS holder,
       CASE WHEN free THEN null ELSE toString(previous_expires) END AS holder_expires
