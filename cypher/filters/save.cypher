// Saves an inbox filter for its owner ($params: the whitelisted query parameters as JSON);
// a filter of the same owner and name is replaced (its id kept).
MERGE (f:SavedFilter {owner: $owner, name: $name})
ON CREATE SET f.id = $id, f.created_at = $now
SET f.params = $params, f.updated_at = $now
RETURN f.id AS id, f.name AS name, f.params AS params, f.created_at AS created_at
