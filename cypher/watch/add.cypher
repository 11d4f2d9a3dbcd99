// Watchlists: $watcher watches the entity or region $target ($kind 'entity': a person,
// company or org; 'region': an org, whose region scope is watched). Watching the same thing
// twice keeps the first watch. No row: no such entity of that kind. The watcher's news
// start from now for this item (created_ms) and from their first watch for the rest.
MATCH (e:Entity {id: $target})
WHERE CASE $kind WHEN 'region' THEN e:Org ELSE (e:Person OR e:Company OR e:Org) END
MERGE (r:Watcher {name: $watcher})
ON CREATE SET r.seen_at = $now
MERGE (w:Watch {watcher: $watcher, kind: $kind, target: $target})
ON CREATE SET w.id = $id, w.created_at = $now, w.by = $by
RETURN w.id AS id, w.kind AS kind, w.target AS target, coalesce(e.name, e.id) AS name,
       [l IN labels(e) WHERE l IN ['Person', 'Company', 'Org']][0] AS label,
       toString(w.created_at) AS created_at, w.created_at.epochMillis AS created_ms
