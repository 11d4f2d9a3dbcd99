//! The background world: orgs, officials with three-generation families, resident
//! households, companies, contracts in (buyer, category) slots, bids, payments and tips.
//!
//! Cleanliness by construction:
//! - officials' families and resident households are disjoint kinship clusters; company
//!   roles, payees and bidders are drawn from residents only, so no relative of an official
//!   stands in a company or is paid unless a planted case says so;
//! - (name, birth date) and id numbers are unique, so no accidental identity link exists;
//! - phones are unique; company addresses (工业园区 ... 路 N号) never look like homes (村 N号);
//! - in a (buyer, category) slot every contract has a different supplier and amounts stay
//!   within a factor 2.5, so no supplier reaches 60 % of a window of 3 or more contracts
//!   and no split group exists;
//! - every background construction tender demands grade 3 and no construction tender
//!   demands none, so no background tender is stricter than its peers;
//! - open tenders have 3-5 bids with at least two qualified losers;
//! - money handled by a cadre is booked within 10 days; officials are never paid by a
//!   collective enterprise.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::names::*;
use super::table::{Tables, T};
use super::{GenError, NearMiss, Preset, Truth, TruthAlert};
use crate::domain::checksum::{credit_code_check_char, id_number_check_char, CREDIT_CODE_ALPHABET};

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(super) fn ds(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn money(yuan: i64) -> String {
    format!("{yuan}.00")
}

/// Contract categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cat {
    Construction,
    Advertising,
    Cleaning,
    Goods,
    Services,
}

pub(super) const CATS: [Cat; 5] = [
    Cat::Construction,
    Cat::Advertising,
    Cat::Cleaning,
    Cat::Goods,
    Cat::Services,
];

impl Cat {
    pub(super) fn index(self) -> usize {
        self as usize
    }
    pub(super) fn word(self) -> &'static str {
        match self {
            Cat::Construction => "construction",
            Cat::Advertising => "advertising",
            Cat::Cleaning => "cleaning",
            Cat::Goods => "goods",
            Cat::Services => "services",
        }
    }
    fn industry(self) -> &'static str {
        match self {
            Cat::Construction => "建筑业",
            Cat::Advertising => "广告业",
            Cat::Cleaning => "环境卫生管理",
            Cat::Goods => "批发和零售业",
            Cat::Services => "商务服务业",
        }
    }
    fn name_suffix(self) -> &'static str {
        match self {
            Cat::Construction => "建设工程有限公司",
            Cat::Advertising => "广告有限公司",
            Cat::Cleaning => "保洁服务有限公司",
            Cat::Goods => "商贸有限公司",
            Cat::Services => "物业服务有限公司",
        }
    }
    /// Range of a slot's base amount (yuan); contracts of the slot lie in [base, 2.5 base).
    fn base_range(self) -> (i64, i64) {
        match self {
            Cat::Construction => (100_000, 400_000),
            Cat::Advertising => (15_000, 60_000),
            Cat::Cleaning => (30_000, 80_000),
            Cat::Goods => (10_000, 60_000),
            Cat::Services => (20_000, 70_000),
        }
    }
    pub(super) fn purpose(self) -> &'static str {
        match self {
            Cat::Construction => "工程款",
            Cat::Goods => "货款",
            _ => "服务费",
        }
    }
}

pub(super) struct Params {
    towns: usize,
    villages: (i64, i64),
    community_share: f64,
    households: (i64, i64),
    companies_per_cat: usize,
    contracts_per_slot: (i64, i64),
    labour: (i64, i64),
    fees: (i64, i64),
    collective_pay: (i64, i64),
    tips: (i64, i64),
    departments: usize,
    pub(super) case_mult: usize,
    pub(super) nm_mult: usize,
}

impl Params {
    fn of(preset: Preset) -> Params {
        let county = Params {
            towns: 20,
            villages: (18, 22),
            community_share: 0.15,
            households: (26, 33),
            companies_per_cat: 30,
            contracts_per_slot: (5, 14),
            labour: (70, 110),
            fees: (20, 40),
            collective_pay: (20, 40),
            tips: (90, 110),
            departments: 6,
            case_mult: 10,
            nm_mult: 10,
        };
        match preset {
            Preset::Small => Params {
                towns: 1,
                villages: (5, 5),
                community_share: 0.2,
                households: (40, 48),
                companies_per_cat: 10,
                contracts_per_slot: (2, 5),
                labour: (12, 20),
                fees: (4, 8),
                collective_pay: (5, 10),
                tips: (10, 10),
                departments: 1,
                case_mult: 1,
                nm_mult: 1,
            },
            Preset::County => county,
            Preset::City => Params {
                towns: 200,
                case_mult: 100,
                nm_mult: 100,
                ..county
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum IdKind {
    /// ~90 % valid, ~9.5 % none, ~0.5 % wrong check character.
    Auto,
    Valid,
    Invalid,
}

pub(super) struct PSpec {
    pub surname: Option<String>,
    pub name: Option<String>,
    pub male: bool,
    pub year: i32,
    pub birth: Option<NaiveDate>,
    pub addr: String,
    pub phone: bool,
    pub id: IdKind,
    /// Exact id_number text to use (copied from another record), with whether it is valid.
    pub id_exact: Option<(String, bool)>,
}

impl PSpec {
    pub(super) fn new(male: bool, year: i32, addr: String) -> PSpec {
        PSpec {
            surname: None,
            name: None,
            male,
            year,
            birth: None,
            addr,
            phone: true,
            id: IdKind::Auto,
            id_exact: None,
        }
    }
    pub(super) fn surname(mut self, s: &str) -> PSpec {
        self.surname = Some(s.to_string());
        self
    }
}

pub(super) struct Person {
    pub id: String,
    pub name: String,
    pub surname: String,
    pub male: bool,
    pub birth: NaiveDate,
    pub idn: Option<String>,
    pub idn_valid: bool,
    pub phone: Option<String>,
    pub addr: String,
}

pub(super) struct Org {
    pub id: String,
    pub name: String,
    pub community: bool,
}

pub(super) struct Official {
    pub person: usize,
    /// Town-local org index (0 = the town), or `None` for county-level posts.
    pub org: Option<usize>,
    pub titles: Vec<&'static str>,
    pub senior: bool,
}

/// An official's family; indices into `Town::people`.
pub(super) struct Family {
    pub p: usize,
    pub father: usize,
    pub mother: usize,
    pub spouse: usize,
    /// (sibling, spouse, children)
    pub siblings: Vec<(usize, Option<usize>, Vec<usize>)>,
    /// (child, spouse, children)
    pub children: Vec<(usize, Option<usize>, Vec<usize>)>,
    pub spouse_parents: Option<(usize, usize)>,
    pub spouse_siblings: Vec<usize>,
    /// Every member, the official included.
    pub members: Vec<usize>,
    /// Town-local org where the family lives.
    pub village: usize,
}

pub(super) struct Company {
    pub id: String,
    pub grade: Option<u8>,
}

pub(super) enum BidPlan {
    Normal,
    OnlyWinner,
    OthersUnqualified,
    None,
}

pub(super) struct CSpec {
    pub id: String,
    pub title: String,
    pub amount: i64,
    pub method: &'static str,
    pub q: Option<&'static str>,
    pub awarded: NaiveDate,
    pub supplier: String,
    pub approver: String,
    pub bids: BidPlan,
    /// When set, every settlement payment is a kin-payee alert with these subjects (the
    /// payment id is added) and this note.
    pub kin_payee: Option<(Vec<String>, String)>,
}

pub(super) struct Slot {
    pub org: usize,
    pub cat: Cat,
    pub exclusive: bool,
    pub base: i64,
    pub n_bg: i64,
    pub injected: Vec<CSpec>,
}

pub(super) struct Town {
    pub name: String,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub officials: Vec<Official>,
    pub families: Vec<Family>,
    pub used_off: Vec<bool>,
    /// Adult residents (not in any official's family), per town-local org.
    pub residents: Vec<Vec<usize>>,
    pub companies: Vec<Company>,
    /// Company indices per category.
    pub pool: Vec<Vec<usize>>,
    /// (company, town-local org) of collective enterprises.
    pub collectives: Vec<(usize, usize)>,
    pub house_no: Vec<u32>,
    pub slots: Vec<Slot>,
}

impl Town {
    pub(super) fn pid(&self, i: usize) -> String {
        self.people[i].id.clone()
    }
}

#[derive(Default)]
struct Seq {
    person: u64,
    reg: u64,
    org: u64,
    company: u64,
    contract: u64,
    payment: u64,
    tip: u64,
    phone: u64,
    credit: u64,
    company_addr: u64,
}

pub(super) struct Gen {
    pub rng: ChaCha8Rng,
    pub tab: Tables,
    pub p: Params,
    preset: Preset,
    seed: u64,
    pub county: &'static str,
    county_short: &'static str,
    county_id: String,
    dept_ids: Vec<(String, String)>,
    seq: Seq,
    used_name_birth: HashSet<u64>,
    used_idn: HashSet<u64>,
    used_names: HashSet<u64>,
    pub invalid_ids: Vec<String>,
    pub alerts: Vec<TruthAlert>,
    pub near: Vec<NearMiss>,
    /// (contract id, amount, strictness rank: 0 none, 1 grade 3, 2 grade 2, 3 grade 1, 4 special)
    pub construction: Vec<(String, i64, u8)>,
    pub planted_qual: Vec<String>,
}

/// FNV-1a, so that set membership never depends on a per-process hash seed.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub(super) fn grade_rank(q: Option<&str>) -> u8 {
    match q {
        None => 0,
        Some("3") => 1,
        Some("2") => 2,
        Some("1") => 3,
        Some(_) => 4,
    }
}

impl Gen {
    pub(super) fn new(preset: Preset, seed: u64, tab: Tables) -> Gen {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (county, county_short) = COUNTIES[rng.gen_range(0..COUNTIES.len() as u32) as usize];
        Gen {
            rng,
            tab,
            p: Params::of(preset),
            preset,
            seed,
            county,
            county_short,
            county_id: String::new(),
            dept_ids: Vec::new(),
            seq: Seq::default(),
            used_name_birth: HashSet::new(),
            used_idn: HashSet::new(),
            used_names: HashSet::new(),
            invalid_ids: Vec::new(),
            alerts: Vec::new(),
            near: Vec::new(),
            construction: Vec::new(),
            planted_qual: Vec::new(),
        }
    }

    // ----- random helpers (all through u32/i64 ranges: identical on every platform) -----

    pub(super) fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        self.rng.gen_range(0..n as u32) as usize
    }
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        self.rng.gen_range(lo..=hi)
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.gen::<f64>() < p
    }
    pub(super) fn pick<'a, X>(&mut self, xs: &'a [X]) -> &'a X {
        &xs[self.below(xs.len())]
    }
    pub(super) fn date_in(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Duration::days(self.range(0, span))
    }
    fn weighted_surname(&mut self) -> &'static str {
        let total: u32 = SURNAMES.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.gen_range(0..total);
        for (s, w) in SURNAMES {
            if r < *w {
                return s;
            }
            r -= w;
        }
        SURNAMES[0].0
    }
    fn given_name(&mut self, male: bool, year: i32) -> String {
        let old = year < 1975;
        let mut out = String::new();
        let n = if self.chance(0.62) { 2 } else { 1 };
        for _ in 0..n {
            let list = match (male, old && self.chance(0.6)) {
                (true, true) => MALE_OLD,
                (true, false) => MALE_NEW,
                (false, true) => FEMALE_OLD,
                (false, false) => FEMALE_NEW,
            };
            let c = *self.pick(list);
            out.push_str(c);
        }
        out
    }

    pub(super) fn next_id(&mut self, kind: &str) -> String {
        let s = &mut self.seq;
        match kind {
            "p" => {
                s.person += 1;
                format!("p-{:07}", s.person)
            }
            "pr" => {
                s.reg += 1;
                format!("pr-{:06}", s.reg)
            }
            "org" => {
                s.org += 1;
                format!("org-{:05}", s.org)
            }
            "co" => {
                s.company += 1;
                format!("co-{:06}", s.company)
            }
            "ct" => {
                s.contract += 1;
                format!("ct-{:07}", s.contract)
            }
            "pay" => {
                s.payment += 1;
                format!("pay-{:08}", s.payment)
            }
            _ => {
                s.tip += 1;
                format!("tip-{:06}", s.tip)
            }
        }
    }

    pub(super) fn phone(&mut self) -> String {
        let i = self.seq.phone;
        self.seq.phone += 1;
        let n = PHONE_PREFIXES.len() as u64;
        let prefix = PHONE_PREFIXES[(i % n) as usize];
        let q = i / n;
        let body = (q * 48_271 + 13_579_246) % 100_000_000;
        format!("{prefix}{body:08}")
    }

    fn credit_code(&mut self) -> String {
        let i = self.seq.credit;
        self.seq.credit += 1;
        let alphabet: Vec<char> = CREDIT_CODE_ALPHABET.chars().collect();
        let mut x = (i * 7_368_787 + 1_234_567) % 887_503_681; // 31^6, multiplier coprime
        let mut body = String::new();
        for _ in 0..6 {
            body.insert(0, alphabet[(x % 31) as usize]);
            x /= 31;
        }
        let last = alphabet[self.below(alphabet.len())];
        let first17 = format!("91{AREA_CODE}MA{body}{last}");
        let check = credit_code_check_char(&first17).expect("credit code alphabet");
        format!("{first17}{check}")
    }

    fn id_number(&mut self, birth: NaiveDate, male: bool) -> String {
        loop {
            let seq = self.rng.gen_range(0..500u32) * 2 + u32::from(male);
            let first17 = format!("{AREA_CODE}{}{seq:03}", birth.format("%Y%m%d"));
            let key: u64 = first17.parse().expect("digits");
            if self.used_idn.insert(key) {
                let c = id_number_check_char(&first17).expect("17 digits");
                return format!("{first17}{c}");
            }
        }
    }

    fn wrong_check(&mut self, valid: &str) -> String {
        let (first17, check) = valid.split_at(17);
        const CHARS: &[u8] = b"0123456789X";
        loop {
            let c = CHARS[self.below(CHARS.len())] as char;
            if c.to_string() != check {
                return format!("{first17}{c}");
            }
        }
    }

    // ----- rows -----

    pub(super) fn person(&mut self, t: &mut Town, s: PSpec) -> usize {
        let surname = s
            .surname
            .clone()
            .unwrap_or_else(|| self.weighted_surname().to_string());
        let mut birth = match s.birth {
            Some(b) => b,
            None => NaiveDate::from_yo_opt(s.year, 1 + self.range(0, 364) as u32).expect("day"),
        };
        let mut name;
        let mut tries = 0;
        loop {
            name = match &s.name {
                Some(n) => n.clone(),
                None => format!("{surname}{}", self.given_name(s.male, birth.year())),
            };
            let key = fnv(&[name.as_bytes(), &birth.num_days_from_ce().to_le_bytes()]);
            if self.used_name_birth.insert(key) {
                break;
            }
            tries += 1;
            if tries > 20 || s.name.is_some() {
                birth += Duration::days(1);
            }
        }
        let (idn, valid) = if let Some((x, v)) = &s.id_exact {
            (Some(x.clone()), *v)
        } else {
            let kind = match s.id {
                IdKind::Auto => {
                    let r = self.rng.gen::<f64>();
                    if r < 0.005 {
                        Some(IdKind::Invalid)
                    } else if r < 0.10 {
                        None
                    } else {
                        Some(IdKind::Valid)
                    }
                }
                k => Some(k),
            };
            match kind {
                None => (None, false),
                Some(IdKind::Invalid) => {
                    let v = self.id_number(birth, s.male);
                    (Some(self.wrong_check(&v)), false)
                }
                Some(_) => (Some(self.id_number(birth, s.male)), true),
            }
        };
        let phone = if s.phone { Some(self.phone()) } else { None };
        let id = self.next_id("p");
        if idn.is_some() && !valid {
            self.invalid_ids.push(id.clone());
        }
        let row = [
            id.as_str(),
            name.as_str(),
            if s.male { "M" } else { "F" },
            &ds(birth),
            idn.as_deref().unwrap_or(""),
            phone.as_deref().unwrap_or(""),
            s.addr.as_str(),
        ];
        self.tab.row(T::People, &row);
        t.people.push(Person {
            id,
            name,
            surname,
            male: s.male,
            birth,
            idn,
            idn_valid: valid,
            phone,
            addr: s.addr,
        });
        t.people.len() - 1
    }

    /// A second record of the same human from the company registry: same name, gender and
    /// birth date; the same id_number (`same_idn`, only if it is valid) or none.
    pub(super) fn dup(&mut self, t: &Town, i: usize, same_idn: bool) -> String {
        let p = &t.people[i];
        let id = self.next_id("pr");
        let idn = if same_idn && p.idn_valid {
            p.idn.clone().unwrap_or_default()
        } else {
            String::new()
        };
        let row = [
            id.as_str(),
            p.name.as_str(),
            if p.male { "M" } else { "F" },
            &ds(p.birth),
            idn.as_str(),
            "",
            "",
        ];
        self.tab.row(T::People, &row);
        id
    }

    pub(super) fn k_parent(&mut self, t: &Town, child: usize, parent: usize) {
        let (c, p) = (t.pid(child), t.pid(parent));
        if self.chance(0.5) {
            self.tab.row(T::Kinship, &[&c, &p, "parent"]);
        } else {
            self.tab.row(T::Kinship, &[&p, &c, "child"]);
        }
    }
    pub(super) fn k_spouse(&mut self, t: &Town, a: usize, b: usize) {
        let (x, y) = if self.chance(0.5) { (a, b) } else { (b, a) };
        self.tab.row(T::Kinship, &[&t.pid(x), &t.pid(y), "spouse"]);
    }
    pub(super) fn k_sibling(&mut self, t: &Town, a: usize, b: usize) {
        let (x, y) = if self.chance(0.5) { (a, b) } else { (b, a) };
        self.tab.row(T::Kinship, &[&t.pid(x), &t.pid(y), "sibling"]);
    }

    pub(super) fn home(&mut self, t: &mut Town, org: usize) -> String {
        t.house_no[org] += 1;
        let n = t.house_no[org];
        let o = &t.orgs[org];
        if o.community {
            let road = RESIDENT_ROADS[(n as usize / 40) % RESIDENT_ROADS.len()];
            format!("{}{}{}{road}{n}号", self.county, t.name, o.name)
        } else {
            format!("{}{}{}{n}号", self.county, t.name, o.name)
        }
    }

    pub(super) fn company_addr(&mut self, t: &Town) -> String {
        self.seq.company_addr += 1;
        let n = self.seq.company_addr;
        let road = INDUSTRIAL_ROADS[(n as usize) % INDUSTRIAL_ROADS.len()];
        format!("{}{}工业园区{road}{n}号", self.county, t.name)
    }

    pub(super) fn position(&mut self, t: &Town, person: usize, org_id: &str, title: &str) {
        let birth = t.people[person].birth;
        let adult = ymd(birth.year() + 22, birth.month(), birth.day().min(28));
        let from = adult.max(ymd(2005, 1, 1)).min(ymd(2012, 12, 31));
        let start = self.date_in(from, ymd(2012, 12, 31));
        self.tab.row(
            T::Positions,
            &[&t.pid(person), org_id, title, &ds(start), ""],
        );
    }

    /// Writes a company row and returns its town index.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn company(
        &mut self,
        t: &mut Town,
        name: String,
        cat: Option<Cat>,
        grade: Option<u8>,
        owner: Option<&str>,
        addr: Option<String>,
        phone: Option<String>,
    ) -> usize {
        let id = self.next_id("co");
        let code = self.credit_code();
        let addr = addr.unwrap_or_else(|| self.company_addr(t));
        let phone = phone.unwrap_or_else(|| self.phone());
        let reg = self.date_in(ymd(2003, 1, 1), ymd(2018, 6, 30));
        let g = grade.map(|g| g.to_string()).unwrap_or_default();
        let industry = cat.map(|c| c.industry()).unwrap_or("商务服务业");
        let row = [
            id.as_str(),
            name.as_str(),
            code.as_str(),
            addr.as_str(),
            phone.as_str(),
            &ds(reg),
            industry,
            g.as_str(),
            owner.unwrap_or(""),
        ];
        self.tab.row(T::Companies, &row);
        t.companies.push(Company { id, grade });
        t.companies.len() - 1
    }

    pub(super) fn company_name(&mut self, t: &Town, cat: Cat) -> String {
        for i in 0.. {
            let trade = *self.pick(TRADE_NAMES);
            let name = if i < 8 {
                format!(
                    "{}{}{}{}",
                    self.county_short,
                    t.name,
                    trade,
                    cat.name_suffix()
                )
            } else {
                format!(
                    "{}{}{}{i}{}",
                    self.county_short,
                    t.name,
                    trade,
                    cat.name_suffix()
                )
            };
            if self.used_names.insert(fnv(&[name.as_bytes()])) {
                return name;
            }
        }
        unreachable!()
    }

    pub(super) fn role(&mut self, company: &str, person: &str, role: &str, share: Option<u32>) {
        let start = self.date_in(ymd(2010, 1, 1), ymd(2018, 6, 30));
        let share = share.map(|s| s.to_string()).unwrap_or_default();
        self.tab.row(
            T::Roles,
            &[company, person, role, share.as_str(), &ds(start), ""],
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn payment(
        &mut self,
        payer: &str,
        payee: &str,
        amount: i64,
        purpose: &str,
        paid: NaiveDate,
        recorded: Option<NaiveDate>,
        handler: Option<&str>,
        contract: Option<&str>,
    ) -> String {
        let id = self.next_id("pay");
        let rec = recorded.map(ds).unwrap_or_default();
        self.tab.row(
            T::Payments,
            &[
                id.as_str(),
                payer,
                payee,
                &money(amount),
                purpose,
                &ds(paid),
                rec.as_str(),
                handler.unwrap_or(""),
                contract.unwrap_or(""),
            ],
        );
        id
    }

    pub(super) fn tip(&mut self, when: NaiveDate, text: &str, subjects: &[String]) {
        let id = self.next_id("tip");
        let s = subjects.join(";");
        self.tab
            .row(T::Tips, &[id.as_str(), &ds(when), text, s.as_str()]);
    }

    pub(super) fn alert(&mut self, pattern: &str, mut subjects: Vec<String>, note: String) {
        subjects.sort();
        subjects.dedup();
        self.alerts.push(TruthAlert {
            pattern: pattern.to_string(),
            subjects,
            note,
        });
    }

    pub(super) fn near_miss(&mut self, kind: &str, ids: Vec<String>, note: String) {
        self.near.push(NearMiss {
            kind: kind.to_string(),
            ids,
            note,
        });
    }

    // ----- the world -----

    pub(super) fn run(&mut self) {
        // The county and its departments.
        self.county_id = self.next_id("org");
        let (cid, county) = (self.county_id.clone(), self.county);
        self.tab.row(T::Orgs, &[&cid, county, "county", "", county]);
        const DEPTS: &[&str] = &[
            "财政局",
            "住房和城乡建设局",
            "农业农村局",
            "交通运输局",
            "民政局",
            "自然资源和规划局",
        ];
        for d in DEPTS.iter().take(self.p.departments) {
            let id = self.next_id("org");
            let name = format!("{county}{d}");
            self.tab
                .row(T::Orgs, &[&id, &name, "department", &cid, county]);
            self.dept_ids.push((id, name));
        }

        let cases = super::plant::case_list(&self.p);
        let towns = self.p.towns;
        let mut per_town: Vec<Vec<super::plant::Case>> = vec![Vec::new(); towns];
        let mut peers = 0;
        for (i, c) in cases.into_iter().enumerate() {
            // Each town has one construction slot of its own for a peers-same-grade group.
            let town = if c == super::plant::Case::NmPeers {
                peers += 1;
                (peers - 1) % towns
            } else {
                i % towns
            };
            per_town[town].push(c);
        }
        let mut town_names = HashSet::new();
        for (ti, cases) in per_town.into_iter().enumerate() {
            let name = loop {
                let suffix = if self.chance(0.15) { "街道" } else { "镇" };
                let n = format!("{}{}{suffix}", self.pick(PLACE_A), self.pick(PLACE_B));
                if town_names.insert(n.clone()) {
                    break n;
                }
            };
            let mut town = self.build_town(ti, name);
            self.plant(&mut town, &cases);
            self.emit_contracts(&mut town);
            self.background_payments(&mut town);
            self.background_tips(&mut town);
        }
    }

    fn build_town(&mut self, ti: usize, name: String) -> Town {
        let mut t = Town {
            name,
            orgs: Vec::new(),
            people: Vec::new(),
            officials: Vec::new(),
            families: Vec::new(),
            used_off: Vec::new(),
            residents: Vec::new(),
            companies: Vec::new(),
            pool: vec![Vec::new(); CATS.len()],
            collectives: Vec::new(),
            house_no: Vec::new(),
            slots: Vec::new(),
        };
        let county = self.county;
        let town_id = self.next_id("org");
        let region = format!("{county}{}", t.name);
        self.tab.row(
            T::Orgs,
            &[&town_id, &t.name, "town", &self.county_id.clone(), &region],
        );
        t.orgs.push(Org {
            id: town_id.clone(),
            name: t.name.clone(),
            community: false,
        });
        let nv = self.range(self.p.villages.0, self.p.villages.1) as usize;
        let mut vnames = HashSet::new();
        for _ in 0..nv {
            let community = self.chance(self.p.community_share);
            let vname = loop {
                let base = format!("{}{}", self.pick(PLACE_A), self.pick(PLACE_B));
                let n = if community {
                    format!("{base}社区")
                } else {
                    format!("{base}村")
                };
                if vnames.insert(n.clone()) {
                    break n;
                }
            };
            let id = self.next_id("org");
            let kind = if community { "community" } else { "village" };
            self.tab
                .row(T::Orgs, &[&id, &vname, kind, &town_id, &region]);
            t.orgs.push(Org {
                id,
                name: vname,
                community,
            });
        }
        t.house_no = vec![0; t.orgs.len()];
        t.residents = vec![Vec::new(); t.orgs.len()];

        // County-level officials live in the first town.
        if ti == 0 {
            let cid = self.county_id.clone();
            for (title, senior) in [("县委书记", true), ("县长", true), ("县纪委书记", true)]
            {
                let v = 1 + self.below(t.orgs.len() - 1);
                self.official(&mut t, None, &cid, &[title], senior, v);
            }
            for (did, _) in self.dept_ids.clone() {
                for (title, senior) in [("局长", true), ("副局长", false), ("办公室主任", false)]
                {
                    let v = 1 + self.below(t.orgs.len() - 1);
                    self.official(&mut t, None, &did, &[title], senior, v);
                }
            }
        }
        // Town officials.
        let street = t.name.ends_with("街道");
        let titles: &[(&str, bool)] = if street {
            &[
                ("街道党工委书记", true),
                ("街道办事处主任", true),
                ("街道办事处副主任", false),
                ("街道办事处副主任", false),
                ("街道纪工委书记", false),
                ("街道纪工委副书记", false),
                ("人大工委主任", true),
                ("党政办主任", false),
                ("财政所所长", false),
                ("农业农村办主任", false),
                ("城建办主任", false),
                ("社会事务办主任", false),
            ]
        } else {
            &[
                ("镇党委书记", true),
                ("镇长", true),
                ("副镇长", false),
                ("副镇长", false),
                ("镇纪委书记", false),
                ("镇纪委副书记", false),
                ("镇人大主席", true),
                ("党政办主任", false),
                ("财政所所长", false),
                ("农业农村办主任", false),
                ("城建办主任", false),
                ("社会事务办主任", false),
            ]
        };
        for (title, senior) in titles {
            let v = 1 + self.below(t.orgs.len() - 1);
            self.official(&mut t, Some(0), &town_id, &[title], *senior, v);
        }
        // Village and community officials.
        for o in 1..t.orgs.len() {
            let oid = t.orgs[o].id.clone();
            let community = t.orgs[o].community;
            let mut list: Vec<(Vec<&'static str>, bool)> = Vec::new();
            let (sec, dir, vice, member, women, sup, supm) = if community {
                (
                    "社区党委书记",
                    "社区居委会主任",
                    "社区党委副书记",
                    "社区居委会委员",
                    "社区妇联主席",
                    "社区监督委员会主任",
                    "社区监督委员会委员",
                )
            } else {
                (
                    "村党总支书记",
                    "村委会主任",
                    "村党总支副书记",
                    "村委委员",
                    "妇女主任",
                    "村务监督委员会主任",
                    "村务监督委员会委员",
                )
            };
            if self.chance(0.2) {
                list.push((vec![sec, dir], true)); // 一肩挑
            } else {
                list.push((vec![sec], true));
                list.push((vec![dir], true));
            }
            list.push((vec![vice], false));
            for _ in 0..self.range(3, 4) {
                list.push((vec![member], false));
            }
            if !community {
                for _ in 0..self.range(1, 2) {
                    list.push((vec!["村民小组长"], false));
                }
            }
            list.push((vec!["报账员"], false));
            list.push((vec![women], false));
            list.push((vec![sup], false));
            for _ in 0..self.range(0, 1) {
                list.push((vec![supm], false));
            }
            for (titles, senior) in list {
                self.official(&mut t, Some(o), &oid, &titles, senior, o);
            }
        }
        // Resident households.
        for o in 1..t.orgs.len() {
            for _ in 0..self.range(self.p.households.0, self.p.households.1) {
                self.household(&mut t, o);
            }
        }
        // Company pool.
        for cat in CATS {
            for _ in 0..self.p.companies_per_cat {
                let grade = if cat == Cat::Construction {
                    let r = self.rng.gen::<f64>();
                    Some(if r < 0.65 {
                        3
                    } else if r < 0.93 {
                        2
                    } else {
                        1
                    })
                } else {
                    None
                };
                let name = self.company_name(&t, cat);
                let c = self.company(&mut t, name, Some(cat), grade, None, None, None);
                self.resident_roles(&mut t, c, None);
                t.pool[cat.index()].push(c);
            }
        }
        // Collective enterprises.
        for o in 1..t.orgs.len() {
            if self.chance(0.4) {
                self.collective(&mut t, o);
            }
        }
        // Contract slots.
        for o in 0..t.orgs.len() {
            for cat in CATS {
                let (lo, hi) = cat.base_range();
                let base = self.range(lo / 1000, hi / 1000) * 1000;
                let n_bg = self.range(self.p.contracts_per_slot.0, self.p.contracts_per_slot.1);
                t.slots.push(Slot {
                    org: o,
                    cat,
                    exclusive: false,
                    base,
                    n_bg,
                    injected: Vec::new(),
                });
            }
        }
        t
    }

    pub(super) fn collective(&mut self, t: &mut Town, o: usize) -> usize {
        let kind = *self.pick(&["物业管理", "经济发展", "农业开发", "股份经济"]);
        let name = format!("{}{}{}有限公司", self.county_short, t.orgs[o].name, kind);
        let owner = t.orgs[o].id.clone();
        let c = self.company(t, name, None, None, Some(&owner), None, None);
        self.resident_roles(t, c, Some(o));
        t.collectives.push((c, o));
        c
    }

    /// Legal rep, shareholders and other roles from residents (of `org`, or of the town).
    pub(super) fn resident_roles(&mut self, t: &mut Town, c: usize, org: Option<usize>) {
        let cid = t.companies[c].id.clone();
        let rep = self.resident(t, org);
        let rep_id = self.record_for_role(t, rep);
        self.role(&cid, &rep_id, "legal_rep", None);
        if org.is_some() {
            let m = self.resident(t, org);
            let mid = self.record_for_role(t, m);
            self.role(&cid, &mid, "manager", None);
            return;
        }
        let n_sh = self.range(1, 3);
        let mut shares: Vec<u32> = Vec::new();
        let mut left = 100u32;
        for i in 0..n_sh {
            let s = if i == n_sh - 1 {
                left
            } else {
                let s = self.range(10, (left as i64 - 10 * (n_sh - 1 - i)).max(10)) as u32;
                s.min(left)
            };
            left -= s;
            shares.push(s);
        }
        for (i, s) in shares.into_iter().enumerate() {
            let who = if i == 0 && self.chance(0.7) {
                rep_id.clone()
            } else {
                let x = self.resident(t, None);
                self.record_for_role(t, x)
            };
            self.role(&cid, &who, "shareholder", Some(s));
        }
        for (role, p) in [("supervisor", 0.5), ("manager", 0.4), ("director", 0.2)] {
            if self.chance(p) {
                let x = self.resident(t, None);
                let xid = self.record_for_role(t, x);
                self.role(&cid, &xid, role, None);
            }
        }
        for _ in 0..self.range(0, 3) {
            let x = self.resident(t, None);
            let xid = self.record_for_role(t, x);
            self.role(&cid, &xid, "employee", None);
        }
    }

    fn resident(&mut self, t: &Town, org: Option<usize>) -> usize {
        let o = match org {
            Some(o) => o,
            None => 1 + self.below(t.orgs.len() - 1),
        };
        let list = &t.residents[o];
        list[self.below(list.len())]
    }

    /// The record a company role is written on: usually the household record, sometimes a
    /// registry duplicate.
    fn record_for_role(&mut self, t: &Town, i: usize) -> String {
        if self.chance(0.08) {
            let same = self.chance(0.6);
            self.dup(t, i, same)
        } else {
            t.pid(i)
        }
    }

    fn household(&mut self, t: &mut Town, o: usize) {
        let addr = self.home(t, o);
        let hy = self.range(1950, 1995) as i32;
        let husband = self.person(t, PSpec::new(true, hy, addr.clone()));
        let surname = t.people[husband].surname.clone();
        let wy = (hy + self.range(-2, 4) as i32).min(1998);
        let wife = self.person(t, PSpec::new(false, wy, addr.clone()));
        self.k_spouse(t, husband, wife);
        let mut adults = vec![husband, wife];
        let lo = hy.max(wy) + 22;
        let hi = (hy.min(wy) + 36).min(2022);
        let mut kids = Vec::new();
        if lo <= hi {
            for _ in 0..self.range(0, 3) {
                let y = self.range(lo as i64, hi as i64) as i32;
                let male = self.chance(0.52);
                let mut s = PSpec::new(male, y, addr.clone()).surname(&surname);
                s.phone = y <= 2008;
                let k = self.person(t, s);
                self.k_parent(t, k, husband);
                self.k_parent(t, k, wife);
                for &o2 in &kids {
                    self.k_sibling(t, k, o2);
                }
                kids.push(k);
                if y <= 2001 {
                    adults.push(k);
                }
            }
        }
        if self.chance(0.2) && hy >= 1960 {
            let ey = hy - self.range(24, 32) as i32;
            let mut s = PSpec::new(self.chance(0.5), ey, addr.clone()).surname(&surname);
            s.phone = self.chance(0.5);
            let e = self.person(t, s);
            self.k_parent(t, husband, e);
        }
        t.residents[o].extend(adults);
    }

    /// An official with a three-generation family. Returns the official's index.
    pub(super) fn official(
        &mut self,
        t: &mut Town,
        org: Option<usize>,
        org_id: &str,
        titles: &[&'static str],
        senior: bool,
        village: usize,
    ) -> usize {
        let py = if senior {
            self.range(1958, 1972)
        } else {
            self.range(1960, 1990)
        } as i32;
        let male = if titles.iter().any(|t| t.contains("妇")) {
            false
        } else if senior {
            self.chance(0.85)
        } else {
            self.chance(0.6)
        };
        let home = self.home(t, village);
        let mut s = PSpec::new(male, py, home.clone());
        s.id = if self.chance(0.97) {
            IdKind::Valid
        } else {
            IdKind::Auto
        };
        let p = self.person(t, s);
        for title in titles {
            self.position(t, p, org_id, title);
        }
        let fam = self.family(t, p, village);
        t.officials.push(Official {
            person: p,
            org,
            titles: titles.to_vec(),
            senior,
        });
        t.families.push(fam);
        t.used_off.push(false);
        t.officials.len() - 1
    }

    fn family(&mut self, t: &mut Town, p: usize, village: usize) -> Family {
        let py = t.people[p].birth.year();
        let male = t.people[p].male;
        let psur = t.people[p].surname.clone();
        let home = t.people[p].addr.clone();
        let mut members = vec![p];
        // Parents (the father gives the surname).
        let parents_home = if self.chance(0.3) {
            home.clone()
        } else {
            self.home(t, village)
        };
        let fy = py - self.range(24, 34) as i32;
        let my = py - self.range(22, 32) as i32;
        let mut s = PSpec::new(true, fy, parents_home.clone()).surname(&psur);
        s.phone = self.chance(0.6);
        let father = self.person(t, s);
        let mut s = PSpec::new(false, my, parents_home.clone());
        s.phone = self.chance(0.6);
        let mother = self.person(t, s);
        self.k_spouse(t, father, mother);
        self.k_parent(t, p, father);
        self.k_parent(t, p, mother);
        members.extend([father, mother]);
        // Spouse.
        let sy = (py + self.range(-4, 4) as i32).min(1995);
        let spouse = self.person(t, PSpec::new(!male, sy, home.clone()));
        self.k_spouse(t, p, spouse);
        members.push(spouse);
        let mut fam = Family {
            p,
            father,
            mother,
            spouse,
            siblings: Vec::new(),
            children: Vec::new(),
            spouse_parents: None,
            spouse_siblings: Vec::new(),
            members,
            village,
        };
        // Siblings, their spouses and children.
        let n_sib = *self.pick(&[0, 1, 1, 1, 2, 2, 3]);
        for _ in 0..n_sib {
            let male = self.chance(0.5);
            let sib = self.add_sibling(t, &mut fam, male);
            let sb_year = t.people[sib].birth.year();
            if sb_year <= 1998 && self.chance(0.8) {
                let i = fam.siblings.len() - 1;
                self.add_sibling_spouse(t, &mut fam, i);
                if sb_year <= 1994 {
                    for _ in 0..self.range(0, 2) {
                        let m = self.chance(0.5);
                        self.add_sibling_child(t, &mut fam, i, m, false);
                    }
                }
            }
        }
        // Children, their spouses, grandchildren.
        let n_ch = if py >= 1988 {
            self.range(0, 1)
        } else {
            self.range(1, 2)
        };
        for _ in 0..n_ch {
            let m = self.chance(0.52);
            self.add_child(t, &mut fam, m, None);
        }
        // Spouse's parents and siblings.
        if self.chance(0.6) {
            self.add_spouse_parents(t, &mut fam);
        }
        for _ in 0..*self.pick(&[0, 0, 1, 1, 2]) {
            let m = self.chance(0.5);
            self.add_spouse_sibling(t, &mut fam, m, IdKind::Auto);
        }
        fam
    }

    fn year_range_child(&self, t: &Town, a: usize, b: Option<usize>) -> (i32, i32) {
        let ya = t.people[a].birth.year();
        let yb = b.map(|b| t.people[b].birth.year()).unwrap_or(ya);
        (ya.max(yb) + 22, ya.min(yb) + 36)
    }

    /// A sibling of the official: child of both parents, sibling of every other sibling.
    pub(super) fn add_sibling(&mut self, t: &mut Town, fam: &mut Family, male: bool) -> usize {
        self.add_sibling_kind(t, fam, male, IdKind::Auto)
    }

    pub(super) fn add_sibling_kind(
        &mut self,
        t: &mut Town,
        fam: &mut Family,
        male: bool,
        id: IdKind,
    ) -> usize {
        let py = t.people[fam.p].birth.year();
        let fy = t.people[fam.father].birth.year();
        let my = t.people[fam.mother].birth.year();
        let lo = (fy.max(my) + 20).max(py - 10);
        let hi = (fy.min(my) + 40).min(py + 6).min(2000);
        let y = self.range(lo as i64, hi.max(lo) as i64) as i32;
        let addr = if y <= 2000 {
            self.home(t, fam.village)
        } else {
            t.people[fam.father].addr.clone()
        };
        let surname = t.people[fam.father].surname.clone();
        let mut s = PSpec::new(male, y, addr).surname(&surname);
        s.id = id;
        let sib = self.person(t, s);
        self.k_parent(t, sib, fam.father);
        self.k_parent(t, sib, fam.mother);
        self.k_sibling(t, sib, fam.p);
        let others: Vec<usize> = fam.siblings.iter().map(|x| x.0).collect();
        for o in others {
            self.k_sibling(t, sib, o);
        }
        fam.siblings.push((sib, None, Vec::new()));
        fam.members.push(sib);
        sib
    }

    pub(super) fn add_sibling_spouse(&mut self, t: &mut Town, fam: &mut Family, i: usize) -> usize {
        let sib = fam.siblings[i].0;
        if let Some(s) = fam.siblings[i].1 {
            return s;
        }
        let y = (t.people[sib].birth.year() + self.range(-3, 3) as i32).min(1998);
        let addr = t.people[sib].addr.clone();
        let sp = self.person(t, PSpec::new(!t.people[sib].male, y, addr));
        self.k_spouse(t, sib, sp);
        fam.siblings[i].1 = Some(sp);
        fam.members.push(sp);
        sp
    }

    /// A child of sibling `i` (and of the sibling's spouse, if any); `adult` forces a birth
    /// year at most 2002.
    pub(super) fn add_sibling_child(
        &mut self,
        t: &mut Town,
        fam: &mut Family,
        i: usize,
        male: bool,
        adult: bool,
    ) -> usize {
        let (sib, sp, _) = fam.siblings[i].clone();
        let (lo, hi) = self.year_range_child(t, sib, sp);
        let hi = hi.min(if adult { 2002 } else { 2022 });
        let y = self.range(lo as i64, hi.max(lo) as i64) as i32;
        let father = if t.people[sib].male { Some(sib) } else { sp };
        let surname = match father {
            Some(f) => t.people[f].surname.clone(),
            None => self.weighted_surname().to_string(),
        };
        let addr = t.people[sib].addr.clone();
        let mut s = PSpec::new(male, y, addr).surname(&surname);
        s.phone = y <= 2008;
        let c = self.person(t, s);
        self.k_parent(t, c, sib);
        if let Some(sp) = sp {
            self.k_parent(t, c, sp);
        }
        for &o in &fam.siblings[i].2 {
            self.k_sibling(t, c, o);
        }
        fam.siblings[i].2.push(c);
        fam.members.push(c);
        c
    }

    /// A child of the official and spouse. `own_home`: `Some(true)` forces an adult, married
    /// child with its own household; `None` decides by age.
    pub(super) fn add_child(
        &mut self,
        t: &mut Town,
        fam: &mut Family,
        male: bool,
        own_home: Option<bool>,
    ) -> usize {
        let (lo, hi) = self.year_range_child(t, fam.p, Some(fam.spouse));
        let forced = own_home == Some(true);
        let hi = hi.min(if forced { 1996 } else { 2022 });
        let y = self.range(lo as i64, hi.max(lo) as i64) as i32;
        let married = forced || (y <= 1998 && self.chance(0.7));
        let addr = if married {
            self.home(t, fam.village)
        } else {
            t.people[fam.p].addr.clone()
        };
        let father = if t.people[fam.p].male {
            fam.p
        } else {
            fam.spouse
        };
        let surname = t.people[father].surname.clone();
        let mut s = PSpec::new(male, y, addr.clone()).surname(&surname);
        s.phone = y <= 2008;
        let c = self.person(t, s);
        self.k_parent(t, c, fam.p);
        self.k_parent(t, c, fam.spouse);
        let others: Vec<usize> = fam.children.iter().map(|x| x.0).collect();
        for o in others {
            self.k_sibling(t, c, o);
        }
        fam.members.push(c);
        let mut cs = None;
        let mut grand = Vec::new();
        if married {
            let sy = (y + self.range(-3, 3) as i32).min(2000);
            let sp = self.person(t, PSpec::new(!male, sy, addr.clone()));
            self.k_spouse(t, c, sp);
            fam.members.push(sp);
            cs = Some(sp);
            if y <= 1996 {
                let (glo, ghi) = self.year_range_child(t, c, Some(sp));
                let ghi = ghi.min(2023);
                if glo <= ghi {
                    let gsur = if male {
                        surname.clone()
                    } else {
                        t.people[sp].surname.clone()
                    };
                    for _ in 0..self.range(0, 2) {
                        let gy = self.range(glo as i64, ghi as i64) as i32;
                        let mut s = PSpec::new(self.chance(0.5), gy, addr.clone()).surname(&gsur);
                        s.phone = gy <= 2008;
                        let g = self.person(t, s);
                        self.k_parent(t, g, c);
                        self.k_parent(t, g, sp);
                        for &o in &grand {
                            self.k_sibling(t, g, o);
                        }
                        grand.push(g);
                        fam.members.push(g);
                    }
                }
            }
        }
        fam.children.push((c, cs, grand));
        c
    }

    fn add_spouse_parents(&mut self, t: &mut Town, fam: &mut Family) {
        let sp = fam.spouse;
        let sy = t.people[sp].birth.year();
        let addr = self.home(t, fam.village);
        let sur = t.people[sp].surname.clone();
        let mut s = PSpec::new(true, sy - self.range(24, 34) as i32, addr.clone()).surname(&sur);
        s.phone = self.chance(0.6);
        let f = self.person(t, s);
        let mut s = PSpec::new(false, sy - self.range(22, 32) as i32, addr);
        s.phone = self.chance(0.6);
        let m = self.person(t, s);
        self.k_spouse(t, f, m);
        self.k_parent(t, sp, f);
        self.k_parent(t, sp, m);
        fam.members.extend([f, m]);
        fam.spouse_parents = Some((f, m));
    }

    /// A sibling of the official's spouse (own household, 70 % with a spouse).
    pub(super) fn add_spouse_sibling(
        &mut self,
        t: &mut Town,
        fam: &mut Family,
        male: bool,
        id: IdKind,
    ) -> usize {
        let sp = fam.spouse;
        let sy = t.people[sp].birth.year();
        let (mut lo, mut hi) = (sy - 6, (sy + 6).min(2000));
        if let Some((f, m)) = fam.spouse_parents {
            let (fy, my) = (t.people[f].birth.year(), t.people[m].birth.year());
            lo = lo.max(fy.max(my) + 20);
            hi = hi.min(fy.min(my) + 40);
        }
        let y = self.range(lo as i64, hi.max(lo) as i64) as i32;
        let addr = self.home(t, fam.village);
        let sur = match fam.spouse_parents {
            Some((f, _)) => t.people[f].surname.clone(),
            None => t.people[sp].surname.clone(),
        };
        let mut s = PSpec::new(male, y, addr.clone()).surname(&sur);
        s.id = id;
        let b = self.person(t, s);
        self.k_sibling(t, b, sp);
        if let Some((f, m)) = fam.spouse_parents {
            self.k_parent(t, b, f);
            self.k_parent(t, b, m);
        }
        let others = fam.spouse_siblings.clone();
        for o in others {
            self.k_sibling(t, b, o);
        }
        fam.spouse_siblings.push(b);
        fam.members.push(b);
        if y <= 1998 && self.chance(0.7) {
            let wy = (y + self.range(-3, 3) as i32).min(1998);
            let w = self.person(t, PSpec::new(!male, wy, addr));
            self.k_spouse(t, b, w);
            fam.members.push(w);
        }
        b
    }

    // ----- contracts -----

    #[allow(clippy::explicit_auto_deref)]
    pub(super) fn contract_title(&mut self, org: &str, cat: Cat, year: i32) -> String {
        let what: &str = match cat {
            Cat::Construction => *self.pick(&[
                "道路硬化工程",
                "文化礼堂修缮工程",
                "河道清淤工程",
                "污水管网改造工程",
                "村道拓宽工程",
                "公园建设工程",
                "农田水利工程",
                "危房改造工程",
            ]),
            Cat::Advertising => *self.pick(&[
                "宣传栏制作",
                "文明创建宣传广告",
                "道路指示牌制作",
                "党建宣传氛围布置",
            ]),
            Cat::Cleaning => *self.pick(&["环境保洁服务", "垃圾清运服务", "河道保洁服务"]),
            Cat::Goods => *self.pick(&[
                "办公设备采购",
                "垃圾桶采购",
                "路灯采购",
                "防汛物资采购",
                "健身器材采购",
            ]),
            Cat::Services => {
                *self.pick(&["物业管理服务", "绿化养护服务", "安保服务", "财务代理服务"])
            }
        };
        format!("{org}{year}年{what}")
    }

    /// An approver for a contract of town-local org `o`: a senior official of it.
    pub(super) fn approver_of(&mut self, t: &Town, o: usize) -> String {
        let c: Vec<usize> = t
            .officials
            .iter()
            .enumerate()
            .filter(|(_, x)| x.org == Some(o) && x.senior)
            .map(|(i, _)| i)
            .collect();
        let i = c[self.below(c.len())];
        t.pid(t.officials[i].person)
    }

    pub(super) fn slot_amount(&mut self, base: i64) -> i64 {
        let f = 1.0 + 1.5 * self.rng.gen::<f64>();
        ((base as f64 * f / 100.0).floor() as i64 * 100).max(base)
    }

    pub(super) fn emit_contracts(&mut self, t: &mut Town) {
        let slots = std::mem::take(&mut t.slots);
        for slot in slots {
            let buyer = t.orgs[slot.org].id.clone();
            let org_name = t.orgs[slot.org].name.clone();
            let mut used: Vec<String> = slot.injected.iter().map(|c| c.supplier.clone()).collect();
            let mut specs = slot.injected;
            let pool = t.pool[slot.cat.index()].clone();
            for _ in 0..slot.n_bg {
                let free: Vec<usize> = pool
                    .iter()
                    .copied()
                    .filter(|&c| !used.contains(&t.companies[c].id))
                    .collect();
                if free.is_empty() {
                    break;
                }
                let s = free[self.below(free.len())];
                let sid = t.companies[s].id.clone();
                used.push(sid.clone());
                let amount = self.slot_amount(slot.base);
                let awarded = self.date_in(ymd(2019, 1, 1), ymd(2024, 12, 31));
                let method = match slot.cat {
                    Cat::Construction if amount >= 200_000 => "open",
                    Cat::Construction => *self.pick(&["open", "invited"]),
                    _ => *self.pick(&["open", "open", "invited", "direct"]),
                };
                let title = self.contract_title(&org_name, slot.cat, awarded.year());
                let approver = self.approver_of(t, slot.org);
                let id = self.next_id("ct");
                specs.push(CSpec {
                    id,
                    title,
                    amount,
                    method,
                    q: (slot.cat == Cat::Construction).then_some("3"),
                    awarded,
                    supplier: sid,
                    approver,
                    bids: if method == "direct" {
                        BidPlan::None
                    } else {
                        BidPlan::Normal
                    },
                    kin_payee: None,
                });
            }
            for c in specs {
                self.write_contract(t, &buyer, slot.cat, &pool, c);
            }
        }
    }

    fn write_contract(&mut self, t: &Town, buyer: &str, cat: Cat, pool: &[usize], c: CSpec) {
        let published = c.awarded - Duration::days(self.range(10, 30));
        self.tab.row(
            T::Contracts,
            &[
                c.id.as_str(),
                buyer,
                c.title.as_str(),
                cat.word(),
                &money(c.amount),
                c.method,
                c.q.unwrap_or(""),
                &ds(published),
                &ds(c.awarded),
                c.supplier.as_str(),
                c.approver.as_str(),
            ],
        );
        if cat == Cat::Construction {
            self.construction
                .push((c.id.clone(), c.amount, grade_rank(c.q)));
        }
        // Bids.
        let others: Vec<String> = pool
            .iter()
            .map(|&i| t.companies[i].id.clone())
            .filter(|id| *id != c.supplier)
            .collect();
        let n_others = match c.bids {
            BidPlan::None => None,
            BidPlan::OnlyWinner => Some(0),
            BidPlan::OthersUnqualified => Some(2),
            BidPlan::Normal if c.method == "invited" => Some(2),
            BidPlan::Normal => Some(self.range(2, 4) as usize),
        };
        if let Some(n) = n_others {
            let n = n.min(others.len());
            let mut chosen: Vec<String> = Vec::new();
            while chosen.len() < n {
                let b = others[self.below(others.len())].clone();
                if !chosen.contains(&b) {
                    chosen.push(b);
                }
            }
            let win_pos = self.below(n + 1);
            let mut rows: Vec<(String, i64, bool)> = Vec::new();
            let mut unq_left = match c.bids {
                BidPlan::OthersUnqualified => n,
                BidPlan::Normal if n >= 3 && self.chance(0.3) => 1,
                _ => 0,
            };
            for b in chosen {
                let amount = (c.amount as f64 * (1.01 + 0.14 * self.rng.gen::<f64>())) as i64;
                let q = if unq_left > 0 {
                    unq_left -= 1;
                    false
                } else {
                    true
                };
                rows.push((b, amount, q));
            }
            rows.insert(win_pos, (c.supplier.clone(), c.amount, true));
            for (b, a, q) in rows {
                self.tab.row(
                    T::Bids,
                    &[
                        c.id.as_str(),
                        b.as_str(),
                        &money(a),
                        if q { "true" } else { "false" },
                    ],
                );
            }
        }
        // Settlements.
        let n = self.range(1, 3);
        let mut paid = c.awarded + Duration::days(self.range(20, 120));
        let mut left = c.amount;
        for i in 0..n {
            if paid > ymd(2025, 6, 30) {
                break;
            }
            let a = if i == n - 1 {
                left
            } else {
                (left as f64 * (0.3 + 0.4 * self.rng.gen::<f64>())) as i64
            };
            left -= a;
            let pid = self.payment(
                buyer,
                &c.supplier,
                a,
                cat.purpose(),
                paid,
                None,
                None,
                Some(&c.id),
            );
            if let Some((subjects, note)) = &c.kin_payee {
                let mut s = subjects.clone();
                s.push(pid);
                self.alert("kin-payee", s, note.clone());
            }
            paid += Duration::days(self.range(60, 200));
        }
    }

    // ----- payments and tips -----

    fn background_payments(&mut self, t: &mut Town) {
        let companies: Vec<String> = t.companies.iter().map(|c| c.id.clone()).collect();
        for o in 1..t.orgs.len() {
            let oid = t.orgs[o].id.clone();
            // Labour and subsidies to residents.
            for _ in 0..self.range(self.p.labour.0, self.p.labour.1) {
                let r = self.resident(t, Some(o));
                let rid = t.pid(r);
                let purpose = *self.pick(&["劳务费", "补贴", "劳务费", "误工补贴"]);
                let amount = self.range(5, 120) * 100;
                let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
                self.payment(&oid, &rid, amount, purpose, paid, None, None, None);
            }
            // Fees collected by a cadre, booked within 10 days.
            let handlers: Vec<usize> = t
                .officials
                .iter()
                .filter(|x| x.org == Some(o))
                .map(|x| x.person)
                .collect();
            let own: Vec<usize> = t
                .collectives
                .iter()
                .filter(|(_, org)| *org == o)
                .map(|(c, _)| *c)
                .collect();
            for _ in 0..self.range(self.p.fees.0, self.p.fees.1) {
                let payer = if !own.is_empty() && self.chance(0.3) {
                    t.companies[own[self.below(own.len())]].id.clone()
                } else {
                    companies[self.below(companies.len())].clone()
                };
                let h = t.pid(handlers[self.below(handlers.len())]);
                let amount = self.range(10, 300) * 100;
                let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
                let rec = paid + Duration::days(self.range(0, 10));
                let purpose = *self.pick(&["保洁费", "租金", "管理费"]);
                self.payment(
                    &payer,
                    &oid,
                    amount,
                    purpose,
                    paid,
                    Some(rec),
                    Some(&h),
                    None,
                );
            }
        }
        // Collective enterprises pay residents of their village.
        for (c, o) in t.collectives.clone() {
            let cid = t.companies[c].id.clone();
            for _ in 0..self.range(self.p.collective_pay.0, self.p.collective_pay.1) {
                let r = self.resident(t, Some(o));
                let rid = t.pid(r);
                let amount = self.range(10, 80) * 100;
                let paid = self.date_in(ymd(2013, 1, 1), ymd(2025, 6, 30));
                let purpose = *self.pick(&["劳务费", "分红", "劳务费"]);
                self.payment(&cid, &rid, amount, purpose, paid, None, None, None);
            }
        }
        // The town pays a few subsidies.
        let tid = t.orgs[0].id.clone();
        for _ in 0..self.range(self.p.labour.0 / 4, self.p.labour.1 / 4) {
            let r = self.resident(t, None);
            let rid = t.pid(r);
            let amount = self.range(5, 60) * 100;
            let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
            self.payment(&tid, &rid, amount, "补贴", paid, None, None, None);
        }
    }

    fn background_tips(&mut self, t: &mut Town) {
        for _ in 0..self.range(self.p.tips.0, self.p.tips.1) {
            let when = self.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
            let o = 1 + self.below(t.orgs.len() - 1);
            let oname = t.orgs[o].name.clone();
            let oid = t.orgs[o].id.clone();
            match self.below(4) {
                0 => {
                    let offs: Vec<usize> = (0..t.officials.len())
                        .filter(|&i| t.officials[i].org == Some(o))
                        .collect();
                    let off = &t.officials[offs[self.below(offs.len())]];
                    let p = &t.people[off.person];
                    let text = format!(
                        "群众反映{oname}{}{}在村务工作中作风粗暴、办事拖拉",
                        off.titles[0], p.name
                    );
                    let ids = vec![p.id.clone()];
                    self.tip(when, &text, &ids);
                }
                1 => {
                    let c = t.companies[self.below(t.companies.len())].id.clone();
                    let text = format!("反映{oname}某项目施工单位以次充好，工程质量差");
                    self.tip(when, &text, &[c, oid]);
                }
                2 => {
                    let text = format!("来电反映{oname}村务公开不及时，财务公开栏长期未更新");
                    self.tip(when, &text, &[oid]);
                }
                _ => {
                    let text = format!("匿名反映{oname}低保评定不公开、不透明");
                    self.tip(when, &text, &[]);
                }
            }
        }
    }

    // ----- end -----

    /// Self-check: the qualification-anomaly alerts over all construction tenders are exactly
    /// the planted ones.
    pub(super) fn check_qualification(&self) -> Result<(), GenError> {
        let mut v: Vec<(i64, u8, &str)> = self
            .construction
            .iter()
            .map(|(id, a, r)| (*a, *r, id.as_str()))
            .collect();
        v.sort();
        let amounts: Vec<i64> = v.iter().map(|x| x.0).collect();
        // prefix[r][i]: number among the first i with rank r.
        let mut prefix = vec![vec![0u32; v.len() + 1]; 5];
        for (i, x) in v.iter().enumerate() {
            for (r, p) in prefix.iter_mut().enumerate() {
                p[i + 1] = p[i] + u32::from(x.1 as usize == r);
            }
        }
        let mut found: Vec<&str> = Vec::new();
        for (a, r, id) in &v {
            if *r == 0 {
                continue;
            }
            let lo = amounts.partition_point(|&b| 2 * b < *a);
            let hi = amounts.partition_point(|&b| b <= 2 * a);
            let comparables = (hi - lo) as u32 - 1;
            let looser: u32 = (0..*r as usize)
                .map(|k| prefix[k][hi] - prefix[k][lo])
                .sum();
            if comparables >= 3 && 2 * looser > comparables {
                found.push(id);
            }
        }
        found.sort();
        let mut planted: Vec<&str> = self.planted_qual.iter().map(|s| s.as_str()).collect();
        planted.sort();
        if found != planted {
            return Err(GenError::Internal(format!(
                "qualification anomalies {found:?} differ from planted {planted:?}"
            )));
        }
        Ok(())
    }

    pub(super) fn into_truth(mut self) -> (Tables, Truth) {
        self.alerts.sort();
        let truth = Truth {
            format: 1,
            preset: self.preset.to_string(),
            seed: self.seed,
            alerts: self.alerts,
            near_misses: self.near,
            invalid_id_numbers: self.invalid_ids,
        };
        (self.tab, truth)
    }
}
