// Store an API token: only its SHA-256 hash, never the token. Creating a token for an
// existing name replaces it (rotation).
MERGE (t:ApiToken {name: $name})
SET t.role = $role, t.hash = $hash, t.created_at = $now
