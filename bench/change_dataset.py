#!/usr/bin/env python3
"""A changed copy of a dataset, for the cost of the change history (issue 14).

Copies every CSV of SRC into DST and changes one column of every row of people.csv and
companies.csv (the phone: its last digit moves by one), so that reloading DST over a graph
loaded from SRC changes every person and company, and guanxi writes one history entry for each.
The other tables are copied unchanged (a reload skips their rows by their content hash).
"""

import csv
import os
import shutil
import sys

CHANGED = ("people.csv", "companies.csv")


def bump(phone: str) -> str:
    if not phone or not phone[-1].isdigit():
        return phone + "0" if phone else phone
    return phone[:-1] + str((int(phone[-1]) + 1) % 10)


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    changed = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".csv"):
            continue
        if name not in CHANGED:
            shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
            continue
        with open(os.path.join(src, name), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
            header = list(rows[0].keys()) if rows else []
        with open(os.path.join(dst, name), "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header)
            w.writeheader()
            for row in rows:
                new = bump(row.get("phone", ""))
                changed += new != row.get("phone", "")
                row["phone"] = new
                w.writerow(row)
    print(changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
