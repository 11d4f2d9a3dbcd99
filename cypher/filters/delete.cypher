// Deletes one saved filter of its owner; another owner's filter is left alone (and counted
// as absent).
MATCH (f:SavedFilter {id: $id, owner: $owner})
DELETE f
RETURN count(*) AS deleted
