// The nodes of a neighbourhood and every relationship of the model among them.
// Only nodes the caller's region scope sees ($scope: org ids, or null).
MATCH (n:Entity) WHERE n.id IN $ids AND ($scope IS NULL OR any(s IN coalesce(n.scope_orgs, []) WHERE s IN $scope))
RETURN n.id AS id, labels(n) AS labels, coalesce(n.name, n.title, n.purpose, n.id) AS name,
       coalesce(n.gender, n.gender_from_kinship) AS gender,
       COLLECT { MATCH (n)-[r:HOLDS_POST|PART_OF|PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS|POSSIBLY_SAME_AS|ROLE_IN|OWNED_BY|AWARDED_BY|AWARDED_TO|APPROVED_BY|BID_ON|PAID|PAID_TO|HANDLED_BY|SETTLES|KIN|NAMES]->(m:Entity)
                 WHERE m.id IN $ids AND ($scope IS NULL OR any(s IN coalesce(m.scope_orgs, []) WHERE s IN $scope))
                 RETURN {id: elementId(r), type: type(r), source: n.id, target: m.id,
                         role: r.role, term_zh: r.term_zh, term_en: r.term_en, title: r.title,
                         basis: r.basis, older_id: r.older_id, score: r.score,
                         status: r.status} } AS edges
