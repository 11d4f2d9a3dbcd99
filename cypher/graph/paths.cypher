// The shortest connecting paths for `GET /api/paths`, over the relationships of the model
// (not CONCERNS, which ties alerts to entities, nor NAMES, which ties tips to people).
// The caller replaces the upper bound `*..8` with the requested number of hops (1 to 8).
// Every node of a path lies in the caller's region scope ($scope: org ids, or null): the
// predicate is part of the shortest-path search, which never steps through a node outside.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope)) AND ($scope IS NULL OR any(s IN coalesce(b.scope_orgs, []) WHERE s IN $scope))
MATCH p = allShortestPaths((a)-[:HOLDS_POST|PART_OF|PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS|POSSIBLY_SAME_AS|ROLE_IN|OWNED_BY|AWARDED_BY|AWARDED_TO|APPROVED_BY|BID_ON|PAID|PAID_TO|HANDLED_BY|SETTLES|KIN*..8]-(b))
  WHERE all(x IN nodes(p)
            WHERE $scope IS NULL OR any(s IN coalesce(x.scope_orgs, []) WHERE s IN $scope))
RETURN [n IN nodes(p) | {id: n.id, labels: labels(n),
                         name: coalesce(n.name, n.title, n.purpose, n.id),
                         gender: coalesce(n.gender, n.gender_from_kinship)}] AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).id, target: endNode(r).id,
                                 role: r.role, term_zh: r.term_zh, term_en: r.term_en,
                                 title: r.title, basis: r.basis, older_id: r.older_id,
                                 score: r.score, status: r.status}] AS rels
LIMIT $limit
