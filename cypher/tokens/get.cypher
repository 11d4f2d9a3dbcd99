// One token by id or by name (the id wins if a name happens to equal another token's id).
CALL {
  MATCH (t:ApiToken {id: $key}) RETURN t
  UNION
  MATCH (t:ApiToken {name: $key}) RETURN t
}
WITH t ORDER BY t.id = $key DESC LIMIT 1
RETURN t.id AS id, t.name AS name, t.role AS role, t.scope AS scope,
       t.created_at.epochMillis AS created_ms, t.created_by AS created_by,
       t.expires_at.epochMillis AS expires_ms, t.revoked_at.epochMillis AS revoked_ms,
       t.revoked_by AS revoked_by
