#!/usr/bin/env python3
"""Baseline (b) of the load benchmark: Neo4j's own server-side ``LOAD CSV``.

For each table of ``loaders/*.toml`` (in their ``order``) whose CSV file is in the server's
import folder, one auto-commit query (``session.run``)::

    LOAD CSV WITH HEADERS FROM 'file:///<table>.csv' AS line
    CALL (line) {
      WITH line, {...the typed row built in Cypher, same keys as guanxi's...} AS row
      <the upsert of cypher/load/<table>.cypher after its UNWIND line>
    } IN TRANSACTIONS OF 1000 ROWS

``$file``, ``$run`` and ``$now`` are passed as parameters. The upsert text is read from
``cypher/load/`` at run time, the row-map keys are derived from the mapping's column types.

What Cypher computes differently from guanxi (documented in BENCHMARKS.md):

* ``name_pinyin`` is the normalised name (Cypher has no pinyin);
* ``name_norm`` only drops spaces and lower-cases (no full-width folding);
  ``address_norm`` drops spaces and common punctuation only;
* dates are read with ``date()`` (the canonical ``YYYY-MM-DD``; other contract forms fail);
  amounts drop ``,`` and ``元`` and honour ``万``; vocabulary words are looked up after
  lower-casing and dropping spaces, ``_`` and ``-`` (no full-width folding);
* ID numbers and credit codes are checked (length, characters, check character) in Cypher; the
  ID number's birth date is not; phones are only stripped of ``-`` and spaces, never invalid;
* ``_hash`` is not a hash: Cypher has no hash function without APOC, so it is the row's cells
  joined (a stable content fingerprint, which serves the same purpose);
* no reference checks (a dangling reference matches nothing), no rejects report.

Prints a per-table summary and, last, one line ``RESULT {json}`` for the benchmark script.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import json
import os
import sys
import time
import tomllib
import uuid

from neo4j import GraphDatabase

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

BOOLS = {"true": True, "yes": True, "y": True, "1": True, "是": True,
         "false": False, "no": False, "n": False, "0": False, "否": False}
GENDERS = {"m": "male", "male": "male", "男": "male", "男性": "male",
           "f": "female", "female": "female", "女": "female", "女性": "female"}
ORG_KINDS = {"county": "county", "县": "county", "town": "town", "township": "town",
             "subdistrict": "town", "镇": "town", "乡": "town", "乡镇": "town", "街道": "town",
             "village": "village", "村": "village", "community": "community", "社区": "community",
             "department": "department", "部门": "department", "other": "other", "其他": "other"}
METHODS = {"open": "open", "公开招标": "open", "公开": "open", "invited": "invited",
           "邀请招标": "invited", "邀请": "invited", "direct": "direct", "直接发包": "direct",
           "直接": "direct"}
ROLES = {"legalrep": "legal_rep", "legalrepresentative": "legal_rep", "法定代表人": "legal_rep",
         "法人代表": "legal_rep", "法人": "legal_rep", "shareholder": "shareholder",
         "股东": "shareholder", "director": "director", "董事": "director",
         "执行董事": "director", "董事长": "director", "supervisor": "supervisor",
         "监事": "supervisor", "manager": "manager", "经理": "manager", "总经理": "manager",
         "employee": "employee", "员工": "employee", "职工": "employee"}
QUAL_GRADE = {"special": "special", "特级": "special", "特": "special"}
for _g, _zh in (("1", "一"), ("2", "二"), ("3", "三")):
    for _k in (_g, _g + "级", _zh + "级", "grade" + _g):
        QUAL_GRADE[_k] = _g
QUAL_RANK = {k: (4 if v == "special" else 4 - int(v)) for k, v in QUAL_GRADE.items()}  # typed.rs
_RELATIONS = {
    "parent": ("parent", None, None), "father": ("parent", "male", None),
    "mother": ("parent", "female", None), "父母": ("parent", None, None),
    "父亲": ("parent", "male", None), "母亲": ("parent", "female", None),
    "child": ("child", None, None), "son": ("child", "male", None),
    "daughter": ("child", "female", None), "子女": ("child", None, None),
    "儿子": ("child", "male", None), "女儿": ("child", "female", None),
    "spouse": ("spouse", None, None), "husband": ("spouse", "male", None),
    "wife": ("spouse", "female", None), "配偶": ("spouse", None, None),
    "丈夫": ("spouse", "male", None), "妻子": ("spouse", "female", None),
    "sibling": ("sibling", None, None), "brother": ("sibling", "male", None),
    "sister": ("sibling", "female", None), "兄弟姐妹": ("sibling", None, None),
    "兄弟": ("sibling", "male", None), "姐妹": ("sibling", "female", None),
    "哥哥": ("sibling", "male", True), "弟弟": ("sibling", "male", False),
    "姐姐": ("sibling", "female", True), "妹妹": ("sibling", "female", False),
}


def lit(value) -> str:
    """A Cypher literal."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def map_lit(d: dict) -> str:
    return "{" + ", ".join(f"`{k}`: {lit(v)}" for k, v in d.items()) + "}"


def cell(name: str) -> str:
    # An empty cell is absent (null), like in guanxi.
    return f"(CASE WHEN trim(line.`{name}`) <> '' THEN trim(line.`{name}`) END)"


def word(name: str) -> str:
    return f"toLower(replace(replace(replace({cell(name)}, ' ', ''), '_', ''), '-', ''))"


def nonempty(name: str) -> str:
    return f"{cell(name)} IS NOT NULL"


def strip_chars(expr: str, chars: str) -> str:
    for c in chars:
        expr = f"replace({expr}, {lit(c)}, '')"
    return expr


def row_parts(table: dict) -> tuple[list[str], list[str]]:
    """(prelude WITH clauses, row-map entries) for a table's columns."""
    prelude: list[str] = []
    entries: list[str] = []
    carried = ["line"]

    def let(alias: str, expr: str) -> None:
        prelude.append(f"WITH {', '.join(carried)}, {expr} AS {alias}")
        carried.append(alias)

    for col in table["column"]:
        name, kind = col["name"], col["type"]
        x = cell(name)
        if kind in ("id", "text", "ref"):
            entries.append(f"`{name}`: {x}")
        elif kind == "name":
            norm = f"toLower(replace({x}, ' ', ''))"
            entries += [f"`{name}`: {x}", f"`{name}_norm`: {norm}", f"`{name}_pinyin`: {norm}"]
        elif kind == "address":
            norm = "toLower(" + strip_chars(x, " ,，、。.-#()（）") + ")"
            entries += [f"`{name}`: {x}", f"`{name}_norm`: {norm}"]
        elif kind == "category":
            entries.append(f"`{name}`: toLower(replace({x}, ' ', ''))")
        elif kind == "date":
            entries.append(f"`{name}`: CASE WHEN {nonempty(name)} THEN date({x}) END")
        elif kind == "amount":
            base = f"toFloat({strip_chars(x, ',元万')})"
            entries.append(
                f"`{name}`: CASE WHEN {x} ENDS WITH '万' THEN {base} * 10000 ELSE {base} END")
        elif kind == "percent":
            entries.append(f"`{name}`: toFloat(replace({x}, '%', ''))")
        elif kind == "bool":
            entries.append(f"`{name}`: coalesce({map_lit(BOOLS)}[{word(name)}], "
                           f"{lit(col.get('default'))})")
        elif kind in ("gender", "org_kind", "method", "company_role"):
            table_ = {"gender": GENDERS, "org_kind": ORG_KINDS, "method": METHODS,
                      "company_role": ROLES}[kind]
            entries.append(f"`{name}`: {map_lit(table_)}[{word(name)}]")
        elif kind == "qualification":
            entries += [f"`{name}`: {map_lit(QUAL_GRADE)}[{word(name)}]",
                        f"`{name}_rank`: {map_lit(QUAL_RANK)}[{word(name)}]"]
        elif kind == "kin_relation":
            person, relative = (cell(c) for c in col["between"])
            let("kin_relation", f"{map_lit({k: v[0] for k, v in _RELATIONS.items()})}[{word(name)}]")
            let("kin_gender", f"{map_lit({k: v[1] for k, v in _RELATIONS.items()})}[{word(name)}]")
            let("kin_older", f"{map_lit({k: v[2] for k, v in _RELATIONS.items()})}[{word(name)}]")
            low = f"CASE WHEN {person} < {relative} THEN {person} ELSE {relative} END"
            high = f"CASE WHEN {person} < {relative} THEN {relative} ELSE {person} END"
            entries += [
                f"`{name}`: kin_relation",
                "relative_gender: kin_gender",
                "relative_older: kin_older",
                "tie_type: CASE kin_relation WHEN 'parent' THEN 'PARENT_OF' WHEN 'child' THEN "
                "'PARENT_OF' WHEN 'spouse' THEN 'SPOUSE_OF' WHEN 'sibling' THEN 'SIBLING_OF' END",
                f"tie_from: CASE kin_relation WHEN 'parent' THEN {relative} WHEN 'child' THEN "
                f"{person} ELSE {low} END",
                f"tie_to: CASE kin_relation WHEN 'parent' THEN {person} WHEN 'child' THEN "
                f"{relative} ELSE {high} END",
                f"older_id: CASE kin_older WHEN true THEN {relative} WHEN false THEN {person} END",
            ]
        elif kind == "id_number":
            u = f"toUpper(replace({x}, ' ', ''))"
            check = (f"substring('10X98765432', reduce(s = 0, i IN range(0, 16) | s + "
                     f"toInteger(substring({u}, i, 1)) * {ID_WEIGHTS}[i]) % 11, 1)")
            let(f"{name}_ok", f"CASE WHEN {u} =~ '[0-9]{{17}}[0-9X]' AND {check} = "
                f"substring({u}, 17, 1) THEN {u} END")
            entries += [f"`{name}`: {name}_ok",
                        f"`{name}_invalid`: CASE WHEN {name}_ok IS NULL THEN {x} END"]
        elif kind == "credit_code":
            u = f"toUpper(replace({x}, ' ', ''))"
            total = (f"reduce(s = 0, i IN range(0, 16) | s + size(split('{CC_ALPHABET}', "
                     f"substring({u}, i, 1))[0]) * {CC_WEIGHTS}[i])")
            check = f"substring('{CC_ALPHABET}', (31 - {total} % 31) % 31, 1)"
            let(f"{name}_ok", f"CASE WHEN {u} =~ '[0-9A-HJ-NPQRTUWXY]{{18}}' AND {check} = "
                f"substring({u}, 17, 1) THEN {u} END")
            entries += [f"`{name}`: {name}_ok",
                        f"`{name}_invalid`: CASE WHEN {name}_ok IS NULL THEN {x} END"]
        elif kind == "phone":
            entries += [f"`{name}`: {strip_chars(x, '- ')}", f"`{name}_invalid`: null"]
        elif kind == "ref_list":
            entries.append(f"`{name}`: [s IN split({x}, ';') WHERE trim(s) <> '' | trim(s)]")
        else:
            raise ValueError(f"unknown column type {kind}")
    cols = ", ".join(f"coalesce(line.`{c['name']}`, '')" for c in table["column"])
    entries += [f"_hash: reduce(s = '', v IN [{cols}] | s + v + '|')", "_line: linenumber()"]
    return prelude, entries


def upsert_body(path: str) -> str:
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if not l.strip().startswith("//")]
    body = [l for l in lines if l.strip() != "UNWIND $rows AS row"]
    if len(body) != len(lines) - 1:
        raise SystemExit(f"{path}: expected exactly one 'UNWIND $rows AS row' line")
    return "\n".join("  " + l for l in body if l.strip())


def build_query(table: dict, batch_size: int) -> str:
    prelude, entries = row_parts(table)
    carried = ["line"] + [p.rsplit(" AS ", 1)[1] for p in prelude]
    head = "\n".join("  " + p for p in prelude)
    row = ",\n    ".join(entries)
    # What the row asserts, as guanxi's upserts take it (`SET x += row._props`): the property
    # columns and their derived values; references and the kinship word are ties. A null in
    # it removes nothing on a first load into an empty graph.
    props = [c for c in table["column"]
             if c["type"] not in ("id", "ref", "ref_list", "kin_relation")]
    keys = [e.split(":", 1)[0].strip().strip("`") for e in entries]
    keys = [k for k in keys if any(k == c["name"] or k.startswith(c["name"] + "_") for c in props)]
    projection = ", ".join("pinyin: r0.name_pinyin" if k == "name_pinyin" else f".`{k}`"
                           for k in keys)
    return (
        f"LOAD CSV WITH HEADERS FROM 'file:///{table['table']}.csv' AS line\n"
        f"CALL (line) {{\n{head + chr(10) if head else ''}"
        f"  WITH {', '.join(carried)}, {{\n    {row}\n  }} AS r0\n"
        f"  WITH {', '.join(carried)}, r0 {{.*, _props: r0 {{{projection}}}, _clear: []}} AS row\n"
        f"{upsert_body(table['upsert'])}\n"
        f"}} IN TRANSACTIONS OF {batch_size} ROWS"
    )


def cypher_statements(path: str) -> list[str]:
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if not l.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("import_dir", help="the server's import folder holding <table>.csv")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    ap.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", "guanxi-local"))
    ap.add_argument("--identity", action="store_true",
                    help="also run the certain identity statements of cypher/identity/")
    ap.add_argument("--print-queries", action="store_true")
    args = ap.parse_args()

    tables = []
    for path in glob.glob(os.path.join(REPO, "loaders", "*.toml")):
        with open(path, "rb") as f:
            tables.append(tomllib.load(f))
    tables.sort(key=lambda t: t["order"])

    started = time.perf_counter()
    run = f"loadcsv-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    now = dt.datetime.now(dt.timezone.utc)
    driver = GraphDatabase.driver(args.uri, auth=(args.user, args.password))
    summary = []
    with driver.session() as session:
        for table in tables:
            path = os.path.join(args.import_dir, table["table"] + ".csv")
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8-sig", newline="") as f:
                rows = sum(1 for r in csv.reader(f) if any(c.strip() for c in r)) - 1
            q = build_query(table, args.batch_size)
            if args.print_queries:
                print(q + ";\n", file=sys.stderr)
            t0 = time.perf_counter()
            session.run(q, file=table["table"] + ".csv", run=run, now=now, by="bench").consume()
            seconds = time.perf_counter() - t0
            summary.append({"table": table["table"], "read": rows, "seconds": seconds})
            print(f"{table['table']:<14} {rows:>9} {seconds:>8.1f} "
                  f"{rows / seconds if seconds else 0:>10.0f}", flush=True)
        table_seconds = time.perf_counter() - started
        if args.identity:
            # guanxi's identity pass, as guanxi runs it: claim the unresolved records, link
            # them, then mark them resolved (cypher/load_runs/*_unresolved.cypher).
            for statement in cypher_statements("cypher/load_runs/claim_unresolved.cypher"):
                session.run(statement, run=run).consume()
            for name in ("same_id_number", "same_name_birth_date", "same_credit_code"):
                for statement in cypher_statements(f"cypher/identity/{name}.cypher"):
                    session.run(statement, run=run, now=now).consume()
            for statement in cypher_statements("cypher/load_runs/clear_unresolved.cypher"):
                session.run(statement, run=run).consume()
    driver.close()
    total = time.perf_counter() - started
    rows = sum(t["read"] for t in summary)
    print(f"{'total':<14} {rows:>9} {total:>8.1f} {rows / total:>10.0f}")
    print("RESULT " + json.dumps({"tool": "load_csv", "rows": rows, "seconds": total,
                                  "table_seconds": table_seconds, "tables": summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
