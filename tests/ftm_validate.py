#!/usr/bin/env python3
"""Checks a file of FollowTheMoney JSON lines with the `followthemoney` library itself.

For each line: the schema exists, `model.get_proxy(data, cleaned=False)` accepts the entity,
every property exists on its schema and every value validates for the property's type, the
schema's required properties are present, and every entity reference names an entity of
the file (whose schema fits the property's range). Prints one line per problem and exits 1
if there is any; prints a summary and exits 0 otherwise. Used by tests/ftm.rs.

    python3 tests/ftm_validate.py FILE
"""

import json
import sys

try:
    from followthemoney import model, registry
except ImportError:
    print("followthemoney is not installed: run `python3 -m pip install -r tests/ftm-requirements.txt`")
    sys.exit(2)


def main(path):
    problems = []
    entities = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as e:
                problems.append(f"line {number}: not JSON: {e}")
                continue
            entities[data.get("id")] = (number, data)
    schemata = {}
    for entity_id, (number, data) in entities.items():
        schema = model.get(data.get("schema"))
        if schema is None:
            problems.append(f"line {number}: unknown schema {data.get('schema')!r}")
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except Exception as e:  # noqa: BLE001 - any refusal is a problem to report
            problems.append(f"line {number}: get_proxy refused it: {e}")
            continue
        if not entity_id or not registry.entity.validate(entity_id):
            problems.append(f"line {number}: bad entity id {entity_id!r}")
        schemata[entity_id] = schema
        if schema.abstract:
            problems.append(f"line {number}: abstract schema {schema.name}")
        for name in schema.required:
            if not data.get("properties", {}).get(name):
                problems.append(f"line {number}: {schema.name} lacks required {name}")
        for name, values in data.get("properties", {}).items():
            prop = schema.get(name)
            if prop is None:
                problems.append(f"line {number}: {schema.name} has no property {name}")
                continue
            if not isinstance(values, list):
                problems.append(f"line {number}: {name} is not a list")
                continue
            for value in values:
                if not isinstance(value, str):
                    problems.append(f"line {number}: {name} value {value!r} is not a string")
                    continue
                if not prop.type.validate(value):
                    problems.append(
                        f"line {number}: {schema.name}.{name} {value!r} is not a valid {prop.type.name}"
                    )
        del proxy
    for entity_id, (number, data) in entities.items():
        schema = schemata.get(entity_id)
        if schema is None:
            continue
        for name, values in data.get("properties", {}).items():
            prop = schema.get(name)
            if prop is None or prop.type.name != "entity":
                continue
            for value in values:
                target = schemata.get(value)
                if target is None:
                    problems.append(f"line {number}: {schema.name}.{name} names {value!r}, not in the file")
                elif prop.range is not None and not target.is_a(prop.range):
                    problems.append(
                        f"line {number}: {schema.name}.{name} names a {target.name}, not a {prop.range.name}"
                    )
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problems in {len(entities)} entities")
        return 1
    counts = {}
    for schema in schemata.values():
        counts[schema.name] = counts.get(schema.name, 0) + 1
    print(f"{len(entities)} entities valid: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
