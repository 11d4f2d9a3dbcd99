// Watchlists: $watcher stops watching (by the watch's id). No row: no such watch of theirs.
MATCH (w:Watch {id: $id})
WHERE w.watcher = $watcher
WITH w, w.target AS target
DELETE w
RETURN target
