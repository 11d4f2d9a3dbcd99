// `guanxi db backup|restore`: nodes per label, for the backup's manifest and the check after a
// restore (one count-store lookup per label, so constant time on any graph).
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS count
}
WITH label, count
WHERE count > 0
RETURN label AS name, count
ORDER BY name
