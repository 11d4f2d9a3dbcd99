// Change an alert's status, keeping who, when and why in its history.
MATCH (a:Alert {id: $id})
WITH a, a.status AS previous
SET a.status = $status, a.history = coalesce(a.history, []) + [$entry], a.updated_at = $now
RETURN previous
