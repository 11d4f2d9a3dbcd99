// The entities a case's graph connects (src/cases/graph.rs): its entity items, the subjects
// of its alerts and the entities its tips name (NAMES), each once, with its kind; only those
// the caller's region scope sees ($scope: org ids, or null).
MATCH (c:Case {id: $id})-[r:INCLUDES]->(x)
WITH x, CASE r.kind
          WHEN 'alert' THEN coalesce(x.subjects, [])
          WHEN 'tip' THEN [(x)-[:NAMES]->(named:Entity) | named.id]
          ELSE [x.id]
        END AS ids
UNWIND ids AS anchor
MATCH (e:Entity {id: anchor})
WHERE $scope IS NULL OR any(s IN coalesce(e.scope_orgs, []) WHERE s IN $scope)
RETURN DISTINCT e.id AS id,
       CASE WHEN e:Person THEN 'Person' WHEN e:Company THEN 'Company' WHEN e:Org THEN 'Org'
            ELSE 'Other' END AS kind
ORDER BY id
