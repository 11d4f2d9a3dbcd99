// Cases (线索/案件, issue 15): one :Case per case, found by its number (C-2026-0001), listed
// by status; one :CaseCounter per year hands out the numbers (src/cases/store.rs).
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (c:Case) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT case_counter_year IF NOT EXISTS FOR (k:CaseCounter) REQUIRE k.year IS UNIQUE;
CREATE INDEX case_status IF NOT EXISTS FOR (c:Case) ON (c.status);
