// Watchlists: what $watcher watches, oldest first, with each target's name and kind, and
// when they last looked at their news (seen_ms: null before their first watch).
OPTIONAL MATCH (r:Watcher {name: $watcher})
OPTIONAL MATCH (w:Watch {watcher: $watcher})
OPTIONAL MATCH (e:Entity {id: w.target})
WITH r, w, e ORDER BY w.created_at, w.id
RETURN r.seen_at.epochMillis AS seen_ms,
       [x IN collect(CASE WHEN w IS NULL THEN null ELSE {
          id: w.id, kind: w.kind, target: w.target, name: coalesce(e.name, w.target),
          label: [l IN coalesce(labels(e), []) WHERE l IN ['Person', 'Company', 'Org']][0],
          created_at: toString(w.created_at), created_ms: w.created_at.epochMillis
        } END) WHERE x IS NOT NULL] AS items
