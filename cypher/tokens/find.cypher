// The holder behind a token hash, if the token is neither revoked nor expired.
MATCH (t:ApiToken {hash: $hash})
WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $now)
RETURN t.name AS name, t.role AS role, t.scope AS scope, t.expires_at.epochMillis AS expires_ms
