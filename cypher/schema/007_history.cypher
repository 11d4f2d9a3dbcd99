// The change history (issue 14): one :History node per change of an entity's or a
// relationship's properties, found by the entity's id (a relationship's change by either
// end: `entity_id` is its start, `other_id` its end) and read newest first.
CREATE INDEX history_entity IF NOT EXISTS FOR (h:History) ON (h.entity_id);
CREATE INDEX history_other IF NOT EXISTS FOR (h:History) ON (h.other_id);
CREATE INDEX history_at IF NOT EXISTS FOR (h:History) ON (h.at);
