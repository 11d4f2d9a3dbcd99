// The dated events around one entity for its timeline (crate::timeline): posts held by it or
// in it, company roles in both directions, derived kin in both directions, contracts it
// bought, won or approved, payments it made, received or handled, tips naming it and alerts
// concerning it (with their triage history). $scope (org ids, or null for everything) is the
// caller's region scope: an entity outside it is no row, and what lies outside it is left
// out (the library also drops an event one of whose entities the scope does not see).
// Every list starts from the entity, found by id: no label scan.
MATCH (n:Entity {id: $id})
WHERE ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, labels(n) AS labels, coalesce(n.name, n.title, n.purpose, n.id) AS name,
       COLLECT { MATCH (n)-[r:HOLDS_POST]->(o:Org)
                 RETURN {person_id: n.id, person: n.name, org_id: o.id, org: o.name,
                         title: r.title, start: toString(r.start_date),
                         end: toString(r.end_date)} }
       + COLLECT { MATCH (p:Person)-[r:HOLDS_POST]->(n)
                   RETURN {person_id: p.id, person: p.name, org_id: n.id, org: n.name,
                           title: r.title, start: toString(r.start_date),
                           end: toString(r.end_date)} } AS posts,
       COLLECT { MATCH (n)-[r:ROLE_IN]->(c:Entity)
                 RETURN {holder_id: n.id, holder: n.name, company_id: c.id, company: c.name,
                         role: r.role, start: toString(r.start_date),
                         end: toString(r.end_date)} }
       + COLLECT { MATCH (p:Entity)-[r:ROLE_IN]->(n)
                   RETURN {holder_id: p.id, holder: p.name, company_id: n.id, company: n.name,
                           role: r.role, start: toString(r.start_date),
                           end: toString(r.end_date)} } AS roles,
       COLLECT { MATCH (n)-[r:KIN]->(b:Person)
                 RETURN {official_id: n.id, official: n.name, relative_id: b.id,
                         relative: b.name, term_zh: r.term_zh, term_en: r.term_en,
                         born: toString(coalesce(b.birth_date,
                           head([(b)-[:SAME_AS]-(o:Person) WHERE o.birth_date IS NOT NULL
                                 | o.birth_date]))),
                         recorded: toString(b.loaded_at)} }
       + COLLECT { MATCH (a:Person)-[r:KIN]->(n)
                   RETURN {official_id: a.id, official: a.name, relative_id: n.id,
                           relative: n.name, term_zh: r.term_zh, term_en: r.term_en,
                           born: toString(coalesce(n.birth_date,
                             head([(n)-[:SAME_AS]-(o:Person) WHERE o.birth_date IS NOT NULL
                                   | o.birth_date]))),
                           recorded: toString(n.loaded_at)} } AS kin,
       COLLECT { MATCH (k:Contract)-[:AWARDED_BY|AWARDED_TO|APPROVED_BY]->(n)
                 WITH DISTINCT k
                 OPTIONAL MATCH (k)-[:AWARDED_BY]->(buyer:Entity)
                 OPTIONAL MATCH (k)-[:AWARDED_TO]->(supplier:Entity)
                 OPTIONAL MATCH (k)-[:APPROVED_BY]->(approver:Entity)
                 RETURN {id: k.id, title: k.title, amount: k.amount,
                         date: toString(coalesce(k.awarded_on, k.published_on)),
                         buyer_id: buyer.id, buyer: buyer.name,
                         supplier_id: supplier.id, supplier: supplier.name,
                         approver_id: approver.id, approver: approver.name} } AS contracts,
       COLLECT { MATCH (n)-[:PAID|PAID_TO|HANDLED_BY]-(y:Payment)
                 WITH DISTINCT y
                 OPTIONAL MATCH (payer:Entity)-[:PAID]->(y)
                 OPTIONAL MATCH (y)-[:PAID_TO]->(payee:Entity)
                 OPTIONAL MATCH (y)-[:HANDLED_BY]->(handler:Entity)
                 RETURN {id: y.id, amount: y.amount, purpose: y.purpose,
                         date: toString(coalesce(y.paid_on, y.recorded_on)),
                         payer_id: payer.id, payer: payer.name, payee_id: payee.id,
                         payee: payee.name, handler_id: handler.id,
                         handler: handler.name} } AS payments,
       COLLECT { MATCH (t:Tip)-[:NAMES]->(n)
                   WHERE ($scope IS NULL OR any(s IN coalesce(t.scope_orgs, []) WHERE s IN $scope))
                 RETURN t.id } AS tips,
       COLLECT { MATCH (a:Alert)-[:CONCERNS]->(n)
                   WHERE ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
                 RETURN a.id } AS alerts
