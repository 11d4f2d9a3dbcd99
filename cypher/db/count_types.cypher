// `guanxi db backup|restore`: relationships per type, for the backup's manifest and the check
// after a restore (one count-store lookup per type).
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) {
  MATCH ()-[r:$(type)]->()
  RETURN count(r) AS count
}
WITH type, count
WHERE count > 0
RETURN type AS name, count
ORDER BY name
