// One entity's page for `GET /api/entities/{id}`: its properties, identity links, posts,
// company roles (both directions), derived kin (both directions), primitive family ties and
// the alerts concerning it. $scope (org ids, or null for everything) is the caller's region
// scope: an entity outside it is no row, and its lists leave out what lies outside it.
MATCH (n:Entity {id: $id})
WHERE ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, labels(n) AS labels, coalesce(n.name, n.title, n.purpose, n.id) AS name,
       properties(n) AS props,
       COLLECT { MATCH (n)-[r:SAME_AS]-(o:Entity)
                   WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                 RETURN {id: o.id, name: o.name, basis: r.basis} } AS same_as,
       COLLECT { MATCH (n)-[r:POSSIBLY_SAME_AS]-(o:Entity)
                   WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                 RETURN {id: o.id, name: o.name, score: r.score, reason: r.reason,
                         status: r.status} } AS possibly_same_as,
       COLLECT { MATCH (n)-[r:HOLDS_POST]->(o:Org)
                   WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                 RETURN {person_id: n.id, person_name: n.name, org_id: o.id, org_name: o.name,
                         title: r.title, start_date: r.start_date, end_date: r.end_date} }
       + COLLECT { MATCH (p:Person)-[r:HOLDS_POST]->(n)
                     WHERE ($scope IS NULL OR any(s IN coalesce(p.scope_orgs, []) WHERE s IN $scope))
                   RETURN {person_id: p.id, person_name: p.name, org_id: n.id, org_name: n.name,
                           title: r.title, start_date: r.start_date, end_date: r.end_date} }
         AS positions,
       COLLECT { MATCH (n)-[r:ROLE_IN]->(c:Entity)
                   WHERE ($scope IS NULL OR any(s IN coalesce(c.scope_orgs, []) WHERE s IN $scope))
                 RETURN {direction: 'in', id: c.id, name: c.name, labels: labels(c), role: r.role,
                         share_pct: r.share_pct, start_date: r.start_date, end_date: r.end_date} }
       + COLLECT { MATCH (p:Entity)-[r:ROLE_IN]->(n)
                     WHERE ($scope IS NULL OR any(s IN coalesce(p.scope_orgs, []) WHERE s IN $scope))
                   RETURN {direction: 'of', id: p.id, name: p.name, labels: labels(p), role: r.role,
                           share_pct: r.share_pct, start_date: r.start_date, end_date: r.end_date} }
         AS roles,
       COLLECT { MATCH (n)-[r:KIN]->(o:Person)
                   WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                 RETURN {direction: 'relative', id: o.id, name: o.name, term_zh: r.term_zh,
                         term_en: r.term_en, chain: r.chain, path: CASE WHEN $scope IS NULL THEN r.path ELSE [x IN r.path WHERE EXISTS { MATCH (q:Entity {id: x}) WHERE any(s IN coalesce(q.scope_orgs, []) WHERE s IN $scope) }] END} }
       + COLLECT { MATCH (o:Person)-[r:KIN]->(n)
                     WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                   RETURN {direction: 'official', id: o.id, name: o.name, term_zh: r.term_zh,
                           term_en: r.term_en, chain: r.chain, path: CASE WHEN $scope IS NULL THEN r.path ELSE [x IN r.path WHERE EXISTS { MATCH (q:Entity {id: x}) WHERE any(s IN coalesce(q.scope_orgs, []) WHERE s IN $scope) }] END} }
         AS kin,
       COLLECT { MATCH (n)-[r:PARENT_OF|SPOUSE_OF|SIBLING_OF]-(o:Person)
                   WHERE ($scope IS NULL OR any(s IN coalesce(o.scope_orgs, []) WHERE s IN $scope))
                 RETURN {type: type(r), outgoing: startNode(r) = n, id: o.id, name: o.name,
                         gender: coalesce(o.gender, o.gender_from_kinship), older_id: r.older_id,
                         source_file: r.source_file, source_line: r.source_line} } AS ties,
       COLLECT { MATCH (a:Alert)-[:CONCERNS]->(n)
                   WHERE ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
                 RETURN {id: a.id, pattern: a.pattern, severity: a.severity, status: a.status,
                         summary_zh: a.summary_zh, summary_en: a.summary_en} } AS alerts
