// Move a case to a new status if it still stands where the caller read it ($from), keeping
// the change (JSON: at, by, from, status, disposition) in its history. No row: it moved
// meanwhile.
MATCH (c:Case {id: $id})
WHERE c.status = $from
SET c.status = $status, c.disposition = $disposition,
    c.history = coalesce(c.history, []) + [$entry], c.updated_at = $now, c.updated_by = $by
RETURN c.status AS status
