#!/usr/bin/env python3
"""Baseline (a) of the load benchmark: a plain loader on the official Python `neo4j` driver.

It loads the data-contract CSV files of a folder the way guanxi does, minus guanxi's checks:

* the table mappings are read from ``loaders/*.toml`` and the upserts from ``cypher/load/*.cypher``
  at run time (the same files guanxi embeds), tables in the mappings' ``order``;
* every row becomes the same typed parameters as ``src/load/typed.rs``: trimmed text,
  ``*_norm`` / ``*_pinyin`` (pypinyin), ``address_norm``, dates as ``datetime.date``, amounts and
  percentages as float, booleans, canonical vocabulary words, ``qualification_rank``, ID numbers,
  credit codes and phones validated (``*_invalid`` when not), kinship ``tie_type`` /
  ``tie_from`` / ``tie_to`` / ``older_id`` / ``relative_gender``, a content hash ``_hash`` (SHA-256
  of the parameters, like guanxi's) and ``_line``;
* rows are sent ``UNWIND $rows AS row ...`` in batches (default 1000), one auto-commit query per
  batch, one batch at a time, with ``$file``, ``$run``, ``$now``.

Not done (guanxi does them): the first pass collecting every defined id, reference checks against
the dataset and the graph (a dangling reference simply matches nothing), duplicate-id checks,
rejects/warnings reports. With ``--identity`` the three certain identity statements of
``cypher/identity/`` run after the tables (the scored possible links are not computed).

A row whose cell cannot be parsed is counted as rejected and skipped.

Prints a per-table summary and, last, one line ``RESULT {json}`` for the benchmark script.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import hashlib
import json
import os
import re
import sys
import time
import tomllib
import uuid

from neo4j import GraphDatabase
from pypinyin import Style, lazy_pinyin

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- values (mirrors src/domain) -----------------------------------------------------------


def fold_width_char(c: str) -> str:
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if o == 0x3000:
        return " "
    return c


def fold_width(s: str) -> str:
    return "".join(fold_width_char(c) for c in s)


NAME_DOTS = {"\u00b7", "\u2022", "\u2027", "\u30fb", "\uff65", "\u2219"}


def normalize_name(s: str) -> str:
    out = []
    for c in s:
        c = fold_width_char(c)
        if c.isspace():
            continue
        if c in NAME_DOTS:
            c = "\u00b7"
        out.append(c.lower())
    return "".join(out)


def _is_address_punct(c: str) -> bool:
    o = ord(c)
    return (
        (o < 128 and not c.isalnum() and not c.isspace() and 33 <= o <= 126)
        or 0x3000 <= o <= 0x303F
        or 0x2010 <= o <= 0x2027
        or c in ("\u00b7", "\uff65")
    )


def normalize_address(s: str) -> str:
    out = []
    for c in s:
        c = fold_width_char(c)
        if c.isspace() or _is_address_punct(c):
            continue
        out.append(c.lower())
    return "".join(out)


def to_pinyin(normalized: str) -> str:
    # Plain syllables without tones, joined; pypinyin's NORMAL style writes ü as v like guanxi.
    return "".join(lazy_pinyin(normalized, style=Style.NORMAL, errors="default"))


def word_key(s: str) -> str:
    return "".join(
        fold_width_char(c).lower() for c in s if not fold_width_char(c).isspace() and c not in "_-"
    )


def lookup(table: dict, s: str, what: str):
    key = word_key(s)
    if key not in table:
        raise ValueError(f"not {what}: {s!r}")
    return table[key]


BOOLS = {k: True for k in ("true", "yes", "y", "1", "是")} | {
    k: False for k in ("false", "no", "n", "0", "否")
}
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
# (grade, qualification_rank): the rank is 4 - grade, higher is stricter (typed.rs).
QUALIFICATIONS = {"special": ("special", 4), "特级": ("special", 4), "特": ("special", 4)}
for _g, _zh in (("1", "一"), ("2", "二"), ("3", "三")):
    for _k in (_g, _g + "级", _zh + "级", "grade" + _g):
        QUALIFICATIONS[_k] = (_g, 4 - int(_g))
_M, _F = "male", "female"
RELATIONS = {  # word -> (relation, relative gender, relative is older)
    "parent": ("parent", None, None), "father": ("parent", _M, None),
    "mother": ("parent", _F, None), "父母": ("parent", None, None),
    "父亲": ("parent", _M, None), "母亲": ("parent", _F, None),
    "child": ("child", None, None), "son": ("child", _M, None),
    "daughter": ("child", _F, None), "子女": ("child", None, None),
    "儿子": ("child", _M, None), "女儿": ("child", _F, None),
    "spouse": ("spouse", None, None), "husband": ("spouse", _M, None),
    "wife": ("spouse", _F, None), "配偶": ("spouse", None, None),
    "丈夫": ("spouse", _M, None), "妻子": ("spouse", _F, None),
    "sibling": ("sibling", None, None), "brother": ("sibling", _M, None),
    "sister": ("sibling", _F, None), "兄弟姐妹": ("sibling", None, None),
    "兄弟": ("sibling", _M, None), "姐妹": ("sibling", _F, None),
    "哥哥": ("sibling", _M, True), "弟弟": ("sibling", _M, False),
    "姐姐": ("sibling", _F, True), "妹妹": ("sibling", _F, False),
}

_DATE_NUM = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_DATE_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(s: str) -> dt.date:
    text = fold_width(s).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the canonical form, fast
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    m = _DATE_ZH.match(text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    date_part = text
    for sep in (" ", "T"):
        if sep in text:
            date_part, time_part = text.split(sep, 1)
            if not _TIME.match(time_part.strip()):
                raise ValueError(f"not a date: {s!r}")
            break
    if len(date_part) == 8 and date_part.isdigit():
        return dt.date(int(date_part[:4]), int(date_part[4:6]), int(date_part[6:]))
    m = _DATE_NUM.match(date_part)
    if not m:
        raise ValueError(f"not a date: {s!r}")
    return dt.date(int(m[1]), int(m[3]), int(m[4]))


_AMOUNT = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_amount(s: str) -> float:
    text = fold_width(s).strip()
    if text.endswith("元"):
        text = text[:-1].rstrip()
    scale = 1
    if text.endswith("万"):
        text, scale = text[:-1].rstrip(), 10_000
    if text[:1] in ("¥", "￥"):
        text = text[1:].lstrip()
    if not _AMOUNT.match(text):
        raise ValueError(f"not an amount: {s!r}")
    fen = round(float(text.replace(",", "")) * scale * 100)
    return fen / 100.0


def parse_percent(s: str) -> float:
    value = float(fold_width(s).strip().rstrip("%").strip())
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"percentage out of range: {s!r}")
    return value


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def compact_upper(s: str) -> str:
    return "".join(fold_width_char(c) for c in s if not fold_width_char(c).isspace()).upper()


def valid_id_number(s: str) -> str | None:
    t = compact_upper(s)
    if len(t) != 18 or not t[:17].isascii() or not t[:17].isdigit() or t[17] not in "0123456789X":
        return None
    if ID_CHECK[sum(int(c) * w for c, w in zip(t[:17], ID_WEIGHTS)) % 11] != t[17]:
        return None
    try:
        dt.date(int(t[6:10]), int(t[10:12]), int(t[12:14]))
    except ValueError:
        return None
    return t


def valid_credit_code(s: str) -> str | None:
    t = compact_upper(s)
    if len(t) != 18 or any(c not in CC_ALPHABET for c in t):
        return None
    total = sum(CC_ALPHABET.index(c) * w for c, w in zip(t[:17], CC_WEIGHTS))
    return t if CC_ALPHABET[(31 - total % 31) % 31] == t[17] else None


def valid_phone(s: str) -> str | None:
    compact = "".join(
        fold_width_char(c) for c in s if not fold_width_char(c).isspace() and c not in "-()\u2014"
    )
    had_country = False
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact, had_country = compact[len(prefix):], True
            break
    if not compact or not (compact.isascii() and compact.isdigit()):
        return None
    n, first = len(compact), compact[0]
    if (n == 11 and first == "1") or (first == "0" and 10 <= n <= 12) or (
        not had_country and 7 <= n <= 8 and first not in "01"
    ):
        return compact
    if had_country and first != "0" and 9 <= n <= 11:
        return "0" + compact
    return None


# --- typed rows (mirrors src/load/typed.rs) --------------------------------------------------

DERIVED = {"name": ("_norm", "_pinyin"), "address": ("_norm",), "qualification": ("_rank",),
           "id_number": ("_invalid",), "credit_code": ("_invalid",), "phone": ("_invalid",)}


def parse_cell(col: dict, cell: str, params: dict) -> None:
    name, kind = col["name"], col["type"]
    if kind in ("id", "text", "ref"):
        params[name] = cell.strip()
    elif kind == "name":
        norm = normalize_name(cell)
        params[name] = cell.strip()
        params[name + "_norm"] = norm
        params[name + "_pinyin"] = to_pinyin(norm)
    elif kind == "address":
        params[name] = cell.strip()
        params[name + "_norm"] = normalize_address(cell)
    elif kind == "category":
        params[name] = normalize_name(cell).lower()
    elif kind == "date":
        params[name] = parse_date(cell)
    elif kind == "amount":
        params[name] = parse_amount(cell)
    elif kind == "percent":
        params[name] = parse_percent(cell)
    elif kind == "bool":
        params[name] = lookup(BOOLS, cell, "a boolean")
    elif kind == "gender":
        params[name] = lookup(GENDERS, cell, "a gender")
    elif kind == "org_kind":
        params[name] = lookup(ORG_KINDS, cell, "an org kind")
    elif kind == "method":
        params[name] = lookup(METHODS, cell, "a contract method")
    elif kind == "company_role":
        params[name] = lookup(ROLES, cell, "a company role")
    elif kind == "qualification":
        grade, rank = lookup(QUALIFICATIONS, cell, "a qualification grade")
        params[name], params[name + "_rank"] = grade, rank
    elif kind == "kin_relation":
        relation, gender, older = lookup(RELATIONS, cell, "a kinship relation")
        params[name], params["relative_gender"], params["relative_older"] = relation, gender, older
    elif kind in ("id_number", "credit_code", "phone"):
        check = {"id_number": valid_id_number, "credit_code": valid_credit_code,
                 "phone": valid_phone}[kind]
        value = check(cell)
        params[name] = value
        params[name + "_invalid"] = None if value is not None else cell.strip()
    elif kind == "ref_list":
        params[name] = [p.strip() for p in re.split("[;；]", cell) if p.strip()]
    else:
        raise ValueError(f"unknown column type {kind}")


def derive_tie(col: dict, params: dict) -> None:
    person, relative = (params[c] for c in col["between"])
    if person == relative:
        raise ValueError(f"{person} cannot be their own relative")
    relation = params[col["name"]]
    if relation == "parent":
        tie, a, b = "PARENT_OF", relative, person
    elif relation == "child":
        tie, a, b = "PARENT_OF", person, relative
    else:
        tie = "SPOUSE_OF" if relation == "spouse" else "SIBLING_OF"
        a, b = (person, relative) if person < relative else (relative, person)
    older = params.get("relative_older")
    params["tie_type"], params["tie_from"], params["tie_to"] = tie, a, b
    params["older_id"] = relative if older is True else person if older is False else None


def hash_params(params: dict) -> str:
    h = hashlib.sha256()
    for key in sorted(params):
        value = params[key]
        h.update(key.encode())
        if value is None:
            h.update(b"N")
        elif isinstance(value, bool):
            h.update(b"B1" if value else b"B0")
        elif isinstance(value, list):
            h.update(b"L" + b"".join(v.encode() + b"\x1f" for v in value))
        else:
            h.update(type(value).__name__[:1].encode() + str(value).encode())
        h.update(b"\x1e")
    return h.digest()[:12].hex()


def typed_row(table: dict, positions: list, cells: list, line: int) -> dict:
    params: dict = {}
    for col, pos in zip(table["column"], positions):
        cell = cells[pos] if pos is not None and pos < len(cells) else ""
        if not cell.strip():
            if col.get("required"):
                raise ValueError(f"{col['name']}: required value is empty")
            params[col["name"]] = col.get("default") if col["type"] == "bool" else None
            for suffix in DERIVED.get(col["type"], ()):
                params[col["name"] + suffix] = None
        else:
            parse_cell(col, cell, params)
    for col in table["column"]:
        if col["type"] == "kin_relation":
            derive_tie(col, params)
    # What the row asserts, as guanxi's upserts take it (src/load/update.rs): the non-empty
    # values of property columns and their derived values, under their property names
    # (`name_pinyin` is stored as `pinyin`); references and the kinship word are ties.
    props = {}
    for col in table["column"]:
        if col["type"] in ("id", "ref", "ref_list", "kin_relation"):
            continue
        for key in (col["name"],) + tuple(col["name"] + s for s in DERIVED.get(col["type"], ())):
            if params.get(key) is not None:
                props["pinyin" if key == "name_pinyin" else key] = params[key]
    params["_props"], params["_clear"] = props, []
    params["_hash"] = hash_params({k: v for k, v in params.items() if k != "_props"} | {
        "_props." + k: v for k, v in props.items()} | {"_clear": []})
    params["_line"] = line
    return params


# --- loading ---------------------------------------------------------------------------------


def cypher_text(path: str) -> str:
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        return f.read()


def cypher_statements(path: str) -> list[str]:
    lines = [l for l in cypher_text(path).splitlines() if not l.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def table_mappings() -> list[dict]:
    tables = []
    for path in sorted(glob.glob(os.path.join(REPO, "loaders", "*.toml"))):
        with open(path, "rb") as f:
            tables.append(tomllib.load(f))
    return sorted(tables, key=lambda t: t["order"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    ap.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", "guanxi-local"))
    ap.add_argument("--identity", action="store_true",
                    help="also run the certain identity statements of cypher/identity/")
    args = ap.parse_args()

    started = time.perf_counter()
    run = f"pyload-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    now = dt.datetime.now(dt.timezone.utc)
    driver = GraphDatabase.driver(args.uri, auth=(args.user, args.password))
    summary = []
    with driver.session() as session:
        for table in table_mappings():
            path = os.path.join(args.dir, table["table"] + ".csv")
            if not os.path.exists(path):
                continue
            t0 = time.perf_counter()
            upsert = cypher_text(table["upsert"])
            read = loaded = rejected = 0
            file = os.path.basename(path)
            with open(path, encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                header = [h.strip().lower() for h in next(reader)]
                positions = [
                    header.index(c["name"]) if c["name"] in header else None
                    for c in table["column"]
                ]
                batch: list = []

                def flush() -> None:
                    nonlocal loaded
                    session.run(upsert, rows=batch, file=file, run=run, now=now, by="bench").consume()
                    loaded += len(batch)
                    batch.clear()

                for cells in reader:
                    if not any(c.strip() for c in cells):
                        continue
                    read += 1
                    try:
                        batch.append(typed_row(table, positions, cells, reader.line_num))
                    except (ValueError, KeyError, IndexError):
                        rejected += 1
                        continue
                    if len(batch) >= args.batch_size:
                        flush()
                if batch:
                    flush()
            seconds = time.perf_counter() - t0
            summary.append({"table": table["table"], "read": read, "loaded": loaded,
                            "rejected": rejected, "seconds": seconds})
            print(f"{table['table']:<14} {read:>9} {loaded:>9} {rejected:>9} {seconds:>8.1f} "
                  f"{read / seconds if seconds else 0:>10.0f}", flush=True)
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
        session.run(cypher_text("cypher/load/load_run.cypher"), run=run, now=now, dir=args.dir,
                    finished_at=dt.datetime.now(dt.timezone.utc),
                    summary=json.dumps(summary)).consume()
    driver.close()
    total = time.perf_counter() - started
    rows = sum(t["read"] for t in summary)
    print(f"{'total':<14} {rows:>9} {sum(t['loaded'] for t in summary):>9} "
          f"{sum(t['rejected'] for t in summary):>9} {total:>8.1f} {rows / total:>10.0f}")
    print("RESULT " + json.dumps({"tool": "python", "rows": rows, "seconds": total,
                                  "table_seconds": table_seconds, "tables": summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
