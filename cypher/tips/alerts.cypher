// Tips inbox: the alerts concerning some entities ($ids), not retired ($retired), that the
// caller's region scope sees ($scope: org ids, or null for everything); read whole with
// scan::alerts::get_alert_in.
UNWIND $ids AS id
MATCH (:Entity {id: id})<-[:CONCERNS]-(a:Alert)
WHERE a.status <> $retired
  AND ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
RETURN DISTINCT a.id AS id
