#!/usr/bin/env python3
"""What a load built: nodes per label and relationships per type, as one JSON line.

The benchmark prints these beside each run so the three loaders can be seen to build the same
graph (same counts), not just to take different times.
"""

import json
import os
import sys

from neo4j import GraphDatabase


def main() -> int:
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "guanxi-local"))
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as session:
        labels = {r["label"]: r["n"] for r in session.run(
            "CALL db.labels() YIELD label "
            "CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS n } "
            "RETURN label, n ORDER BY label")}
        rels = {r["type"]: r["n"] for r in session.run(
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")}
    print(json.dumps({"labels": labels, "relationships": rels}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
