#!/usr/bin/env python3
"""Turns a results folder of bench/load_benchmark.sh into the markdown tables of BENCHMARKS.md.

Reads, per tool (guanxi, python, load_csv): <tool>.out (the loader's output), <tool>.time
(/usr/bin/time -v), <tool>.server (the Neo4j server's peak RSS in kB during the run, VmHWM of a
freshly started server) and <tool>.stats (nodes and relationships the run left).
"""

import json
import os
import re
import sys

TOOLS = [("guanxi", "guanxi `load`"), ("python", "Python driver (a)"), ("load_csv", "LOAD CSV (b)")]
TARGETS = {"python": 1.3, "load_csv": 0.8}
RSS_TARGET_MB = 300


def wall_seconds(text: str) -> float:
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    parts = [float(p) for p in m.group(1).split(":")]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def max_rss_kb(text: str) -> int:
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))


def parse_guanxi(out: str) -> dict:
    tables, total = [], None
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "total" and len(f) == 7:
            total = {"read": int(f[1]), "loaded": int(f[2]), "rejected": int(f[3]),
                     "warnings": int(f[4]), "seconds": float(f[5])}
        elif len(f) == 8 and f[0] != "table" and re.fullmatch(r"[\d.]+", f[-1]):
            if True:
                tables.append({"table": f[0], "read": int(f[2]), "loaded": int(f[3]),
                               "rejected": int(f[4]), "seconds": float(f[6])})
    m = re.search(r"identity: (\d+) certain person links, (\d+) certain company links, "
                  r"(\d+) possible", out)
    return {"tables": tables, "total": total, "rows": total["read"],
            "table_seconds": sum(t["seconds"] for t in tables),
            "identity": m.groups() if m else None}


def parse_result(out: str) -> dict:
    line = [l for l in out.splitlines() if l.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def history_report(d: str) -> None:
    """The cost of the change history: the same load three times over one graph (first,
    unchanged, every person's and company's phone changed), from load_benchmark.sh."""
    runs = [("history-first", "first load (nothing to record)"),
            ("history-same", "reload, unchanged (rows skipped by hash)"),
            ("history-changed", "reload, every person and company changed (one history entry each)")]
    if not all(os.path.exists(os.path.join(d, r + ".out")) for r, _ in runs[1:]):
        return
    changed = open(os.path.join(d, "history.changed")).read().strip()
    stats = json.loads(open(os.path.join(d, "history.stats")).read())
    print()
    print(f"Change history: the county loaded, reloaded unchanged, then reloaded with {int(changed):,} "
          f"rows changed; the graph then holds {stats['labels'].get('History', 0):,} history entries.")
    print()
    print("| load | wall s | people s | companies s | all tables s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for run, label in runs:
        out = open(os.path.join(d, run + ".out"), encoding="utf-8").read()
        g = parse_guanxi(out)
        t = {x["table"]: x["seconds"] for x in g["tables"]}
        tim = os.path.join(d, run + ".time")
        wall = f"{wall_seconds(open(tim).read()):.1f}" if os.path.exists(tim) else "-"
        print(f"| {label} | {wall} | {t.get('people', 0):.1f} | {t.get('companies', 0):.1f} | "
              f"{g['table_seconds']:.1f} |")


def main() -> int:
    d = sys.argv[1]
    res = {}
    for tool, _ in TOOLS:
        if not os.path.exists(os.path.join(d, tool + ".out")):
            continue
        out = open(os.path.join(d, tool + ".out"), encoding="utf-8").read()
        tim = open(os.path.join(d, tool + ".time"), encoding="utf-8").read()
        r = parse_guanxi(out) if tool == "guanxi" else parse_result(out)
        r["wall"] = wall_seconds(tim)
        r["rss_mb"] = max_rss_kb(tim) / 1024
        server = os.path.join(d, tool + ".server")
        r["server_mb"] = int(open(server).read().split()[0]) / 1024 if os.path.exists(server) else None
        stats = os.path.join(d, tool + ".stats")
        r["stats"] = json.loads(open(stats).read()) if os.path.exists(stats) else None
        res[tool] = r

    print("| loader | rows | wall s (whole command) | rows/s | table phase s | rows/s (tables) "
          "| peak RSS of the loader | peak RSS of Neo4j |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tool, label in TOOLS:
        if tool not in res:
            continue
        r = res[tool]
        server = f"{r['server_mb']:.0f} MB" if r["server_mb"] else "n/a"
        print(f"| {label} | {r['rows']:,} | {r['wall']:.1f} | {r['rows'] / r['wall']:,.0f} | "
              f"{r['table_seconds']:.1f} | {r['rows'] / r['table_seconds']:,.0f} | "
              f"{r['rss_mb']:.0f} MB | {server} |")
    if "guanxi" in res:
        g = res["guanxi"]
        print()
        print("| target | whole command | table phase | met? |")
        print("| --- | ---: | ---: | --- |")
        for tool, label in TOOLS[1:]:
            if tool not in res:
                continue
            b = res[tool]
            whole = (g["rows"] / g["wall"]) / (b["rows"] / b["wall"])
            tables = (g["rows"] / g["table_seconds"]) / (b["rows"] / b["table_seconds"])
            want = TARGETS[tool]
            met = ("yes" if min(whole, tables) >= want else
                   "only for the table phase" if tables >= want else
                   "only for the whole command" if whole >= want else "**no**")
            print(f"| guanxi ≥ {want}× {label} rows/s | {whole:.2f}× | {tables:.2f}× | {met} |")
        rss_ok = "yes" if g["rss_mb"] <= RSS_TARGET_MB else "**no**"
        print(f"| guanxi peak RSS ≤ {RSS_TARGET_MB} MB | {g['rss_mb']:.0f} MB | | {rss_ok} |")
        print()
        print("guanxi per table:")
        print()
        print("| table | rows | seconds | rows/s |")
        print("| --- | ---: | ---: | ---: |")
        for t in g["tables"]:
            rate = t["read"] / t["seconds"] if t["seconds"] else 0
            print(f"| {t['table']} | {t['read']:,} | {t['seconds']:.1f} | {rate:,.0f} |")
        rest = g["total"]["seconds"] - g["table_seconds"]
        print(f"| (pass 1, identity resolution, load run) | | {rest:.1f} | |")
        if g.get("identity"):
            print()
            print("guanxi identity links: {} certain person, {} certain company, {} possible."
                  .format(*g["identity"]))
        per = [(tool, res[tool]) for tool, _ in TOOLS if tool in res and tool != "guanxi"]
        if per:
            print()
            print("Per table, rows/s of each loader:")
            print()
            print("| table | guanxi | " + " | ".join(lbl for t, lbl in TOOLS[1:] if t in res) + " |")
            print("| --- | ---: |" + " ---: |" * len(per))
            for t in g["tables"]:
                cells = [f"{t['read'] / t['seconds']:,.0f}" if t["seconds"] else "-"]
                for _, r in per:
                    bt = next((x for x in r["tables"] if x["table"] == t["table"]), None)
                    cells.append(f"{bt['read'] / bt['seconds']:,.0f}" if bt and bt["seconds"] else "-")
                print(f"| {t['table']} | " + " | ".join(cells) + " |")
    history_report(d)
    stats = {tool: r["stats"] for tool, r in res.items() if r.get("stats")}
    if stats:
        print()
        print("Graph built by each run (nodes per label, relationships per type):")
        print()
        keys = sorted({(kind, k) for s in stats.values() for kind in ("labels", "relationships")
                       for k in s[kind]})
        names = [t for t, _ in TOOLS if t in stats]
        print("| | " + " | ".join(names) + " |")
        print("| --- |" + " ---: |" * len(names))
        for kind, k in keys:
            vals = [stats[t][kind].get(k, 0) for t in names]
            if not any(vals):
                continue
            mark = "" if len(set(vals)) == 1 else " ≠"
            print(f"| {k}{mark} | " + " | ".join(f"{v:,}" for v in vals) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
