// The name and role behind a token hash.
MATCH (t:ApiToken {hash: $hash})
RETURN t.name AS name, t.role AS role
