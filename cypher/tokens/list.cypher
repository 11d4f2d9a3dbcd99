// Every token, oldest first: never its hash.
MATCH (t:ApiToken)
RETURN t.id AS id, t.name AS name, t.role AS role, t.scope AS scope,
       t.created_at.epochMillis AS created_ms, t.created_by AS created_by,
       t.expires_at.epochMillis AS expires_ms, t.revoked_at.epochMillis AS revoked_ms,
       t.revoked_by AS revoked_by
ORDER BY t.created_at, t.name
