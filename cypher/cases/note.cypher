// Append a dated note (JSON: at, by, text) to a case's log.
MATCH (c:Case {id: $id})
SET c.notes = coalesce(c.notes, []) + [$entry], c.updated_at = $now, c.updated_by = $by
RETURN size(c.notes) AS notes
