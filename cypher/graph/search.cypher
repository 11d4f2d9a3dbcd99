// Search candidates for `GET /api/search`: exact hits on id, ID number, credit code or phone
// (each through its index; the caller passes the normalised value, or null when the text is
// not one), then the full-text index over names, normalised names and pinyin with a Lucene
// query the caller built from escaped terms. Ranking is done by the caller. Hits and context
// outside the caller's region scope ($scope: org ids, or null for everything) are left out.
CALL () {
  MATCH (n:Entity {id: $id})
  RETURN n, 'id' AS matched, 0.0 AS ft
  UNION
  MATCH (n:Person {id_number: $id_number})
  RETURN n, 'id_number' AS matched, 0.0 AS ft
  UNION
  MATCH (n:Company {credit_code: $credit_code})
  RETURN n, 'credit_code' AS matched, 0.0 AS ft
  UNION
  MATCH (n:Person {phone: $phone})
  RETURN n, 'phone' AS matched, 0.0 AS ft
  UNION
  MATCH (n:Company {phone: $phone})
  RETURN n, 'phone' AS matched, 0.0 AS ft
  UNION
  WITH $lucene AS lucene WHERE lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_names', lucene, {limit: $candidates})
  YIELD node, score
  RETURN node AS n, 'fulltext' AS matched, score AS ft
}
WITH n, matched, ft
WHERE ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, [l IN labels(n) WHERE l IN $kinds][0] AS kind,
       coalesce(n.name, n.title, n.purpose, n.id) AS name,
       n.name_norm AS name_norm, n.pinyin AS pinyin, matched, ft,
       CASE
         WHEN n:Person THEN
           COLLECT { MATCH (n)-[h:HOLDS_POST]->(o:Org) WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                     RETURN {what: 'post', name: o.name, word: h.title} }
           + COLLECT { MATCH (n)-[r:ROLE_IN]->(c:Company) WHERE ($scope IS NULL OR any(s IN coalesce(c.scope_orgs, []) WHERE s IN $scope))
                       RETURN {what: 'role', name: c.name, word: r.role} }
         WHEN n:Company THEN
           COLLECT { MATCH (p:Entity)-[r:ROLE_IN]->(n) WHERE r.role = 'legal_rep'
                       AND ($scope IS NULL OR any(s IN coalesce(p.scope_orgs, []) WHERE s IN $scope))
                     RETURN {what: 'legal_rep', name: p.name, word: r.role} }
         WHEN n:Org THEN [{what: 'region', name: n.region, word: n.kind}]
         ELSE []
       END AS context
