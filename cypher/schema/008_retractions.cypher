// Retractions (issue 14): one :Retraction node per retraction (the tombstone the loaders
// consult so that a retracted fact is not loaded again), found by its id and listed newest
// first; a retracted entity keeps its node as :Retracted, found by its id.
CREATE CONSTRAINT retraction_id IF NOT EXISTS FOR (r:Retraction) REQUIRE r.id IS UNIQUE;
CREATE INDEX retraction_at IF NOT EXISTS FOR (r:Retraction) ON (r.at);
CREATE INDEX retracted_id IF NOT EXISTS FOR (n:Retracted) ON (n.id);
