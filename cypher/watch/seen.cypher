// Watchlists: $watcher has looked at their news now.
MERGE (r:Watcher {name: $watcher})
SET r.seen_at = $now
RETURN toString(r.seen_at) AS seen_at
