// Revoke a token by id: it stops working at once; its hash is dropped (nothing can match it
// again) and its name stays taken. No row if it is already revoked.
MATCH (t:ApiToken {id: $id})
WHERE t.revoked_at IS NULL
SET t.revoked_at = $now, t.revoked_by = $by
REMOVE t.hash
RETURN t.id AS id
