// Rotate a token by id: a new hash replaces the old one (the old secret stops working at
// once); name, role and expiry stay. No row if it is revoked.
MATCH (t:ApiToken {id: $id})
WHERE t.revoked_at IS NULL
SET t.hash = $hash, t.rotated_at = $now, t.rotated_by = $by
RETURN t.id AS id
