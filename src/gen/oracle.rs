//! Test oracle: an independent, brute-force, in-memory evaluation of the pattern definitions
//! over the CSV files of a generated dataset. It shares nothing with the generator but the
//! checksum functions, and reads only the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::checksum::id_number_check_char;

type Row = HashMap<String, String>;

pub(super) fn read(dir: &Path, table: &str) -> Vec<Row> {
    let mut r = csv::Reader::from_path(dir.join(format!("{table}.csv"))).expect("open csv");
    let headers: Vec<String> = r
        .headers()
        .expect("headers")
        .iter()
        .map(|s| s.to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|s| s.to_string()))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        })
        .collect()
}

pub(super) fn valid_id_number(s: &str) -> bool {
    s.len() == 18
        && s.is_ascii()
        && id_number_check_char(&s[..17]).is_some_and(|c| s[17..].starts_with(c))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("canonical date")
}

fn amount(s: &str) -> f64 {
    s.parse().expect("canonical amount")
}

fn norm_addr(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_ascii_punctuation()
                || ('\u{3000}'..='\u{303f}').contains(c)
                || ('\u{ff01}'..='\u{ff0f}').contains(c)
                || ('\u{ff1a}'..='\u{ff20}').contains(c)
                || ('\u{ff3b}'..='\u{ff40}').contains(c)
                || ('\u{ff5b}'..='\u{ff65}').contains(c))
        })
        .collect()
}

fn minus_years(d: NaiveDate, y: i32) -> NaiveDate {
    d.with_year(d.year() - y)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(d.year() - y, 2, 28).expect("date"))
}

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

type Set = BTreeSet<usize>;

struct World {
    /// record id -> human
    human: HashMap<String, usize>,
    /// human -> its record ids
    records: Vec<Vec<String>>,
    phone: HashMap<String, String>,
    addr: HashMap<String, String>,
    parents: Vec<Set>,
    children: Vec<Set>,
    spouses: Vec<Set>,
    siblings: Vec<Set>,
    /// records of a human that appear in kinship rows
    kin_records: Vec<BTreeSet<String>>,
    /// human -> orgs where it holds a post; and the records holding them
    posts: Vec<BTreeSet<String>>,
    post_records: Vec<BTreeSet<String>>,
    officials_of: HashMap<String, Set>,
    org_parent: HashMap<String, String>,
    /// company -> (human, record) standing in it (roles other than employee)
    stands: HashMap<String, Vec<(usize, String)>>,
}

impl World {
    fn step(&self, from: &Set, rel: &[Set]) -> Set {
        from.iter().flat_map(|&h| rel[h].iter().copied()).collect()
    }

    /// The recusal scope of human `h`, by the definition's chains.
    fn scope(&self, h: usize) -> Set {
        let me: Set = [h].into();
        let (p, c, s, b) = (&self.parents, &self.children, &self.spouses, &self.siblings);
        let mut out = Set::new();
        let sp = self.step(&me, s);
        out.extend(&sp);
        // Lineal, any generation.
        for rel in [p, c] {
            let mut frontier = self.step(&me, rel);
            while !frontier.is_empty() {
                let new: Set = frontier.difference(&out).copied().collect();
                out.extend(&new);
                frontier = self.step(&new, rel);
            }
        }
        let sib = self.step(&me, b);
        out.extend(&sib);
        let unc = self.step(&self.step(&me, p), b);
        out.extend(&unc);
        let cousins = self.step(&unc, c);
        out.extend(&cousins);
        let nephews = self.step(&sib, c);
        out.extend(&nephews);
        for coll in [&sib, &unc, &cousins, &nephews] {
            out.extend(self.step(coll, s));
        }
        out.extend(self.step(&sp, p));
        let ssib = self.step(&sp, b);
        out.extend(&ssib);
        out.extend(self.step(&ssib, s));
        let cs = self.step(&self.step(&me, c), s);
        out.extend(&cs);
        out.extend(self.step(&cs, p));
        out.remove(&h);
        out
    }

    fn is_person(&self, id: &str) -> bool {
        self.human.contains_key(id)
    }
}

/// Every alert the definitions raise over the dataset in `dir`, as (pattern, sorted subjects).
pub(super) fn evaluate(dir: &Path, today: NaiveDate) -> BTreeSet<(String, Vec<String>)> {
    let people = read(dir, "people");
    let n = people.len();
    let mut uf = Uf((0..n).collect());
    let mut by_idn: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<(String, &str), Vec<usize>> = HashMap::new();
    for (i, r) in people.iter().enumerate() {
        if let Some(x) = r.get("id_number").filter(|x| valid_id_number(x)) {
            if let Some(&j) = by_idn.get(x.as_str()) {
                uf.union(i, j);
            } else {
                by_idn.insert(x, i);
            }
        }
        if let Some(b) = r.get("birth_date") {
            let name: String = r["name"].chars().filter(|c| !c.is_whitespace()).collect();
            by_name.entry((name, b.as_str())).or_default().push(i);
        }
    }
    for group in by_name.values() {
        for (k, &i) in group.iter().enumerate() {
            for &j in &group[k + 1..] {
                let vi = people[i].get("id_number").filter(|x| valid_id_number(x));
                let vj = people[j].get("id_number").filter(|x| valid_id_number(x));
                let conflict = matches!((vi, vj), (Some(a), Some(b)) if a != b);
                if !conflict {
                    uf.union(i, j);
                }
            }
        }
    }
    let mut w = World {
        human: HashMap::new(),
        records: vec![Vec::new(); n],
        phone: HashMap::new(),
        addr: HashMap::new(),
        parents: vec![Set::new(); n],
        children: vec![Set::new(); n],
        spouses: vec![Set::new(); n],
        siblings: vec![Set::new(); n],
        kin_records: vec![BTreeSet::new(); n],
        posts: vec![BTreeSet::new(); n],
        post_records: vec![BTreeSet::new(); n],
        officials_of: HashMap::new(),
        org_parent: HashMap::new(),
        stands: HashMap::new(),
    };
    for (i, r) in people.iter().enumerate() {
        let h = uf.find(i);
        let id = r["id"].clone();
        w.human.insert(id.clone(), h);
        w.records[h].push(id.clone());
        if let Some(p) = r.get("phone") {
            w.phone.insert(id.clone(), p.clone());
        }
        if let Some(a) = r.get("address") {
            w.addr.insert(id, norm_addr(a));
        }
    }
    for r in read(dir, "kinship") {
        let (a, b) = (w.human[&r["person_id"]], w.human[&r["relative_id"]]);
        w.kin_records[a].insert(r["person_id"].clone());
        w.kin_records[b].insert(r["relative_id"].clone());
        match r["relation"].as_str() {
            "parent" => {
                w.parents[a].insert(b);
                w.children[b].insert(a);
            }
            "child" => {
                w.children[a].insert(b);
                w.parents[b].insert(a);
            }
            "spouse" => {
                w.spouses[a].insert(b);
                w.spouses[b].insert(a);
            }
            "sibling" => {
                w.siblings[a].insert(b);
                w.siblings[b].insert(a);
            }
            other => panic!("relation {other}"),
        }
    }
    for r in read(dir, "orgs") {
        if let Some(p) = r.get("parent_id") {
            w.org_parent.insert(r["id"].clone(), p.clone());
        }
    }
    for r in read(dir, "positions") {
        let h = w.human[&r["person_id"]];
        w.posts[h].insert(r["org_id"].clone());
        w.post_records[h].insert(r["person_id"].clone());
        w.officials_of
            .entry(r["org_id"].clone())
            .or_default()
            .insert(h);
    }
    let mut company_phone: HashMap<String, String> = HashMap::new();
    let mut company_addr: HashMap<String, String> = HashMap::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for r in read(dir, "companies") {
        let id = r["id"].clone();
        if let Some(p) = r.get("phone") {
            company_phone.insert(id.clone(), p.clone());
        }
        if let Some(a) = r.get("address") {
            company_addr.insert(id.clone(), norm_addr(a));
        }
        if let Some(o) = r.get("owner_org_id") {
            owner.insert(id, o.clone());
        }
    }
    for r in read(dir, "company_roles") {
        if r["role"] == "employee" {
            continue;
        }
        if let Some(&h) = w.human.get(&r["person_id"]) {
            w.stands
                .entry(r["company_id"].clone())
                .or_default()
                .push((h, r["person_id"].clone()));
        }
    }
    let contracts = read(dir, "contracts");
    let mut bids: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for r in read(dir, "bids") {
        let q = r.get("qualified").map(|s| s == "true").unwrap_or(true);
        bids.entry(r["contract_id"].clone())
            .or_default()
            .push((r["bidder_id"].clone(), q));
    }
    let payments = read(dir, "payments");

    let mut scopes: HashMap<usize, Set> = HashMap::new();
    let mut scope =
        |w: &World, h: usize| -> Set { scopes.entry(h).or_insert_with(|| w.scope(h)).clone() };
    let mut out: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    let mut emit = |pattern: &str, s: BTreeSet<String>| {
        out.insert((pattern.to_string(), s.into_iter().collect()));
    };
    let no_officials = Set::new();

    // kin-supplier, self-dealing, shared-contact
    for c in &contracts {
        let cid = &c["id"];
        let buyer = &c["buyer_id"];
        let sup = &c["supplier_id"];
        let mut officials: Set = w.officials_of.get(buyer).unwrap_or(&no_officials).clone();
        if let Some(a) = c.get("approver_id") {
            let h = w.human[a];
            if !w.posts[h].is_empty() {
                officials.insert(h);
            }
        }
        let mut ks: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
        for &p in &officials {
            let sc = scope(&w, p);
            if w.is_person(sup) {
                let r = w.human[sup];
                if sc.contains(&r) {
                    let e = ks.entry((p, r)).or_default();
                    e.extend(w.kin_records[r].iter().cloned());
                    e.insert(sup.clone());
                }
            } else if let Some(st) = w.stands.get(sup) {
                for (r, rec) in st {
                    if sc.contains(r) {
                        let e = ks.entry((p, *r)).or_default();
                        e.extend(w.kin_records[*r].iter().cloned());
                        e.insert(rec.clone());
                        e.insert(sup.clone());
                    }
                }
            }
        }
        for ((p, _), mut s) in ks {
            s.extend(w.post_records[p].iter().cloned());
            s.insert(cid.clone());
            emit("kin-supplier", s);
        }
        // self-dealing: officials with a post at the buyer
        if let Some(st) = w.stands.get(sup) {
            let at_buyer = w.officials_of.get(buyer).unwrap_or(&no_officials);
            // Subjects: the official's post records (not the record holding the role).
            let mut sd: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
            for (h, _) in st {
                if at_buyer.contains(h) {
                    sd.entry(*h).or_default();
                }
            }
            for (p, mut s) in sd {
                s.extend(w.post_records[p].iter().cloned());
                s.insert(sup.clone());
                s.insert(cid.clone());
                emit("self-dealing", s);
            }
        }
    }
    // shared-contact: one per (supplier, official)
    let mut shared: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for c in &contracts {
        let sup = &c["supplier_id"];
        if w.is_person(sup) {
            continue;
        }
        let (sp, sa) = (company_phone.get(sup), company_addr.get(sup));
        for &p in w.officials_of.get(&c["buyer_id"]).unwrap_or(&no_officials) {
            let mut hs = scope(&w, p);
            hs.insert(p);
            let mut matched = BTreeSet::new();
            for h in hs {
                for rec in &w.records[h] {
                    let ph = sp.is_some() && w.phone.get(rec) == sp;
                    let ad = sa.is_some_and(|a| !a.is_empty()) && w.addr.get(rec) == sa;
                    if ph || ad {
                        matched.insert(rec.clone());
                    }
                }
            }
            if !matched.is_empty() {
                let e = shared.entry((sup.clone(), p)).or_default();
                e.extend(matched);
                e.extend(w.post_records[p].iter().cloned());
                e.insert(sup.clone());
            }
        }
    }
    for (_, s) in shared {
        emit("shared-contact", s);
    }
    // supplier-concentration
    let mut by_bk: BTreeMap<(String, String), Vec<&Row>> = BTreeMap::new();
    for c in &contracts {
        let k = c.get("category").cloned().unwrap_or_default();
        by_bk.entry((c["buyer_id"].clone(), k)).or_default().push(c);
    }
    for ((b, _), cs) in &by_bk {
        let latest = cs
            .iter()
            .map(|c| date(&c["awarded_on"]))
            .max()
            .expect("one");
        let from = minus_years(latest, 3);
        let win: Vec<&&Row> = cs
            .iter()
            .filter(|c| date(&c["awarded_on"]) >= from)
            .collect();
        if win.len() < 3 {
            continue;
        }
        let total: f64 = win.iter().map(|c| amount(&c["amount"])).sum();
        let mut per: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
        for c in &win {
            let e = per.entry(c["supplier_id"].as_str()).or_default();
            e.0 += 1;
            e.1 += amount(&c["amount"]);
        }
        for (s, (k, a)) in per {
            if k * 5 >= win.len() * 3 || a >= 0.6 * total {
                emit("supplier-concentration", [b.clone(), s.to_string()].into());
            }
        }
    }
    // split-contracts
    let mut by_bsk: BTreeMap<(String, String, String), Vec<&Row>> = BTreeMap::new();
    for c in &contracts {
        if amount(&c["amount"]) < 100_000.0 {
            let k = c.get("category").cloned().unwrap_or_default();
            by_bsk
                .entry((c["buyer_id"].clone(), c["supplier_id"].clone(), k))
                .or_default()
                .push(c);
        }
    }
    for ((b, s, _), cs) in by_bsk {
        let mut group = BTreeSet::new();
        for c in &cs {
            let d0 = date(&c["awarded_on"]);
            let win: Vec<&&Row> = cs
                .iter()
                .filter(|x| {
                    let d = date(&x["awarded_on"]);
                    d >= d0 && (d - d0).num_days() <= 60
                })
                .collect();
            let sum: f64 = win.iter().map(|x| amount(&x["amount"])).sum();
            if win.len() >= 2 && sum > 100_000.0 {
                group.extend(win.iter().map(|x| x["id"].clone()));
            }
        }
        if !group.is_empty() {
            group.insert(b.clone());
            group.insert(s.clone());
            emit("split-contracts", group);
        }
    }
    // qualification-anomaly
    let rank = |q: Option<&String>| match q.map(|s| s.as_str()) {
        None => 0,
        Some("3") => 1,
        Some("2") => 2,
        Some("1") => 3,
        Some("special") => 4,
        Some(o) => panic!("grade {o}"),
    };
    for c in &contracts {
        let r = rank(c.get("required_qualification"));
        if r == 0 {
            continue;
        }
        let a = amount(&c["amount"]);
        let comps: Vec<&Row> = contracts
            .iter()
            .filter(|x| x["id"] != c["id"] && x.get("category") == c.get("category"))
            .filter(|x| {
                let b = amount(&x["amount"]);
                b >= a / 2.0 && b <= a * 2.0
            })
            .collect();
        let looser = comps
            .iter()
            .filter(|x| rank(x.get("required_qualification")) < r)
            .count();
        if comps.len() >= 3 && 2 * looser > comps.len() {
            emit(
                "qualification-anomaly",
                [c["id"].clone(), c["buyer_id"].clone()].into(),
            );
        }
    }
    // single-bidder
    for c in &contracts {
        if c.get("method").map(|s| s.as_str()) != Some("open") {
            continue;
        }
        let bs = bids.get(&c["id"]).cloned().unwrap_or_default();
        let sup = &c["supplier_id"];
        let single = bs.len() == 1
            || (!bs.is_empty() && bs.iter().filter(|(b, _)| b != sup).all(|(_, q)| !q));
        if single {
            emit("single-bidder", [c["id"].clone(), sup.clone()].into());
        }
    }
    // payments: late-deposit, collective-subsidy, kin-payee
    let mut coll: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    for p in &payments {
        let pid = &p["id"];
        if let Some(h) = p.get("handler_id") {
            let paid = date(&p["paid_on"]);
            let late = match p.get("recorded_on") {
                Some(r) => (date(r) - paid).num_days() > 30,
                None => (today - paid).num_days() > 30,
            };
            if late {
                emit("late-deposit", [h.clone(), pid.clone()].into());
            }
        }
        let payer = &p["payer_id"];
        let payee = &p["payee_id"];
        if let (Some(o2), Some(&ph)) = (owner.get(payer), w.human.get(payee)) {
            let mut chain = vec![o2.clone()];
            let mut cur = o2.clone();
            while let Some(up) = w.org_parent.get(&cur) {
                chain.push(up.clone());
                cur = up.clone();
            }
            if chain.iter().any(|o| w.posts[ph].contains(o)) {
                let e = coll.entry((ph, payer.clone())).or_default();
                e.extend(w.post_records[ph].iter().cloned());
                e.insert(payer.clone());
                e.insert(o2.clone());
            }
        }
        if let Some(offs) = w.officials_of.get(payer) {
            let mut s = BTreeSet::new();
            for &o in offs {
                let sc = scope(&w, o);
                let mut hit = false;
                if let Some(&r) = w.human.get(payee) {
                    if sc.contains(&r) {
                        s.extend(w.kin_records[r].iter().cloned());
                        s.insert(payee.clone());
                        hit = true;
                    }
                } else if let Some(st) = w.stands.get(payee) {
                    for (r, rec) in st {
                        if sc.contains(r) {
                            s.extend(w.kin_records[*r].iter().cloned());
                            s.insert(rec.clone());
                            s.insert(payee.clone());
                            hit = true;
                        }
                    }
                }
                if hit {
                    s.extend(w.post_records[o].iter().cloned());
                }
            }
            if !s.is_empty() {
                s.insert(pid.clone());
                emit("kin-payee", s);
            }
        }
    }
    for (_, s) in coll {
        emit("collective-subsidy", s);
    }
    out
}
