// The change history of an entity, newest first: changes of its own properties
// (entity_id) and of the relationships it starts or ends (entity_id / other_id).
// Parameters: $id, $offset, $limit.
CALL () {
  MATCH (h:History {entity_id: $id})
  RETURN h
  UNION
  MATCH (h:History {other_id: $id})
  RETURN h
}
WITH h
ORDER BY h.at DESC, h.run DESC, h.line DESC
SKIP $offset
LIMIT $limit
RETURN h.entity_id AS entity_id, h.other_id AS other_id, h.rel_type AS rel_type,
       toString(h.at) AS at, h.run AS run, h.by AS by, h.file AS file, h.line AS line,
       h.keys AS keys, h.old AS old, h.new AS new, h.reason AS reason
