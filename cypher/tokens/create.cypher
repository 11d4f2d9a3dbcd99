// Store a new API token: only its SHA-256 hash, never the token. A taken name (a revoked
// token's too, so that the audit log's names stay unambiguous) creates nothing and returns
// no row; the uniqueness constraint on the name catches two creations racing. $scope is the
// list of org ids the token is bound to, or null (it sees everything).
OPTIONAL MATCH (old:ApiToken {name: $name})
WITH old WHERE old IS NULL
CREATE (t:ApiToken {id: $id, name: $name, role: $role, hash: $hash,
                    created_at: $now, created_by: $by, expires_at: $expires_at,
                    scope: $scope})
RETURN t.id AS id, t.name AS name, t.role AS role, t.scope AS scope,
       t.created_at.epochMillis AS created_ms, t.created_by AS created_by,
       t.expires_at.epochMillis AS expires_ms, null AS revoked_ms, null AS revoked_by
