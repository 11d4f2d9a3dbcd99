// Alerts for the API list: filtered by pattern, severity, status (without one, retired alerts
// ($retired) are left out), org (the alert concerns the org, one of its contracts or
// payments, or one of its officials) and last-seen date, within the caller's region scope
// ($scope: org ids, or null for everything). The loader of this file appends
// ORDER BY (from a fixed list of sort keys), SKIP and LIMIT.
// A list row is a summary: no evidence, facts or history (GET /api/alerts/{id} has them).
MATCH (a:Alert)
WHERE ($pattern IS NULL OR a.pattern = $pattern)
  AND ($severity IS NULL OR a.severity = $severity)
  AND CASE WHEN $status IS NULL THEN a.status <> $retired ELSE a.status = $status END
  AND ($since IS NULL OR a.last_seen >= datetime($since))
  AND ($until IS NULL OR a.first_seen <= datetime($until))
  AND ($scope IS NULL OR any(s IN coalesce(a.scope_orgs, []) WHERE s IN $scope))
  AND ($org IS NULL OR EXISTS {
        MATCH (a)-[:CONCERNS]->(x)
        WHERE x.id = $org
           OR EXISTS { MATCH (x)-[:AWARDED_BY|HOLDS_POST|PAID_TO]->(:Org {id: $org}) }
           OR EXISTS { MATCH (x)<-[:PAID]-(:Org {id: $org}) }
      })
WITH collect(a) AS matched
UNWIND matched AS a
WITH a, size(matched) AS total
RETURN a.id AS id, a.pattern AS pattern, a.severity AS severity, a.subjects AS subjects,
       a.summary_zh AS summary_zh, a.summary_en AS summary_en, a.status AS status,
       toString(a.first_seen) AS first_seen, toString(a.last_seen) AS last_seen, total
