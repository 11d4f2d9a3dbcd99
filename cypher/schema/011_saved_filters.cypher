// Saved inbox filters (issue 15): one :SavedFilter per owner (token name) and name, found by
// its id.
CREATE CONSTRAINT saved_filter_id IF NOT EXISTS FOR (f:SavedFilter) REQUIRE f.id IS UNIQUE;
CREATE INDEX saved_filter_owner IF NOT EXISTS FOR (f:SavedFilter) ON (f.owner, f.name);
