// Region scope, focused pass: the orgs whose rule (wanted.cypher) reaches one of the given
// entities, i.e. every org a new entity or relationship touching them can add to. Each step
// of wanted.cypher is walked backwards from the entity, in every place it can stand on a
// path (every node of such a path is reached by the rule itself), and for an org also the
// orgs below it (their lists include it and whatever is above it).
UNWIND $ids AS id
MATCH (f:Entity {id: id})
CALL (f) {
  MATCH (o:Org)-[:PART_OF*0..]->(f)
  RETURN o
  UNION
  MATCH (f)-[:HOLDS_POST]->(o:Org)
  RETURN o
  UNION
  MATCH (f)-[:KIN|PARENT_OF|SPOUSE_OF|SIBLING_OF]-(:Person)-[:HOLDS_POST]->(o:Org)
  RETURN o
  UNION
  MATCH (f)-[:AWARDED_BY|PAID_TO|OWNED_BY]->(o:Org)
  RETURN o
  UNION
  MATCH (o:Org)-[:PAID]->(f)
  RETURN o
  UNION
  MATCH (f)-[:SETTLES]->(:Contract)-[:AWARDED_BY]->(o:Org)
  RETURN o
  UNION
  // f as a counterparty, or standing in one (ROLE_IN).
  CALL (f) {
    RETURN f AS x
    UNION
    MATCH (f)-[:ROLE_IN]->(x:Entity)
    RETURN x
  }
  CALL (x) {
    MATCH (x)<-[:AWARDED_TO|APPROVED_BY]-(:Contract)-[:AWARDED_BY]->(o:Org)
    RETURN o
    UNION
    MATCH (x)-[:BID_ON]->(:Contract)-[:AWARDED_BY]->(o:Org)
    RETURN o
    UNION
    MATCH (x)-[:PAID|PAID_TO|HANDLED_BY]-(pay:Payment)
    CALL (pay) {
      MATCH (o:Org)-[:PAID]->(pay)
      RETURN o
      UNION
      MATCH (pay)-[:PAID_TO]->(o:Org)
      RETURN o
      UNION
      MATCH (pay)-[:SETTLES]->(:Contract)-[:AWARDED_BY]->(o:Org)
      RETURN o
    }
    RETURN o
  }
  RETURN o
}
RETURN DISTINCT o.id AS id
