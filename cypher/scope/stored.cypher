// The region scopes stored now: every entity and alert that has one, with its `scope_orgs`
// (compared by crate::scope with what they should be, so that only changes are written).
CALL () {
  MATCH (n:Entity) WHERE n.scope_orgs IS NOT NULL
  RETURN n.id AS id, n.scope_orgs AS orgs, false AS alert
  UNION ALL
  MATCH (n:Alert) WHERE n.scope_orgs IS NOT NULL
  RETURN n.id AS id, n.scope_orgs AS orgs, true AS alert
}
RETURN id, orgs, alert
