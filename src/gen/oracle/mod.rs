//! Test oracle: an independent, brute-force, in-memory evaluation of the pattern definitions
//! over the CSV files of a generated dataset. It shares nothing with the generator but the
//! checksum functions and the pattern ids, and reads only the files. This module reads the
//! dataset and resolves identities and kinship; `patterns` holds one evaluation per pattern.

mod ownership;
mod patterns;
mod ties;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::checksum::id_number_check_char;
use crate::domain::PatternId;

/// A CSV row: column name to value; empty cells are left out.
type Row = HashMap<String, String>;

/// Humans, as indices of [`World::records`].
type Humans = BTreeSet<usize>;

/// One finding: the pattern and its sorted subjects.
pub(super) type Finding = (PatternId, Vec<String>);

/// Reads `<table>.csv` of `dir`.
pub(super) fn read(dir: &Path, table: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(dir.join(format!("{table}.csv"))).expect("open csv");
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(|header| header.to_string())
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.expect("record");
            headers
                .iter()
                .cloned()
                .zip(record.iter().map(|value| value.to_string()))
                .filter(|(_, value)| !value.is_empty())
                .collect()
        })
        .collect()
}

/// Whether `text` is an 18-character id number with a correct check character.
pub(super) fn valid_id_number(text: &str) -> bool {
    text.len() == 18
        && text.is_ascii()
        && id_number_check_char(&text[..17]).is_some_and(|check| text[17..].starts_with(check))
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("canonical date")
}

fn amount(text: &str) -> f64 {
    text.parse().expect("canonical amount")
}

/// An address without white space and punctuation (ASCII, CJK and full-width).
fn normalized_address(address: &str) -> String {
    address
        .chars()
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

/// The same day `years` earlier (28 February for 29 February).
fn years_before(day: NaiveDate, years: i32) -> NaiveDate {
    day.with_year(day.year() - years)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(day.year() - years, 2, 28).expect("date"))
}

/// When a post or a company role is held: an empty start means "since always", an empty
/// end "still held" (the time rule of `docs/patterns/time-authority-ownership.md`).
#[derive(Debug, Clone, Copy)]
struct Period {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

impl Period {
    /// The `start_date` and `end_date` of a positions or company_roles row.
    fn of(row: &Row) -> Period {
        Period {
            start: row.get("start_date").map(|text| date(text)),
            end: row.get("end_date").map(|text| date(text)),
        }
    }

    /// Whether it is held on `day`; a finding without a date counts every period.
    fn holds_on(&self, day: Option<NaiveDate>) -> bool {
        day.is_none_or(|day| {
            self.start.is_none_or(|start| start <= day) && self.end.is_none_or(|end| day <= end)
        })
    }
}

/// The day a contract's posts and roles are read on: its award date, else its publication
/// date, else none (every post and role counts).
fn contract_day(contract: &Row) -> Option<NaiveDate> {
    contract
        .get("awarded_on")
        .or_else(|| contract.get("published_on"))
        .map(|text| date(text))
}

/// Disjoint sets of record indices; each set's root is its smallest member.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(size: usize) -> UnionFind {
        UnionFind {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, member: usize) -> usize {
        let mut root = member;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut current = member;
        while self.parent[current] != root {
            let next = self.parent[current];
            self.parent[current] = root;
            current = next;
        }
        root
    }

    fn union(&mut self, one: usize, other: usize) {
        let (one, other) = (self.find(one), self.find(other));
        if one != other {
            self.parent[one.max(other)] = one.min(other);
        }
    }
}

/// The people of a dataset as humans (records linked by identity), their kinship, posts
/// and stakes in companies.
struct World {
    /// Record id -> human.
    human_of: HashMap<String, usize>,
    /// Human -> its record ids.
    records: Vec<Vec<String>>,
    /// Record id -> phone.
    phone_of: HashMap<String, String>,
    /// Record id -> normalised address.
    address_of: HashMap<String, String>,
    parents: Vec<Humans>,
    children: Vec<Humans>,
    spouses: Vec<Humans>,
    siblings: Vec<Humans>,
    /// Records of a human that appear in kinship rows.
    kin_records: Vec<BTreeSet<String>>,
    /// Human -> orgs where it holds a post...
    post_orgs: Vec<BTreeSet<String>>,
    /// ...and the records holding them.
    post_records: Vec<BTreeSet<String>>,
    /// Org -> humans holding a post there (at any time).
    officials_of: HashMap<String, Humans>,
    /// (human, org) -> when its posts there are held.
    post_periods: HashMap<(usize, String), Vec<Period>>,
    parent_org: HashMap<String, String>,
    /// Every org id.
    orgs: BTreeSet<String>,
    /// Company -> (human, record, when) standing in it (roles other than employee).
    stakeholders: HashMap<String, Vec<(usize, String, Period)>>,
    /// Non-employee roles of people and companies in companies.
    stakes: Vec<ownership::Stake>,
    /// Who stands behind a company through a chain of companies.
    behind: Vec<ownership::Behind>,
    /// Posts with an end date.
    ended_posts: Vec<EndedPost>,
    /// Recusal scopes computed so far.
    scopes: HashMap<usize, Humans>,
}

/// A post that ended: who held it, on which record, at which org, until when.
struct EndedPost {
    human: usize,
    record: String,
    org: String,
    end: NaiveDate,
}

/// The companies' contact details and owners.
#[derive(Default)]
struct Companies {
    /// Every company id, sorted.
    ids: Vec<String>,
    phone_of: HashMap<String, String>,
    /// Normalised.
    address_of: HashMap<String, String>,
    owner_org: HashMap<String, String>,
}

impl World {
    /// Reads people, kinship, orgs, positions and company roles.
    fn read(dir: &Path) -> World {
        let people = read(dir, "people");
        let humans = link_identities(&people);
        let count = people.len();
        let mut world = World {
            human_of: HashMap::new(),
            records: vec![Vec::new(); count],
            phone_of: HashMap::new(),
            address_of: HashMap::new(),
            parents: vec![Humans::new(); count],
            children: vec![Humans::new(); count],
            spouses: vec![Humans::new(); count],
            siblings: vec![Humans::new(); count],
            kin_records: vec![BTreeSet::new(); count],
            post_orgs: vec![BTreeSet::new(); count],
            post_records: vec![BTreeSet::new(); count],
            officials_of: HashMap::new(),
            post_periods: HashMap::new(),
            parent_org: HashMap::new(),
            orgs: BTreeSet::new(),
            stakeholders: HashMap::new(),
            stakes: Vec::new(),
            behind: Vec::new(),
            ended_posts: Vec::new(),
            scopes: HashMap::new(),
        };
        for (row, human) in people.iter().zip(humans) {
            let id = row["id"].clone();
            world.human_of.insert(id.clone(), human);
            world.records[human].push(id.clone());
            if let Some(phone) = row.get("phone") {
                world.phone_of.insert(id.clone(), phone.clone());
            }
            if let Some(address) = row.get("address") {
                world.address_of.insert(id, normalized_address(address));
            }
        }
        for row in read(dir, "kinship") {
            let person = world.human_of[&row["person_id"]];
            let relative = world.human_of[&row["relative_id"]];
            world.kin_records[person].insert(row["person_id"].clone());
            world.kin_records[relative].insert(row["relative_id"].clone());
            match row["relation"].as_str() {
                "parent" => {
                    world.parents[person].insert(relative);
                    world.children[relative].insert(person);
                }
                "child" => {
                    world.children[person].insert(relative);
                    world.parents[relative].insert(person);
                }
                "spouse" => {
                    world.spouses[person].insert(relative);
                    world.spouses[relative].insert(person);
                }
                "sibling" => {
                    world.siblings[person].insert(relative);
                    world.siblings[relative].insert(person);
                }
                other => panic!("relation {other}"),
            }
        }
        for row in read(dir, "orgs") {
            world.orgs.insert(row["id"].clone());
            if let Some(parent) = row.get("parent_id") {
                world.parent_org.insert(row["id"].clone(), parent.clone());
            }
        }
        for row in read(dir, "positions") {
            let human = world.human_of[&row["person_id"]];
            world.post_orgs[human].insert(row["org_id"].clone());
            world.post_records[human].insert(row["person_id"].clone());
            world
                .officials_of
                .entry(row["org_id"].clone())
                .or_default()
                .insert(human);
            world
                .post_periods
                .entry((human, row["org_id"].clone()))
                .or_default()
                .push(Period::of(&row));
            if let Some(end) = Period::of(&row).end {
                world.ended_posts.push(EndedPost {
                    human,
                    record: row["person_id"].clone(),
                    org: row["org_id"].clone(),
                    end,
                });
            }
        }
        let roles = read(dir, "company_roles");
        world.stakes = ownership::stakes(&roles);
        world.behind = ownership::behind(&world.stakes);
        // Who stands in a company: a direct role, or behind it through companies.
        let direct = world
            .stakes
            .iter()
            .map(|stake| (&stake.holder, &stake.company, stake.period));
        let indirect = world
            .behind
            .iter()
            .map(|found| (&found.holder, &found.company, found.period));
        let mut stakeholders: HashMap<String, Vec<(usize, String, Period)>> = HashMap::new();
        for (holder, company, period) in direct.chain(indirect) {
            if let Some(&human) = world.human_of.get(holder) {
                stakeholders.entry(company.clone()).or_default().push((
                    human,
                    holder.clone(),
                    period,
                ));
            }
        }
        world.stakeholders = stakeholders;
        world
    }

    /// Everyone `relation` reaches from `from` in one step.
    fn step(&self, from: &Humans, relation: &[Humans]) -> Humans {
        from.iter()
            .flat_map(|&human| relation[human].iter().copied())
            .collect()
    }

    /// The recusal scope of `human`, by the definition's chains (cached).
    fn scope(&mut self, human: usize) -> Humans {
        if let Some(scope) = self.scopes.get(&human) {
            return scope.clone();
        }
        let scope = self.compute_scope(human);
        self.scopes.insert(human, scope.clone());
        scope
    }

    fn compute_scope(&self, human: usize) -> Humans {
        let me: Humans = [human].into();
        let (parents, children, spouses, siblings) =
            (&self.parents, &self.children, &self.spouses, &self.siblings);
        let mut scope = Humans::new();
        let my_spouses = self.step(&me, spouses);
        scope.extend(&my_spouses);
        // Lineal, any generation.
        for relation in [parents, children] {
            let mut frontier = self.step(&me, relation);
            while !frontier.is_empty() {
                let new: Humans = frontier.difference(&scope).copied().collect();
                scope.extend(&new);
                frontier = self.step(&new, relation);
            }
        }
        let my_siblings = self.step(&me, siblings);
        scope.extend(&my_siblings);
        let uncles = self.step(&self.step(&me, parents), siblings);
        scope.extend(&uncles);
        let cousins = self.step(&uncles, children);
        scope.extend(&cousins);
        let nephews = self.step(&my_siblings, children);
        scope.extend(&nephews);
        for collateral in [&my_siblings, &uncles, &cousins, &nephews] {
            scope.extend(self.step(collateral, spouses));
        }
        scope.extend(self.step(&my_spouses, parents));
        let spouses_siblings = self.step(&my_spouses, siblings);
        scope.extend(&spouses_siblings);
        scope.extend(self.step(&spouses_siblings, spouses));
        let childrens_spouses = self.step(&self.step(&me, children), spouses);
        scope.extend(&childrens_spouses);
        scope.extend(self.step(&childrens_spouses, parents));
        scope.remove(&human);
        scope
    }

    /// Company -> its supplier group (the smallest company id), for groups of two or more.
    fn supplier_groups(&self, companies: &Companies) -> HashMap<String, String> {
        ownership::supplier_groups(&companies.ids, &self.stakes, &self.behind, &self.human_of)
    }

    fn is_person(&self, id: &str) -> bool {
        self.human_of.contains_key(id)
    }

    /// Humans holding a post at `org` on `day` (any post, when there is no day).
    fn officials_on(&self, org: &str, day: Option<NaiveDate>) -> Humans {
        self.officials_of
            .get(org)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&human| self.holds_post(human, org, day))
            .collect()
    }

    /// `org` and the orgs above it, nearest first.
    fn org_and_above(&self, org: &str) -> Vec<String> {
        let mut chain = vec![org.to_string()];
        while let Some(parent) = self.parent_org.get(chain.last().expect("one")) {
            if chain.contains(parent) {
                break;
            }
            chain.push(parent.clone());
        }
        chain
    }

    /// Humans with authority over `org` on `day`: a post held that day at `org` or at an
    /// org above it (the authority rule).
    fn authorities_on(&self, org: &str, day: Option<NaiveDate>) -> Humans {
        self.org_and_above(org)
            .iter()
            .flat_map(|above| self.officials_on(above, day))
            .collect()
    }

    /// Whether `human` holds a post at `org` on `day`.
    fn holds_post(&self, human: usize, org: &str, day: Option<NaiveDate>) -> bool {
        self.post_periods
            .get(&(human, org.to_string()))
            .is_some_and(|periods| periods.iter().any(|period| period.holds_on(day)))
    }

    /// Who stands in `company` on `day`: (human, record).
    fn stakeholders_on(&self, company: &str, day: Option<NaiveDate>) -> Vec<(usize, String)> {
        self.stakeholders
            .get(company)
            .into_iter()
            .flatten()
            .filter(|(_, _, period)| period.holds_on(day))
            .map(|(human, record, _)| (*human, record.clone()))
            .collect()
    }

    /// The records tying `payee` (a person or a company) to someone in `scope` on `day`: the
    /// relative's kinship records, the record standing in the company, and `payee`.
    fn tie_records(&self, scope: &Humans, payee: &str, day: Option<NaiveDate>) -> BTreeSet<String> {
        let mut records = BTreeSet::new();
        if let Some(&relative) = self.human_of.get(payee) {
            if scope.contains(&relative) {
                records.extend(self.kin_records[relative].iter().cloned());
                records.insert(payee.to_string());
            }
        } else {
            for (relative, record) in self.stakeholders_on(payee, day) {
                if scope.contains(&relative) {
                    records.extend(self.kin_records[relative].iter().cloned());
                    records.insert(record);
                    records.insert(payee.to_string());
                }
            }
        }
        records
    }
}

/// The human of each person record: records with the same valid id number, or with the
/// same name and birth date and no conflicting valid id numbers, are one human.
fn link_identities(people: &[Row]) -> Vec<usize> {
    let mut humans = UnionFind::new(people.len());
    let mut by_id_number: HashMap<&str, usize> = HashMap::new();
    let mut by_name_birth: HashMap<(String, &str), Vec<usize>> = HashMap::new();
    for (index, row) in people.iter().enumerate() {
        if let Some(id_number) = row.get("id_number").filter(|text| valid_id_number(text)) {
            if let Some(&first) = by_id_number.get(id_number.as_str()) {
                humans.union(index, first);
            } else {
                by_id_number.insert(id_number, index);
            }
        }
        if let Some(birth) = row.get("birth_date") {
            let name: String = row["name"].chars().filter(|c| !c.is_whitespace()).collect();
            by_name_birth
                .entry((name, birth.as_str()))
                .or_default()
                .push(index);
        }
    }
    for group in by_name_birth.values() {
        for (position, &one) in group.iter().enumerate() {
            for &other in &group[position + 1..] {
                let valid = |index: usize| {
                    people[index]
                        .get("id_number")
                        .filter(|text| valid_id_number(text))
                };
                let conflict = matches!((valid(one), valid(other)), (Some(a), Some(b)) if a != b);
                if !conflict {
                    humans.union(one, other);
                }
            }
        }
    }
    (0..people.len()).map(|index| humans.find(index)).collect()
}

fn read_companies(dir: &Path) -> Companies {
    let mut companies = Companies::default();
    for row in read(dir, "companies") {
        let id = row["id"].clone();
        companies.ids.push(id.clone());
        if let Some(phone) = row.get("phone") {
            companies.phone_of.insert(id.clone(), phone.clone());
        }
        if let Some(address) = row.get("address") {
            companies
                .address_of
                .insert(id.clone(), normalized_address(address));
        }
        if let Some(owner) = row.get("owner_org_id") {
            companies.owner_org.insert(id, owner.clone());
        }
    }
    companies.ids.sort();
    companies
}

/// Every alert the definitions raise over the dataset in `dir`, as (pattern, sorted
/// subjects); `today` is when never-booked money counts as late.
pub(super) fn evaluate(dir: &Path, today: NaiveDate) -> BTreeSet<Finding> {
    let mut world = World::read(dir);
    let companies = read_companies(dir);
    let contracts = read(dir, "contracts");
    let payments = read(dir, "payments");
    let mut found = BTreeSet::new();
    let mut emit = |pattern: PatternId, subjects: BTreeSet<String>| {
        found.insert((pattern, subjects.into_iter().collect()));
    };
    patterns::kin_supplier_and_self_dealing(&mut world, &contracts, &mut emit);
    patterns::shared_contact(&mut world, &companies, &contracts, &mut emit);
    let groups = world.supplier_groups(&companies);
    patterns::supplier_concentration(&contracts, &groups, &mut emit);
    patterns::split_contracts(&contracts, &groups, &mut emit);
    patterns::qualification_anomaly(&contracts, &mut emit);
    patterns::single_bidder(dir, &contracts, &mut emit);
    patterns::late_deposit(&payments, today, &mut emit);
    patterns::collective_subsidy(&world, &companies, &payments, &mut emit);
    patterns::kin_payee(&mut world, &payments, &mut emit);
    ties::linked_bidders(
        &mut world,
        &companies,
        &contracts,
        &read(dir, "bids"),
        &mut emit,
    );
    ties::revolving_door(&world, &contracts, &mut emit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(&str, &str)]) -> Row {
        cells
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn a_period_holds_between_its_dates_inclusive_and_open_ends_are_unbounded() {
        let day = |text: &str| Some(date(text));
        let closed = Period::of(&row(&[
            ("start_date", "2011-04-01"),
            ("end_date", "2014-03-31"),
        ]));
        assert!(closed.holds_on(day("2011-04-01")));
        assert!(closed.holds_on(day("2014-03-31")));
        assert!(!closed.holds_on(day("2011-03-31")));
        assert!(!closed.holds_on(day("2014-04-01")));
        assert!(
            closed.holds_on(None),
            "a finding without a date keeps the post"
        );
        let open = Period::of(&row(&[("start_date", "2021-04-01")]));
        assert!(open.holds_on(day("2030-01-01")));
        assert!(!open.holds_on(day("2019-06-01")));
        assert!(Period::of(&row(&[])).holds_on(day("1990-01-01")));
    }

    #[test]
    fn a_contract_is_dated_by_its_award_else_its_publication() {
        let both = row(&[("awarded_on", "2019-06-01"), ("published_on", "2019-05-10")]);
        assert_eq!(contract_day(&both), Some(date("2019-06-01")));
        let published = row(&[("published_on", "2022-03-01")]);
        assert_eq!(contract_day(&published), Some(date("2022-03-01")));
        assert_eq!(contract_day(&row(&[])), None);
    }
}
