// Retire the alerts of one pattern whose finding no longer holds: after the scan $scan ran
// the pattern, every alert of it that this scan did not raise again (last_scan) and whose
// status a scan retires ($retirable) becomes 'retired', with when, which scan, and an
// entry in its history ($entries: the entry per previous status). A whole scan passes
// $ids = null (every such alert of the pattern); a focused scan passes the ids it proved
// no longer hold (crate::scan::alerts::retire).
MATCH (a:Alert)
WHERE a.pattern = $pattern AND a.status IN $retirable
  AND coalesce(a.last_scan, '') <> $scan
  AND ($ids IS NULL OR a.id IN $ids)
SET a.history = coalesce(a.history, []) + [$entries[a.status]],
    a.status = $retired, a.retired_at = $now, a.retired_scan = $scan, a.updated_at = $now
RETURN count(a) AS retired
