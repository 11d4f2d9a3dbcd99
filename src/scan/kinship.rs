//! Derived kinship: from the primitive ties (parent, child, spouse, sibling) and the certain
//! identity links only, every official's relatives within the recusal scope, each named
//! (外甥女, 内弟, ...). Written as `(official)-[:KIN]->(relative)` so that the patterns can
//! match kin with one hop; the chain behind each is kept for the evidence.
//!
//! The search runs in memory over the family graph (identity clusters as nodes): a family is
//! small, so walking every chain of up to five ties from each official is cheap, and the
//! chain's shape decides whether the relative is in scope.

use std::collections::{BTreeSet, HashMap, VecDeque};

use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};

use super::error::ScanError;
use super::reads::{joined, read_rows};
use super::terms::{self, Person, Step};
use crate::cypher;
use crate::db::WithOrigin;

/// Longest raw chain considered (a first cousin's spouse via grandparents is `UUDDS`).
const MAX_TIES: usize = 5;

struct Record {
    id: String,
    cluster: usize,
    official: bool,
}

/// A tie taken on a chain: the step, the record it leaves from and the record it reaches.
type Tie = (Step, usize, usize);

/// One derived relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kin {
    /// The official's record.
    pub official: String,
    /// The relative's record.
    pub relative: String,
    /// Canonical chain (`BD`, `SB`, ...).
    pub chain: String,
    /// Person records along the chain, official first, relative last.
    pub path: Vec<String>,
    /// The relative's own records on the path (the last one and those linked to it by
    /// identity), which alerts name as the relative.
    pub relative_records: Vec<String>,
    /// Chinese term.
    pub term_zh: String,
    /// English term.
    pub term_en: String,
}

impl Kin {
    /// A short digest of everything the relation says (chain, path, relative's records,
    /// terms): equal signatures mean the stored relation needs no rewrite.
    pub fn signature(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for part in [&self.chain, &self.term_zh, &self.term_en] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        for list in [&self.path, &self.relative_records] {
            for id in list {
                hasher.update(id.as_bytes());
                hasher.update([1]);
            }
            hasher.update([0]);
        }
        hasher.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The in-memory family graph.
#[derive(Default)]
pub struct FamilyGraph {
    records: Vec<Record>,
    index: HashMap<String, usize>,
    parent: Vec<usize>,
    /// record -> (step, neighbour record)
    ties: Vec<Vec<(Step, usize)>>,
    same_as: Vec<Vec<usize>>,
    people: Vec<Person>,
}

impl FamilyGraph {
    fn record(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.records.len();
        self.records.push(Record {
            id: id.to_string(),
            cluster: i,
            official: false,
        });
        self.index.insert(id.to_string(), i);
        self.parent.push(i);
        self.ties.push(Vec::new());
        self.same_as.push(Vec::new());
        self.people.push(Person::default());
        i
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Adds a person record.
    pub fn add_person(
        &mut self,
        id: &str,
        male: Option<bool>,
        birth_date: Option<String>,
        official: bool,
    ) {
        let i = self.record(id);
        self.records[i].official = official;
        self.people[i] = Person { male, birth_date };
    }

    /// Adds a tie or identity link (`PARENT_OF` from parent to child).
    pub fn add_tie(&mut self, a: &str, kind: &str, b: &str) {
        let (a, b) = (self.record(a), self.record(b));
        match kind {
            "PARENT_OF" => {
                self.ties[a].push((Step::Down, b));
                self.ties[b].push((Step::Up, a));
            }
            "SPOUSE_OF" => {
                self.ties[a].push((Step::Spouse, b));
                self.ties[b].push((Step::Spouse, a));
            }
            "SIBLING_OF" => {
                self.ties[a].push((Step::Sibling, b));
                self.ties[b].push((Step::Sibling, a));
            }
            "SAME_AS" => {
                self.same_as[a].push(b);
                self.same_as[b].push(a);
                let (ra, rb) = (self.find(a), self.find(b));
                if ra != rb {
                    self.parent[ra] = rb;
                }
            }
            _ => {}
        }
    }

    /// Settles identity clusters; returns each cluster's member records, keyed by its root.
    fn finish(&mut self) -> HashMap<usize, Vec<usize>> {
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..self.records.len() {
            let root = self.find(i);
            self.records[i].cluster = root;
            members.entry(root).or_default().push(i);
        }
        // What one record of a person says, all its records know.
        let mut merged: HashMap<usize, Person> = HashMap::new();
        for i in 0..self.records.len() {
            let entry = merged.entry(self.records[i].cluster).or_default();
            entry.male = entry.male.or(self.people[i].male);
            if entry.birth_date.is_none() {
                entry.birth_date = self.people[i].birth_date.clone();
            }
        }
        for i in 0..self.records.len() {
            self.people[i] = merged[&self.records[i].cluster].clone();
        }
        // One list per cluster (not one copy per member: a large cluster would cost its
        // size squared).
        members
    }

    /// Shortest identity path between two records of one person (both ends included).
    fn identity_path(&self, from: usize, to: usize) -> Vec<usize> {
        if from == to {
            return vec![from];
        }
        let mut previous: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(at) = queue.pop_front() {
            for &next in &self.same_as[at] {
                if next != from && !previous.contains_key(&next) {
                    previous.insert(next, at);
                    if next == to {
                        let mut path = vec![to];
                        let mut cur = to;
                        while let Some(&p) = previous.get(&cur) {
                            path.push(p);
                            cur = p;
                        }
                        path.reverse();
                        return path;
                    }
                    queue.push_back(next);
                }
            }
        }
        vec![from, to]
    }

    /// Every official's relatives within the recusal scope, in the order of the officials'
    /// records. The officials are shared out over the machine's cores: each one's search only
    /// reads the family graph.
    pub fn derive(&mut self) -> Vec<Kin> {
        let members = self.finish();
        // Ties between clusters: for each cluster, (step, from record, to record).
        let mut cluster_ties: HashMap<usize, Vec<Tie>> = HashMap::new();
        for (i, ties) in self.ties.iter().enumerate() {
            for &(step, j) in ties {
                cluster_ties
                    .entry(self.records[i].cluster)
                    .or_default()
                    .push((step, i, j));
            }
        }
        let chains = ChainTable::new();
        let officials: Vec<usize> = (0..self.records.len())
            .filter(|&i| self.records[i].official)
            .collect();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let share = officials.len().div_ceil(threads).max(1);
        let this = &*self;
        let (chains, members, cluster_ties) = (&chains, &members, &cluster_ties);
        std::thread::scope(|scope| {
            let workers: Vec<_> = officials
                .chunks(share)
                .map(|part| {
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for &official in part {
                            this.relatives_of(official, chains, members, cluster_ties, &mut out);
                        }
                        out
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("kinship worker panicked"))
                .collect()
        })
    }

    /// One official's relatives, appended to `out`.
    fn relatives_of(
        &self,
        official: usize,
        chains: &ChainTable,
        members: &HashMap<usize, Vec<usize>>,
        cluster_ties: &HashMap<usize, Vec<Tie>>,
        out: &mut Vec<Kin>,
    ) {
        let start = self.records[official].cluster;
        // Best chain found per relative cluster: (canonical chain, the ties taken).
        let mut best: HashMap<usize, (&'static str, Vec<Tie>)> = HashMap::new();
        let mut search = Search {
            graph: self,
            chains,
            cluster_ties,
            start,
            taken: Vec::with_capacity(MAX_TIES),
            best: &mut best,
        };
        search.extend(start, 0);
        let mut relatives: Vec<_> = best.into_iter().collect();
        relatives.sort_by(|a, b| self.records[a.0].id.cmp(&self.records[b.0].id));
        for (cluster, (chain, taken)) in relatives {
            // The people after each canonical step: walk the taken ties and keep, for
            // each canonical step, the person it reaches.
            let mut chain_people = vec![self.people[official].clone()];
            let mut raw_people: Vec<Person> = vec![self.people[official].clone()];
            for &(_, _, to) in &taken {
                raw_people.push(self.people[to].clone());
            }
            chain_people.extend(canonical_people(&taken, &raw_people));
            let (term_zh, term_en) = terms::term(chain, &chain_people);
            let mut path_records = self.identity_path(official, taken[0].1);
            for (k, &(_, _, to)) in taken.iter().enumerate() {
                let next_from = taken.get(k + 1).map(|t| t.1);
                match next_from {
                    Some(from) => path_records.extend(self.identity_path(to, from)),
                    None => path_records.push(to),
                }
            }
            let reached = *path_records.last().unwrap_or(&official);
            for &relative in members.get(&cluster).map(Vec::as_slice).unwrap_or(&[]) {
                let mut path = path_records.clone();
                if relative != reached {
                    let extra = self.identity_path(reached, relative);
                    path.extend(extra.into_iter().skip(1));
                }
                path.dedup();
                let relative_records: Vec<String> = path
                    .iter()
                    .rev()
                    .take_while(|&&i| self.records[i].cluster == cluster)
                    .map(|&i| self.records[i].id.clone())
                    .collect();
                out.push(Kin {
                    relative_records,
                    official: self.records[official].id.clone(),
                    relative: self.records[relative].id.clone(),
                    chain: chain.to_string(),
                    path: path.iter().map(|&i| self.records[i].id.clone()).collect(),
                    term_zh: term_zh.clone(),
                    term_en: term_en.clone(),
                });
            }
        }
    }
}

/// Every raw chain of up to [`MAX_TIES`] ties, numbered in base 5 (a tie is a digit 1–4),
/// with its canonical form when that is in the recusal scope, and whether any extension of
/// it can still reach the scope: the search looks these up instead of reducing strings on
/// every step, and stops at chains that cannot lead anywhere (a spouse's spouse, ...).
struct ChainTable {
    in_scope: Vec<Option<&'static str>>,
    viable: Vec<bool>,
}

impl ChainTable {
    const STEPS: [Step; 4] = [Step::Up, Step::Down, Step::Spouse, Step::Sibling];

    fn digit(step: Step) -> usize {
        match step {
            Step::Up => 1,
            Step::Down => 2,
            Step::Spouse => 3,
            Step::Sibling => 4,
        }
    }

    fn new() -> Self {
        let size = 5usize.pow(MAX_TIES as u32 + 1);
        let mut in_scope = vec![None; size];
        let mut viable = vec![false; size];
        // Longest chains first, so that a chain's extensions are settled before it.
        let mut by_length: Vec<Vec<(usize, String)>> = vec![vec![(0, String::new())]];
        for length in 1..=MAX_TIES {
            let mut next = Vec::new();
            for (key, raw) in &by_length[length - 1] {
                for step in Self::STEPS {
                    let mut raw = raw.clone();
                    raw.push(step.code());
                    next.push((key * 5 + Self::digit(step), raw));
                }
            }
            by_length.push(next);
        }
        for length in (0..=MAX_TIES).rev() {
            for (key, raw) in &by_length[length] {
                let chain = terms::canonical(raw);
                in_scope[*key] = terms::IN_SCOPE.iter().find(|c| **c == chain).copied();
                viable[*key] = in_scope[*key].is_some()
                    || (length < MAX_TIES
                        && terms::may_extend(raw)
                        && Self::STEPS
                            .iter()
                            .any(|&s| viable[key * 5 + Self::digit(s)]));
            }
        }
        ChainTable { in_scope, viable }
    }
}

/// The depth-first walk of one official's family.
struct Search<'a> {
    graph: &'a FamilyGraph,
    chains: &'a ChainTable,
    cluster_ties: &'a HashMap<usize, Vec<Tie>>,
    start: usize,
    taken: Vec<Tie>,
    best: &'a mut HashMap<usize, (&'static str, Vec<Tie>)>,
}

impl Search<'_> {
    /// Extends the chain `key` (ties `self.taken`) that has reached `cluster`. Every next
    /// tie is judged before any is followed, and they are followed last first: the order of
    /// the stack this replaced, so that the chain kept among equals stays the same.
    fn extend(&mut self, cluster: usize, key: usize) {
        if self.taken.len() == MAX_TIES {
            return;
        }
        let mut follow: Vec<(Tie, usize)> = Vec::new();
        for &(step, from, to) in self
            .cluster_ties
            .get(&cluster)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let next = self.graph.records[to].cluster;
            let visited = next == self.start
                || self
                    .taken
                    .iter()
                    .any(|(_, _, t)| self.graph.records[*t].cluster == next);
            let next_key = key * 5 + ChainTable::digit(step);
            if visited || !self.chains.viable[next_key] {
                continue;
            }
            if let Some(chain) = self.chains.in_scope[next_key] {
                let length = self.taken.len() + 1;
                let better = match self.best.get(&next) {
                    None => true,
                    Some((c, t)) => (chain.len(), length) < (c.len(), t.len()),
                };
                if better {
                    let mut taken = self.taken.clone();
                    taken.push((step, from, to));
                    self.best.insert(next, (chain, taken));
                }
            }
            follow.push(((step, from, to), next_key));
        }
        for (tie, next_key) in follow.into_iter().rev() {
            let next = self.graph.records[tie.2].cluster;
            self.taken.push(tie);
            self.extend(next, next_key);
            self.taken.pop();
        }
    }
}

/// The people reached by each canonical step, from the raw chain: a parent's child counts
/// as one sibling step reaching the child, and so on (mirrors [`terms::canonical`]).
fn canonical_people(taken: &[(Step, usize, usize)], raw_people: &[Person]) -> Vec<Person> {
    let mut steps: Vec<(char, Person)> = Vec::new();
    for (k, (step, _, _)) in taken.iter().enumerate() {
        let person = raw_people[k + 1].clone();
        let code = step.code();
        match (steps.last().map(|(c, _)| *c), code) {
            (Some('U'), 'D') => {
                steps.pop();
                merge_push(&mut steps, 'B', person);
            }
            (Some('S'), 'D') => {
                steps.pop();
                steps.push(('D', person));
            }
            (Some('B'), 'U') => {
                steps.pop();
                steps.push(('U', person));
            }
            _ => merge_push(&mut steps, code, person),
        }
    }
    steps.into_iter().map(|(_, p)| p).collect()
}

/// Pushes a step, folding a sibling's sibling into one sibling step.
fn merge_push(steps: &mut Vec<(char, Person)>, code: char, person: Person) {
    if code == 'B' && steps.last().map(|(c, _)| *c) == Some('B') {
        steps.pop();
    }
    steps.push((code, person));
}

/// Reads the family graph, derives kin and writes `KIN` relationships stamped with `scan`,
/// removing those earlier scans derived that no longer hold. Returns how many hold, the ids
/// of the people a created relationship ties (officials and relatives) and how many were
/// removed: what the region-scope pass after the scan follows (`crate::scope`).
pub async fn derive_kinship(
    graph: &Graph,
    scan: &str,
) -> Result<(usize, Vec<String>, usize), ScanError> {
    // The three reads are independent and mostly cost decoding on this side, so they run
    // at once on the runtime's threads (a city has a million people and ties).
    let people = tokio::spawn(read_rows(graph.clone(), cypher::KIN_PEOPLE, |row| {
        let gender: Option<String> = row.get("gender").ok().flatten();
        (
            row.get::<String>("id").unwrap_or_default(),
            gender.as_deref().map(|g| g == "male"),
            row.get::<Option<String>>("birth_date").ok().flatten(),
            row.get::<bool>("official").unwrap_or(false),
        )
    }));
    let ties = tokio::spawn(read_rows(graph.clone(), cypher::KIN_TIES, |row| {
        (
            row.get::<String>("a").unwrap_or_default(),
            row.get::<String>("type").unwrap_or_default(),
            row.get::<String>("b").unwrap_or_default(),
        )
    }));
    // Each stored relation carries a signature of what it says; reading those instead of
    // the chains and paths themselves keeps this read small on a city.
    let existing = tokio::spawn(read_rows(graph.clone(), cypher::KIN_EXISTING, |row| {
        (
            (
                row.get::<String>("official").unwrap_or_default(),
                row.get::<String>("relative").unwrap_or_default(),
            ),
            row.get::<Option<String>>("sig")
                .ok()
                .flatten()
                .unwrap_or_default(),
        )
    }));
    let people = joined(people).await?;
    let ties = joined(ties).await?;
    // Searching every official's family is CPU work: off the async threads.
    let kin = tokio::task::spawn_blocking(move || {
        let mut family = FamilyGraph::default();
        for (id, male, birth, official) in people {
            family.add_person(&id, male, birth, official);
        }
        for (a, kind, b) in ties {
            family.add_tie(&a, &kind, &b);
        }
        tracing::info!(records = family.records.len(), "kinship: family graph read");
        family.derive()
    })
    .await
    .map_err(|e| ScanError::Internal(format!("kinship derivation failed: {e}")))?;
    tracing::info!(kin = kin.len(), "kinship: derived");

    // Write only what changed since the last scan: a scheduled rescan of an unchanged graph
    // then writes nothing.
    let mut existing: HashMap<(String, String), String> =
        joined(existing).await?.into_iter().collect();
    tracing::info!(existing = existing.len(), "kinship: existing read");
    // New relations are created (a first scan: all of them), changed ones merged.
    let (mut created, mut changed) = (Vec::new(), Vec::new());
    for k in &kin {
        let sig = k.signature();
        match existing.remove(&(k.official.clone(), k.relative.clone())) {
            Some(old) if old == sig => {}
            Some(_) => changed.push((k, sig)),
            None => created.push((k, sig)),
        }
    }
    // Two batches are written at once, so that Neo4j uses both cores on a first scan (55,822
    // relations on the county). The batches follow the officials' order, so two of them
    // rarely touch the same person; when they do, the driver retries the deadlocked one.
    let batch = |chunk: &[(&Kin, String)]| -> Vec<BoltType> {
        chunk
            .iter()
            .map(|(k, sig)| {
                let mut map = BoltMap::new();
                map.put(BoltString::from("sig"), BoltType::from(sig.as_str()));
                map.put(
                    BoltString::from("official"),
                    BoltType::from(k.official.as_str()),
                );
                map.put(
                    BoltString::from("relative"),
                    BoltType::from(k.relative.as_str()),
                );
                map.put(BoltString::from("chain"), BoltType::from(k.chain.as_str()));
                map.put(BoltString::from("path"), BoltType::from(k.path.clone()));
                map.put(
                    BoltString::from("relative_records"),
                    BoltType::from(k.relative_records.clone()),
                );
                map.put(
                    BoltString::from("term_zh"),
                    BoltType::from(k.term_zh.as_str()),
                );
                map.put(
                    BoltString::from("term_en"),
                    BoltType::from(k.term_en.as_str()),
                );
                BoltType::Map(map)
            })
            .collect()
    };
    let write = |file: cypher::CypherFile, list: Vec<BoltType>| {
        graph.run(query(file.text).param("kin", list).param("scan", scan))
    };
    for (file, list) in [
        (cypher::KIN_CREATE, &created),
        (cypher::KIN_WRITE, &changed),
    ] {
        for pair in list.chunks(4000) {
            let (first, second) = pair.split_at(pair.len().min(2000));
            let (a, b) = tokio::join!(write(file, batch(first)), async {
                if second.is_empty() {
                    Ok(())
                } else {
                    write(file, batch(second)).await.map(drop)
                }
            });
            let a = a.map(drop);
            a.and(b).origin(file.path)?;
        }
    }
    let stale: Vec<BoltType> = existing
        .into_keys()
        .map(|(official, relative)| {
            let mut map = BoltMap::new();
            map.put(BoltString::from("official"), BoltType::from(official));
            map.put(BoltString::from("relative"), BoltType::from(relative));
            BoltType::Map(map)
        })
        .collect();
    for chunk in stale.chunks(5000) {
        graph
            .run(query(cypher::KIN_PRUNE.text).param("pairs", chunk.to_vec()))
            .await
            .origin(cypher::KIN_PRUNE.path)?;
    }
    tracing::info!(
        created = created.len(),
        changed = changed.len(),
        removed = stale.len(),
        "kinship: written"
    );
    let tied: BTreeSet<String> = created
        .iter()
        .flat_map(|(k, _)| [k.official.clone(), k.relative.clone()])
        .collect();
    Ok((kin.len(), tied.into_iter().collect(), stale.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family() -> FamilyGraph {
        let mut g = FamilyGraph::default();
        // Grandfather gf; his children: the secretary sec (official) and sec's sister sis;
        // sis's daughter niece (who also appears as niece-reg in the company registry);
        // sec's cousin's child (outside the scope) via uncle -> cousin -> cousin-kid.
        for (id, male, birth, official) in [
            ("gf", Some(true), "1930-01-01", false),
            ("gm", Some(false), "1932-01-01", false),
            ("sec", Some(true), "1960-01-01", true),
            ("sis", Some(false), "1958-01-01", false),
            ("niece", Some(false), "1985-01-01", false),
            ("niece-reg", None, "", false),
            ("ggf", Some(true), "1900-01-01", false),
            ("uncle", Some(true), "1928-01-01", false),
            ("cousin", Some(true), "1955-01-01", false),
            ("cousin-kid", Some(false), "1980-01-01", false),
        ] {
            let birth = (!birth.is_empty()).then(|| birth.to_string());
            g.add_person(id, male, birth, official);
        }
        g.add_tie("gf", "PARENT_OF", "sec");
        g.add_tie("gm", "PARENT_OF", "sec");
        g.add_tie("gf", "PARENT_OF", "sis");
        g.add_tie("sis", "PARENT_OF", "niece");
        g.add_tie("niece", "SAME_AS", "niece-reg");
        g.add_tie("ggf", "PARENT_OF", "gf");
        g.add_tie("ggf", "PARENT_OF", "uncle");
        g.add_tie("uncle", "PARENT_OF", "cousin");
        g.add_tie("cousin", "PARENT_OF", "cousin-kid");
        g
    }

    #[test]
    fn a_sisters_daughter_is_a_niece_through_both_records() {
        let kin = family().derive();
        let niece: Vec<&Kin> = kin
            .iter()
            .filter(|k| k.relative.starts_with("niece"))
            .collect();
        assert_eq!(niece.len(), 2, "{kin:#?}");
        for k in niece {
            assert_eq!(k.official, "sec");
            assert_eq!(k.chain, "BD");
            assert_eq!(k.term_zh, "外甥女");
            assert_eq!(k.path.first().map(String::as_str), Some("sec"));
            assert!(k.path.contains(&"sis".to_string()), "{k:?}");
        }
        let reg = kin.iter().find(|k| k.relative == "niece-reg").unwrap();
        assert_eq!(reg.path.last().map(String::as_str), Some("niece-reg"));
        assert!(
            reg.path.contains(&"niece".to_string()),
            "the identity link is on the path"
        );
    }

    #[test]
    fn the_scope_stops_before_a_cousins_child() {
        let kin = family().derive();
        let ids: Vec<&str> = kin.iter().map(|k| k.relative.as_str()).collect();
        assert!(ids.contains(&"sis") && ids.contains(&"gf") && ids.contains(&"ggf"));
        assert!(ids.contains(&"uncle"), "{ids:?}");
        assert!(ids.contains(&"cousin"), "{ids:?}");
        assert!(!ids.contains(&"cousin-kid"), "{ids:?}");
        let sister = kin.iter().find(|k| k.relative == "sis").unwrap();
        assert_eq!(sister.term_zh, "姐姐");
        let uncle = kin.iter().find(|k| k.relative == "uncle").unwrap();
        assert_eq!(uncle.term_zh, "伯父");
        let cousin = kin.iter().find(|k| k.relative == "cousin").unwrap();
        assert_eq!(cousin.term_zh, "堂兄");
    }
}
