// The saved inbox filters of one token owner ($owner: the token's name), oldest first.
MATCH (f:SavedFilter {owner: $owner})
RETURN f.id AS id, f.name AS name, f.params AS params, f.created_at AS created_at
ORDER BY f.created_at, f.id
