// Records a scan that starts now (called while holding the scan lock). A scheduled scan's id
// names its occurrence, so a replica that wakes late finds it done and does not scan again.
OPTIONAL MATCH (existing:ScanRun {id: $id})
WITH existing IS NULL AS fresh
CALL (fresh) {
  WITH fresh
  WHERE fresh
  CREATE (:ScanRun {id: $id, status: 'running', trigger: $trigger,
                    requested_by: $requested_by, patterns: $patterns, as_of: $as_of,
                    started_at: datetime(), phase: 'starting', patterns_done: 0,
                    patterns_total: $patterns_total, alerts: 0, kin: 0})
}
RETURN fresh AS created
