// Watchlists (issue 15): one :Watch per watched entity or region of an investigator (keyed by
// the token's name), one :Watcher per investigator holding when they last looked at their
// news (src/watch/).
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE;
CREATE INDEX watch_watcher IF NOT EXISTS FOR (w:Watch) ON (w.watcher);
CREATE CONSTRAINT watcher_name IF NOT EXISTS FOR (w:Watcher) REQUIRE w.name IS UNIQUE;
