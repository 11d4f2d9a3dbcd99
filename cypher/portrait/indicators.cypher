// The raw indicators behind the village portraits (政治生态画像), for every org of one kind:
// its contracts and suppliers, handled cash, payments to its own officials, tips naming it or
// its officials, and the alerts that concern it (directly, or through its contracts,
// payments or officials) with their status.
MATCH (o:Org {kind: $kind})
CALL (o) {
  OPTIONAL MATCH (c:Contract)-[:AWARDED_BY]->(o)
  RETURN count(c) AS contracts,
         sum(CASE WHEN c.method = 'open' THEN 1 ELSE 0 END) AS open_contracts,
         coalesce(sum(c.amount), 0.0) AS contract_amount
}
CALL (o) {
  OPTIONAL MATCH (c:Contract)-[:AWARDED_BY]->(o)
  OPTIONAL MATCH (c)-[:AWARDED_TO]->(s)
  WITH s, sum(c.amount) AS won
  RETURN coalesce(max(won), 0.0) AS top_supplier_amount
}
CALL (o) {
  OPTIONAL MATCH (pay:Payment)-[:PAID_TO]->(o)
  WHERE (pay)-[:HANDLED_BY]->()
  RETURN count(pay) AS handled_payments
}
CALL (o) {
  OPTIONAL MATCH (t:Tip)-[:NAMES]->(o)
  RETURN t
  UNION
  OPTIONAL MATCH (t:Tip)-[:NAMES]->(:Official)-[:HOLDS_POST]->(o)
  RETURN t
}
WITH o, contracts, open_contracts, contract_amount, top_supplier_amount, handled_payments,
     count(DISTINCT t) AS tips
CALL (o) {
  MATCH (a:Alert)-[:CONCERNS]->(o)
  RETURN a
  UNION
  MATCH (a:Alert)-[:CONCERNS]->(:Contract)-[:AWARDED_BY]->(o)
  RETURN a
  UNION
  MATCH (a:Alert)-[:CONCERNS]->(:Payment)-[:PAID_TO]->(o)
  RETURN a
  UNION
  MATCH (a:Alert)-[:CONCERNS]->(:Payment)<-[:PAID]-(o)
  RETURN a
  UNION
  MATCH (a:Alert)-[:CONCERNS]->(:Official)-[:HOLDS_POST]->(o)
  RETURN a
}
WITH o, contracts, open_contracts, contract_amount, top_supplier_amount, handled_payments, tips,
     // Retired alerts ($retired: their finding no longer holds) do not count.
     collect(DISTINCT CASE WHEN a.status <> $retired THEN a {.id, .pattern, .status} END) AS alerts
RETURN o.id AS id, o.name AS name, o.region AS region, contracts, open_contracts,
       contract_amount, top_supplier_amount, handled_payments, tips, alerts,
       // Whether the caller's region scope ($scope: org ids, or null) sees the org: every org
       // of the kind is scored (its peers), only the visible ones are returned by the caller.
       ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope)) AS visible
ORDER BY id
