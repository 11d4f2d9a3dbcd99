// Uniqueness constraints.
//
// Every entity of the data contract (people, orgs, companies, contracts, payments, tips) also
// carries the shared label :Entity, because the contract gives all tables one id space: the
// constraint below makes `id` unique across all of them, and its backing index serves every
// lookup by id. Loads MERGE on (:Entity {id}).
CREATE CONSTRAINT entity_id IF NOT EXISTS
  FOR (n:Entity) REQUIRE n.id IS UNIQUE;

// One node per load run, so provenance can name the run that wrote a fact.
CREATE CONSTRAINT load_run_id IF NOT EXISTS
  FOR (n:LoadRun) REQUIRE n.id IS UNIQUE;

// Alerts are found again by their fingerprint on every scan.
CREATE CONSTRAINT alert_id IF NOT EXISTS
  FOR (n:Alert) REQUIRE n.id IS UNIQUE;

// API tokens are looked up by the hash of the presented token.
CREATE CONSTRAINT api_token_hash IF NOT EXISTS
  FOR (n:ApiToken) REQUIRE n.hash IS UNIQUE;
