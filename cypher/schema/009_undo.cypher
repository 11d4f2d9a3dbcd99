// `guanxi runs undo` (issue 14): the changes of one run (`History.run`), and the entities a
// run wrote first (`first_load_run`) or last (`load_run`), found without a scan of all.
CREATE INDEX history_run IF NOT EXISTS FOR (h:History) ON (h.run);
CREATE INDEX entity_first_load_run IF NOT EXISTS FOR (n:Entity) ON (n.first_load_run);
CREATE INDEX entity_load_run IF NOT EXISTS FOR (n:Entity) ON (n.load_run);
