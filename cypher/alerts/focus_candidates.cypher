// The alerts of one pattern that a focused scan may retire: not raised again by this scan,
// of a status scans retire, and naming one of the focus ids among their subjects (CONCERNS)
// or, as text, in their evidence (a coarse filter: crate::scan::alerts::retire reads the
// evidence to keep only those whose evidence nodes name a focus id).
MATCH (a:Alert)
WHERE a.pattern = $pattern AND a.status IN $retirable
  AND coalesce(a.last_scan, '') <> $scan
  AND (EXISTS { MATCH (a)-[:CONCERNS]->(e) WHERE e.id IN $focus }
       OR any(focus_id IN $focus WHERE a.evidence CONTAINS focus_id))
RETURN a.id AS id, a.subjects AS subjects, a.evidence AS evidence
