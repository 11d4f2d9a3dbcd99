#!/usr/bin/env python3
"""Benchmark-only workaround: per-label indexes on `id` for Person, Org, Company, Contract.

The upserts in cypher/load/ MATCH `(:Person {id: ...})`, `(:Org {id: ...})`, ... while the
schema indexes `id` only on :Entity, so each such MATCH is a label scan per row (positions,
kinship, company_roles, contracts, bids and payments become quadratic). The benchmark adds these
indexes to its private database (EXTRA_INDEXES=1, the default) so a county load finishes; all
three loaders run with them. `--drop` removes them.
"""

import os
import sys

from neo4j import GraphDatabase

LABELS = ("Person", "Org", "Company", "Contract")


def main() -> int:
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "guanxi-local"))
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as session:
        for label in LABELS:
            name = f"bench_{label.lower()}_id"
            if "--drop" in sys.argv:
                session.run(f"DROP INDEX {name} IF EXISTS").consume()
            else:
                session.run(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.id)").consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return 0


if __name__ == "__main__":
    sys.exit(main())
