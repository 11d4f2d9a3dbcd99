// API tokens: a unique name (creating a taken name is refused, never a silent replacement)
// and a generated id. Tokens stored by earlier builds (found by name, without an id) get
// their id here, on the first schema step after an upgrade; nothing else of them changes.
// Earlier builds had a plain index on the name (MERGE kept names unique): the constraint's
// own index replaces it.
DROP INDEX api_token_name IF EXISTS;

CREATE CONSTRAINT api_token_name_unique IF NOT EXISTS
  FOR (n:ApiToken) REQUIRE n.name IS UNIQUE;

CREATE CONSTRAINT api_token_id IF NOT EXISTS
  FOR (n:ApiToken) REQUIRE n.id IS UNIQUE;

MATCH (t:ApiToken) WHERE t.id IS NULL
SET t.id = randomUUID();
