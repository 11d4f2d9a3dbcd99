#!/usr/bin/env python3
"""A synthetic stand-in for the county preset, used by the benchmark only when
`guanxi gen` is not available: the data contract's ten tables in canonical forms at county
scale (20 towns, ~400 villages, ~100,000 people), valid ID numbers and credit codes,
deterministic per seed. It has no planted cases: it is for timing loads, not for detection.
"""

import argparse
import csv
import datetime as dt
import os
import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国建华志强海燕晓东晓峰永明建平春梅秋菊小红金花德明立新"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number(rng, birth, male):
    seq = rng.randrange(0, 50) * 2 + (1 if male else 0)
    first = f"330698{birth:%Y%m%d}{rng.randrange(0, 10)}{seq:02d}"
    return first + ID_CHECK[sum(int(c) * w for c, w in zip(first, ID_WEIGHTS)) % 11]


def credit_code(rng):
    first = "91330698" + "".join(rng.choice(CC_ALPHABET) for _ in range(9))
    total = sum(CC_ALPHABET.index(c) * w for c, w in zip(first, CC_WEIGHTS))
    return first + CC_ALPHABET[(31 - total % 31) % 31]


def day(rng, start_year, end_year):
    start = dt.date(start_year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randrange(start, dt.date(end_year, 12, 31).toordinal()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--towns", type=int, default=20)
    ap.add_argument("--villages-per-town", type=int, default=20)
    ap.add_argument("--people-per-village", type=int, default=245)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    def writer(name, header):
        f = open(os.path.join(args.out, name + ".csv"), "w", newline="", encoding="utf-8")
        w = csv.writer(f)
        w.writerow(header)
        return f, w

    files = {}
    for name, header in [
        ("people", ["id", "name", "gender", "birth_date", "id_number", "phone", "address"]),
        ("orgs", ["id", "name", "kind", "parent_id", "region"]),
        ("companies", ["id", "name", "credit_code", "address", "phone", "registered_on",
                       "industry", "qualification", "owner_org_id"]),
        ("positions", ["person_id", "org_id", "title", "start_date", "end_date"]),
        ("kinship", ["person_id", "relative_id", "relation"]),
        ("company_roles", ["company_id", "person_id", "role", "share_pct", "start_date",
                           "end_date"]),
        ("contracts", ["id", "buyer_id", "title", "category", "amount", "method",
                       "required_qualification", "published_on", "awarded_on", "supplier_id",
                       "approver_id"]),
        ("bids", ["contract_id", "bidder_id", "amount", "qualified"]),
        ("payments", ["id", "payer_id", "payee_id", "amount", "purpose", "paid_on",
                      "recorded_on", "handler_id", "contract_id"]),
        ("tips", ["id", "received_on", "text", "subject_ids"]),
    ]:
        files[name] = writer(name, header)
    w = {k: v[1] for k, v in files.items()}

    def person(pid, village_name, male=None, birth=None):
        male = rng.random() < 0.5 if male is None else male
        birth = birth or day(rng, 1940, 2005)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        ident = id_number(rng, birth, male) if rng.random() < 0.9 else ""
        phone = f"13{rng.randrange(0, 10**9):09d}" if rng.random() < 0.8 else ""
        w["people"].writerow([pid, name, "M" if male else "F", birth.isoformat(), ident, phone,
                              f"青溪县{village_name}{rng.randrange(1, 200)}号"])
        return birth

    w["orgs"].writerow(["o-county", "青溪县", "county", "", "青溪县"])
    n_people = n_company = n_contract = n_payment = 0
    officials, companies_all = [], []
    for t in range(args.towns):
        town = f"o-t{t}"
        town_name = f"第{t}镇"
        w["orgs"].writerow([town, town_name, "town", "o-county", f"青溪县/{town_name}"])
        for v in range(args.villages_per_town):
            village = f"{town}-v{v}"
            vname = f"{town_name}第{v}村"
            w["orgs"].writerow([village, vname, "village", town, f"青溪县/{town_name}"])
            residents = []
            # Families: two parents, children; ties given from one end.
            while len(residents) < args.people_per_village:
                father, mother = f"p{n_people}", f"p{n_people + 1}"
                n_people += 2
                fb = person(father, vname, male=True)
                person(mother, vname, male=False)
                w["kinship"].writerow([father, mother, "妻子"])
                residents += [father, mother]
                kids = []
                for _ in range(rng.choice((1, 2, 2, 3))):
                    kid = f"p{n_people}"
                    n_people += 1
                    male = rng.random() < 0.5
                    person(kid, vname, male=male,
                           birth=fb + dt.timedelta(days=rng.randrange(7000, 14000)))
                    w["kinship"].writerow([father, kid, "儿子" if male else "女儿"])
                    if rng.random() < 0.5:
                        w["kinship"].writerow([kid, mother, "母亲"])
                    for other in kids:
                        w["kinship"].writerow([other, kid, "sibling"])
                    kids.append(kid)
                    residents.append(kid)
            cadres = rng.sample(residents, 12)
            for i, (p, title) in enumerate(zip(cadres, ["村党总支书记", "村委会主任", "报账员"]
                                               + ["村委委员"] * 9)):
                w["positions"].writerow([p, village, title, day(rng, 2008, 2020).isoformat(),
                                         "" if rng.random() < 0.7 else day(rng, 2021, 2024)])
                officials.append(p)
            for _ in range(12):
                cid = f"c{n_company}"
                n_company += 1
                owner = village if rng.random() < 0.1 else ""
                w["companies"].writerow([
                    cid, f"青溪县{vname}{rng.choice('宏达兴盛利华鑫源')}{n_company}有限公司",
                    credit_code(rng), f"青溪县{vname}{rng.randrange(1, 99)}号",
                    f"0575-8{rng.randrange(0, 10**6):06d}", day(rng, 1995, 2020).isoformat(),
                    rng.choice(("建筑", "广告", "保洁", "五金", "农业")),
                    rng.choice(("", "", "special", "1", "2", "3")), owner])
                companies_all.append(cid)
                for role in ("legal_rep", "shareholder", "supervisor"):
                    w["company_roles"].writerow([
                        cid, rng.choice(residents), role,
                        f"{rng.randrange(1, 100)}" if role == "shareholder" else "",
                        day(rng, 2000, 2020).isoformat(), ""])
            for _ in range(20):
                kid = f"k{n_contract}"
                n_contract += 1
                supplier = rng.choice(companies_all[-40:])
                amount = rng.randrange(5_000, 2_000_000)
                published = day(rng, 2012, 2023)
                w["contracts"].writerow([
                    kid, village, f"{vname}工程{n_contract}",
                    rng.choice(("construction", "advertising", "cleaning", "goods")),
                    f"{amount}.00", rng.choice(("open", "invited", "direct")),
                    rng.choice(("", "1", "2", "3")), published.isoformat(),
                    (published + dt.timedelta(days=rng.randrange(10, 60))).isoformat(),
                    supplier, rng.choice(cadres[:2])])
                bidders = {supplier, *rng.sample(companies_all[-40:], 2)}
                for b in sorted(bidders):
                    w["bids"].writerow([kid, b, f"{amount * rng.uniform(0.9, 1.1):.2f}",
                                        rng.choice(("true", "true", "false"))])
                for _ in range(5):
                    pay = f"y{n_payment}"
                    n_payment += 1
                    paid = day(rng, 2013, 2024)
                    w["payments"].writerow([
                        pay, village, supplier, f"{amount / 5:.2f}", "工程款", paid.isoformat(),
                        (paid + dt.timedelta(days=rng.randrange(0, 90))).isoformat()
                        if rng.random() < 0.9 else "",
                        cadres[2], kid])
            for i in range(2):
                w["tips"].writerow([f"t{village}-{i}", day(rng, 2015, 2024).isoformat(),
                                    f"群众反映{vname}的工程款问题。",
                                    f"{rng.choice(cadres)};{rng.choice(companies_all[-12:])}"])
    for f, _ in files.values():
        f.close()
    print(f"wrote {n_people} people, {n_company} companies, {n_contract} contracts, "
          f"{n_payment} payments to {args.out}")


if __name__ == "__main__":
    main()
