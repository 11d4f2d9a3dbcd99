// Region scope, the org-rooted part (docs/model.md, "Region scope"): for every org, the
// entities a token scoped to that org or to any org above it sees, each with the ids of
// those orgs (the org and every org it is PART_OF), as one list per org that reached it.
// Read by crate::scope, which adds the tips and alerts, compares with the stored
// `scope_orgs` and writes only what changed. $orgs: the org ids of one batch (crate::scope
// asks for a few dozen orgs at a time, so that one transaction's memory stays bounded on a
// city with the default heap); null for every org.
MATCH (o:Org)
WHERE $orgs IS NULL OR o.id IN $orgs
WITH o, COLLECT { MATCH (o)-[:PART_OF*0..]->(up:Org) RETURN DISTINCT up.id } AS orgs
CALL (o) {
  RETURN o AS n
  UNION
  // Officials of the org, their derived kin (both directions) and primitive family ties.
  MATCH (n:Person)-[:HOLDS_POST]->(o)
  RETURN n
  UNION
  MATCH (official:Person)-[:HOLDS_POST]->(o)
  WITH DISTINCT official
  MATCH (official)-[:KIN|PARENT_OF|SPOUSE_OF|SIBLING_OF]-(n:Person)
  RETURN n
  UNION
  MATCH (n:Contract)-[:AWARDED_BY]->(o)
  RETURN n
  UNION
  MATCH (o)-[:PAID]->(n:Payment)
  RETURN n
  UNION
  MATCH (n:Payment)-[:PAID_TO]->(o)
  RETURN n
  UNION
  MATCH (n:Payment)-[:SETTLES]->(:Contract)-[:AWARDED_BY]->(o)
  RETURN n
  UNION
  MATCH (n:Company)-[:OWNED_BY]->(o)
  RETURN n
  UNION
  // Counterparties of its contracts (winners, bidders, approvers) and payments (payers,
  // payees, handlers), and the people and companies standing in them (ROLE_IN).
  CALL (o) {
    MATCH (c:Contract)-[:AWARDED_BY]->(o)
    MATCH (c)-[:AWARDED_TO|APPROVED_BY]->(x:Entity)
    RETURN x
    UNION
    MATCH (c:Contract)-[:AWARDED_BY]->(o)
    MATCH (x:Entity)-[:BID_ON]->(c)
    RETURN x
    UNION
    CALL (o) {
      MATCH (o)-[:PAID]->(pay:Payment) RETURN pay
      UNION
      MATCH (pay:Payment)-[:PAID_TO]->(o) RETURN pay
      UNION
      MATCH (pay:Payment)-[:SETTLES]->(:Contract)-[:AWARDED_BY]->(o) RETURN pay
    }
    MATCH (pay)-[:PAID|PAID_TO|HANDLED_BY]-(x:Entity)
    RETURN x
  }
  CALL (x) {
    RETURN x AS m
    UNION
    MATCH (m:Entity)-[:ROLE_IN]->(x)
    RETURN m
  }
  RETURN m AS n
}
// One row per entity with the org lists of every org that reached it; crate::scope merges
// them into one sorted list (grouping here, by entity and org, cost Neo4j twice as much).
WITH n, collect(orgs) AS lists
RETURN n.id AS id, lists
