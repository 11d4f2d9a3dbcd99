//! Derived ownership: who is behind a company through other companies, and which companies
//! are one supplier. Run by every scan after kinship, like it: the patterns then match a
//! holding with one hop.
//!
//! - `(holder)-[:BEHIND]->(company)`: the holder (a person or a company) owns at least 25% of
//!   the company through a chain of 2 to 4 shareholdings, the shares multiplied (the
//!   beneficial-owner threshold of the anti-money-laundering rules), or controls it: legal
//!   representative or majority shareholder of the first company, a majority at each further
//!   link.
//!   A direct role stays the loaded `ROLE_IN`. Each holding keeps the companies between
//!   (`via`), the chain with its percentages and the dates when every role of it was held.
//! - `supplier_group` on companies: companies one holder controls (legal representative or
//!   more than half, directly or through a chain), or of which one owns more than half of
//!   the other, are one supplier for split-contracts and supplier-concentration.
//!
//! See docs/patterns/time-authority-ownership.md for the rules and their basis.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};

use super::error::ScanError;
use super::reads::{joined, read_rows};
use crate::cypher;
use crate::db::WithOrigin;

/// Longest chain of shareholdings followed (at most three companies between).
pub const MAX_LINKS: usize = 4;
/// A beneficial owner holds at least this share (percent), the shares multiplied.
pub const BENEFICIAL_SHARE: f64 = 25.0;
/// A controlling shareholding is above this share (percent).
pub const CONTROL_SHARE: f64 = 50.0;

/// One loaded role that can be a link of a chain.
#[derive(Debug, Clone)]
pub struct Link {
    /// The holder's id (person or company).
    pub holder: String,
    /// The holder's name.
    pub holder_name: String,
    /// Whether the holder is a company (only a company's shareholdings continue a chain).
    pub holder_is_company: bool,
    /// The company's id.
    pub company: String,
    /// The company's name.
    pub company_name: String,
    /// `legal_rep` or `shareholder`.
    pub role: String,
    /// Percent held (a shareholder without a share holds 0).
    pub share: f64,
    /// First day held (none: since always).
    pub start: Option<NaiveDate>,
    /// Last day held (none: still held).
    pub end: Option<NaiveDate>,
}

impl Link {
    fn controls(&self) -> bool {
        self.role == "legal_rep" || (self.role == "shareholder" && self.share > CONTROL_SHARE)
    }
}

/// What a holding through companies makes its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldingKind {
    /// Owns at least [`BENEFICIAL_SHARE`] percent, the shares along the chain multiplied.
    BeneficialOwner,
    /// Controls each company along the chain.
    Controller,
}

impl HoldingKind {
    /// The role word the patterns read (`BEHIND.role`).
    pub fn as_str(self) -> &'static str {
        match self {
            HoldingKind::BeneficialOwner => "beneficial_owner",
            HoldingKind::Controller => "controller",
        }
    }
}

/// One derived holding through companies.
#[derive(Debug, Clone, PartialEq)]
pub struct Holding {
    /// The holder's id.
    pub holder: String,
    /// The company held.
    pub company: String,
    /// Beneficial owner or controller.
    pub kind: HoldingKind,
    /// Percent owned, the shares multiplied.
    pub share: f64,
    /// The companies between holder and company, in order.
    pub via: Vec<String>,
    /// The chain with its percentages, in Chinese.
    pub chain_zh: String,
    /// The same in English.
    pub chain_en: String,
    /// When every role of the chain was held at once.
    pub start: Option<NaiveDate>,
    /// See `start`.
    pub end: Option<NaiveDate>,
}

impl Holding {
    /// A short digest of everything the holding says: equal signatures need no rewrite.
    pub fn signature(&self) -> String {
        use sha2::{Digest, Sha256};
        let text = format!(
            "{}|{}|{:.4}|{}|{}|{}|{:?}|{:?}",
            self.kind.as_str(),
            self.company,
            self.share,
            self.via.join(","),
            self.chain_zh,
            self.chain_en,
            self.start,
            self.end
        );
        Sha256::digest(text.as_bytes())[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A chain being walked: the links taken and what they add up to.
struct Walk<'a> {
    links: Vec<&'a Link>,
    share: f64,
    control: bool,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

fn earlier(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    }
}

fn percent(share: f64) -> String {
    let text = format!("{share:.1}");
    text.trim_end_matches(".0").to_string() + "%"
}

/// Every holding through companies the links make: per holder and company the beneficial
/// ownership with the largest share, else the shortest control chain. Chains never revisit
/// a company; a chain whose roles were never held at the same time is dropped.
pub fn derive_holdings(links: &[Link]) -> Vec<Holding> {
    let mut shareholdings: HashMap<&str, Vec<&Link>> = HashMap::new();
    for link in links
        .iter()
        .filter(|l| l.role == "shareholder" && l.holder_is_company)
    {
        shareholdings.entry(&link.holder).or_default().push(link);
    }
    let mut best: BTreeMap<(String, String), Holding> = BTreeMap::new();
    for first in links {
        let mut stack = vec![Walk {
            links: vec![first],
            share: if first.role == "shareholder" {
                first.share
            } else {
                0.0
            },
            control: first.controls(),
            start: first.start,
            end: first.end,
        }];
        while let Some(walk) = stack.pop() {
            let last = walk.links[walk.links.len() - 1];
            if walk.links.len() >= 2 {
                consider(&mut best, &walk);
            }
            if walk.links.len() == MAX_LINKS {
                continue;
            }
            for next in shareholdings
                .get(last.company.as_str())
                .into_iter()
                .flatten()
            {
                let seen = next.company == first.holder
                    || walk.links.iter().any(|l| l.company == next.company);
                let share = walk.share * next.share / 100.0;
                let control = walk.control && next.share > CONTROL_SHARE;
                let start = later(walk.start, next.start);
                let end = earlier(walk.end, next.end);
                let overlaps = match (start, end) {
                    (Some(s), Some(e)) => s <= e,
                    _ => true,
                };
                if seen || !overlaps || (share < BENEFICIAL_SHARE && !control) {
                    continue;
                }
                let mut links = walk.links.clone();
                links.push(next);
                stack.push(Walk {
                    links,
                    share,
                    control,
                    start,
                    end,
                });
            }
        }
    }
    best.into_values().collect()
}

fn consider(best: &mut BTreeMap<(String, String), Holding>, walk: &Walk) {
    let first = walk.links[0];
    let last = walk.links[walk.links.len() - 1];
    let kind = if walk.share >= BENEFICIAL_SHARE {
        HoldingKind::BeneficialOwner
    } else if walk.control {
        HoldingKind::Controller
    } else {
        return;
    };
    let step_zh = |l: &Link| match l.role.as_str() {
        "legal_rep" => format!("{}（法定代表人）", l.company_name),
        _ => format!("{}（{}）", l.company_name, percent(l.share)),
    };
    let step_en = |l: &Link| match l.role.as_str() {
        "legal_rep" => format!("{} (legal representative)", l.company_name),
        _ => format!("{} ({})", l.company_name, percent(l.share)),
    };
    let steps_zh: Vec<String> = walk.links.iter().map(|l| step_zh(l)).collect();
    let steps_en: Vec<String> = walk.links.iter().map(|l| step_en(l)).collect();
    let (chain_zh, chain_en) = match kind {
        HoldingKind::BeneficialOwner => (
            format!("经{}，合计{}", steps_zh.join("→"), percent(walk.share)),
            format!(
                "through {}, {} in all",
                steps_en.join(" → "),
                percent(walk.share)
            ),
        ),
        HoldingKind::Controller => (
            format!("经{}控制", steps_zh.join("→")),
            format!("controlling through {}", steps_en.join(" → ")),
        ),
    };
    let holding = Holding {
        holder: first.holder.clone(),
        company: last.company.clone(),
        kind,
        share: walk.share,
        via: walk.links[..walk.links.len() - 1]
            .iter()
            .map(|l| l.company.clone())
            .collect(),
        chain_zh,
        chain_en,
        start: walk.start,
        end: walk.end,
    };
    let key = (holding.holder.clone(), holding.company.clone());
    let better = match best.get(&key) {
        None => true,
        Some(old) => match (old.kind, holding.kind) {
            (HoldingKind::Controller, HoldingKind::BeneficialOwner) => true,
            (HoldingKind::BeneficialOwner, HoldingKind::BeneficialOwner) => {
                holding.share > old.share || (holding.share == old.share && holding.via < old.via)
            }
            (HoldingKind::Controller, HoldingKind::Controller) => {
                (holding.via.len(), &holding.via) < (old.via.len(), &old.via)
            }
            (HoldingKind::BeneficialOwner, HoldingKind::Controller) => false,
        },
    };
    if better {
        best.insert(key, holding);
    }
}

/// Supplier groups: the connected sets of two or more companies tied by control (one holder
/// controlling each, directly or through a chain, or one company controlling the other),
/// each named by its smallest company id. `controls` are (holder, company) pairs;
/// `is_company` says which ids are companies (a person only ties companies together).
pub fn supplier_groups(
    controls: &[(String, String)],
    is_company: impl Fn(&str) -> bool,
) -> BTreeMap<String, String> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut ids: Vec<&str> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (holder, company) in controls {
        let mut ends = [0usize; 2];
        for (n, id) in [holder.as_str(), company.as_str()].into_iter().enumerate() {
            ends[n] = match index.get(id) {
                Some(&i) => i,
                None => {
                    index.insert(id, ids.len());
                    ids.push(id);
                    parent.push(parent.len());
                    parent.len() - 1
                }
            };
        }
        let (a, b) = (find(&mut parent, ends[0]), find(&mut parent, ends[1]));
        parent[a] = b;
    }
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        if is_company(id) {
            members.entry(find(&mut parent, i)).or_default().push(id);
        }
    }
    let mut groups = BTreeMap::new();
    for list in members.values().filter(|list| list.len() >= 2) {
        let name = list.iter().min().expect("two or more members").to_string();
        for id in list {
            groups.insert(id.to_string(), name.clone());
        }
    }
    groups
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

/// What one derivation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnershipSummary {
    /// Holdings through companies that hold now.
    pub holdings: usize,
    /// Companies in a supplier group of two or more.
    pub grouped: usize,
}

/// Reads the shareholdings, derives the holdings through companies and the supplier groups,
/// and writes what changed since the last scan (`BEHIND` stamped with `scan`, removing those
/// that no longer hold; `supplier_group` set or cleared).
pub async fn derive_ownership(graph: &Graph, scan: &str) -> Result<OwnershipSummary, ScanError> {
    let links = tokio::spawn(read_rows(graph.clone(), cypher::OWN_CHAINS, |row| Link {
        holder: row.get("holder").unwrap_or_default(),
        holder_name: row.get("holder_name").unwrap_or_default(),
        holder_is_company: row.get("holder_is_company").unwrap_or(false),
        company: row.get("company").unwrap_or_default(),
        company_name: row.get("company_name").unwrap_or_default(),
        role: row.get("role").unwrap_or_default(),
        share: row
            .get::<Option<f64>>("share")
            .ok()
            .flatten()
            .unwrap_or(0.0),
        start: day(row.get("start_date").ok().flatten()),
        end: day(row.get("end_date").ok().flatten()),
    }));
    let controls = tokio::spawn(read_rows(graph.clone(), cypher::OWN_CONTROLS, |row| {
        (
            row.get::<String>("holder").unwrap_or_default(),
            row.get::<bool>("holder_is_company").unwrap_or(false),
            row.get::<String>("company").unwrap_or_default(),
        )
    }));
    let existing = tokio::spawn(read_rows(graph.clone(), cypher::OWN_EXISTING, |row| {
        (
            (
                row.get::<String>("holder").unwrap_or_default(),
                row.get::<String>("company").unwrap_or_default(),
            ),
            row.get::<Option<String>>("sig")
                .ok()
                .flatten()
                .unwrap_or_default(),
        )
    }));
    let old_groups = tokio::spawn(read_rows(graph.clone(), cypher::GROUPS_EXISTING, |row| {
        (
            row.get::<String>("company").unwrap_or_default(),
            row.get::<String>("supplier_group").unwrap_or_default(),
        )
    }));
    let links = joined(links).await?;
    let holdings = derive_holdings(&links);

    let mut existing: HashMap<(String, String), String> =
        joined(existing).await?.into_iter().collect();
    let mut rows = Vec::new();
    for holding in &holdings {
        let sig = holding.signature();
        match existing.remove(&(holding.holder.clone(), holding.company.clone())) {
            Some(old) if old == sig => {}
            _ => rows.push(holding_row(holding, &sig)),
        }
    }
    let stale: Vec<BoltType> = existing
        .into_keys()
        .map(|(holder, company)| {
            let mut map = BoltMap::new();
            map.put(BoltString::from("holder"), BoltType::from(holder));
            map.put(BoltString::from("company"), BoltType::from(company));
            BoltType::Map(map)
        })
        .collect();
    for chunk in stale.chunks(2000) {
        graph
            .run(query(cypher::OWN_PRUNE.text).param("pairs", chunk.to_vec()))
            .await
            .origin(cypher::OWN_PRUNE.path)?;
    }
    for chunk in rows.chunks(2000) {
        graph
            .run(
                query(cypher::OWN_WRITE.text)
                    .param("rows", chunk.to_vec())
                    .param("scan", scan),
            )
            .await
            .origin(cypher::OWN_WRITE.path)?;
    }

    // Groups: direct control, and control through a chain (a controller, or a beneficial
    // owner of more than half).
    let mut companies: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut pairs = Vec::new();
    for (holder, holder_is_company, company) in joined(controls).await? {
        if holder_is_company {
            companies.insert(holder.clone());
        }
        companies.insert(company.clone());
        pairs.push((holder, company));
    }
    for holding in &holdings {
        if holding.kind == HoldingKind::Controller || holding.share > CONTROL_SHARE {
            companies.insert(holding.company.clone());
            pairs.push((holding.holder.clone(), holding.company.clone()));
        }
    }
    for link in links.iter().filter(|l| l.holder_is_company) {
        companies.insert(link.holder.clone());
    }
    let groups = supplier_groups(&pairs, |id| companies.contains(id));
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    let mut old: HashMap<String, String> = joined(old_groups).await?.into_iter().collect();
    for (company, group) in &groups {
        if old.remove(company).as_ref() != Some(group) {
            changes.push((company.clone(), Some(group.clone())));
        }
    }
    changes.extend(old.into_keys().map(|company| (company, None)));
    let change_rows: Vec<BoltType> = changes
        .into_iter()
        .map(|(company, group)| {
            let mut map = BoltMap::new();
            map.put(BoltString::from("company"), BoltType::from(company));
            map.put(
                BoltString::from("supplier_group"),
                group
                    .map(BoltType::from)
                    .unwrap_or(BoltType::Null(neo4rs::BoltNull)),
            );
            BoltType::Map(map)
        })
        .collect();
    for chunk in change_rows.chunks(2000) {
        graph
            .run(query(cypher::GROUPS_WRITE.text).param("rows", chunk.to_vec()))
            .await
            .origin(cypher::GROUPS_WRITE.path)?;
    }
    tracing::info!(
        holdings = holdings.len(),
        grouped = groups.len(),
        "ownership: derived"
    );
    Ok(OwnershipSummary {
        holdings: holdings.len(),
        grouped: groups.len(),
    })
}

fn holding_row(holding: &Holding, sig: &str) -> BoltType {
    let text = |d: Option<NaiveDate>| {
        d.map(|d| BoltType::from(d.to_string()))
            .unwrap_or(BoltType::Null(neo4rs::BoltNull))
    };
    let mut map = BoltMap::new();
    map.put(
        BoltString::from("holder"),
        BoltType::from(holding.holder.as_str()),
    );
    map.put(
        BoltString::from("company"),
        BoltType::from(holding.company.as_str()),
    );
    map.put(
        BoltString::from("role"),
        BoltType::from(holding.kind.as_str()),
    );
    map.put(BoltString::from("share"), BoltType::from(holding.share));
    map.put(BoltString::from("via"), BoltType::from(holding.via.clone()));
    map.put(
        BoltString::from("chain_zh"),
        BoltType::from(holding.chain_zh.as_str()),
    );
    map.put(
        BoltString::from("chain_en"),
        BoltType::from(holding.chain_en.as_str()),
    );
    map.put(BoltString::from("start_date"), text(holding.start));
    map.put(BoltString::from("end_date"), text(holding.end));
    map.put(BoltString::from("sig"), BoltType::from(sig));
    BoltType::Map(map)
}

#[cfg(test)]
mod tests;
