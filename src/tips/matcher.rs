//! The name automaton of the tips inbox: every person's, company's and org's name in the
//! graph, normalised as names are everywhere else ([`normalize_name`]: white space removed,
//! full width folded, lower case), in one Aho-Corasick automaton that finds them in a tip's
//! normalised text in one pass.
//!
//! Companies are also found by their short name ([`short_company_name`]): tips say 红图广告,
//! the registry 青溪县红图广告有限公司. The rule is deliberately plain: a leading place
//! name (two to four characters, then 省/市/县/区/镇) is dropped (repeatedly:
//! 浙江省青溪县…), then one legal-form suffix (有限责任公司, 股份有限公司, 有限公司, 集团,
//! 公司); what is left is the short name if it keeps at least two characters. 东山五金厂
//! keeps its 厂: it is part of how people name it.
//!
//! One name may belong to several entities (two people called 周婷, or a company's short name
//! that is also a person's name): a [`Mention`] then lists them all and the caller shows them
//! as candidates, never picking one. Names shorter than two characters are left out (one
//! character matches everywhere), and the longest name wins where names overlap (李明德 over
//! 李明).
//!
//! Building the automaton reads every name once; [`MatcherCache`] keeps it and builds it
//! again only when the graph's fingerprint (`cypher/tips/fingerprint.cypher`: the load runs
//! and the number of people, companies and orgs) has changed, so opening a tip costs one
//! small query, not a read of all names.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use neo4rs::{query, Graph};
use serde::Serialize;
use utoipa::ToSchema;

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::text::normalize_name;

/// A named entity the automaton knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NamedEntity {
    /// Entity id.
    pub id: String,
    /// `Person`, `Company` or `Org`.
    pub kind: String,
    /// Its name as loaded.
    pub name: String,
}

/// A name found in a tip's text, with every entity of that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The name as found (normalised).
    pub text: String,
    /// The ids of the entities bearing it (one when unambiguous), sorted.
    pub ids: Vec<String>,
}

/// Fewest characters of a name the automaton looks for.
const MIN_NAME_CHARS: usize = 2;
/// Characters that end a leading place name (province, city, county, district, town).
const PLACE_ENDS: [char; 5] = ['省', '市', '县', '区', '镇'];
/// Legal-form suffixes dropped from a company's name, longest first.
const LEGAL_FORMS: [&str; 5] = ["有限责任公司", "股份有限公司", "有限公司", "集团", "公司"];

/// A company's short name from its normalised name (`青溪县红图广告有限公司` → `红图广告`),
/// or `None` when the rule (module doc) leaves nothing shorter of at least two characters.
pub fn short_company_name(norm: &str) -> Option<String> {
    let mut rest: Vec<char> = norm.chars().collect();
    // A place name is two to four characters and its end marker; several may follow.
    while let Some(end) = rest
        .iter()
        .take(5)
        .position(|c| PLACE_ENDS.contains(c))
        .filter(|&at| at >= 2 && rest.len() > at + 1)
    {
        rest.drain(..=end);
    }
    let mut short: String = rest.into_iter().collect();
    if let Some(form) = LEGAL_FORMS.iter().find(|f| short.ends_with(*f)) {
        short.truncate(short.len() - form.len());
    }
    (short.chars().count() >= MIN_NAME_CHARS && short != norm).then_some(short)
}

/// The forms an entity is found by: its normalised name, and a company's short name.
pub fn name_forms(kind: &str, name: &str) -> Vec<String> {
    let norm = normalize_name(name);
    let mut forms = Vec::new();
    if kind == "Company" {
        forms.extend(short_company_name(&norm));
    }
    forms.push(norm);
    forms.retain(|f| f.chars().count() >= MIN_NAME_CHARS);
    forms
}

/// The automaton over the names of the graph, with who bears each name.
#[derive(Debug)]
pub struct NameIndex {
    automaton: Option<AhoCorasick>,
    /// The automaton's patterns, in its pattern order.
    names: Vec<String>,
    /// Per pattern, the ids bearing it, sorted.
    owners: Vec<Vec<String>>,
    /// Every entity by id.
    entities: BTreeMap<String, NamedEntity>,
    /// The graph fingerprint it was built at.
    fingerprint: String,
}

impl NameIndex {
    /// Builds the automaton over `entities`' name forms ([`name_forms`]).
    pub fn build(entities: Vec<NamedEntity>, fingerprint: String) -> NameIndex {
        let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for entity in &entities {
            for form in name_forms(&entity.kind, &entity.name) {
                owners.entry(form).or_default().insert(entity.id.clone());
            }
        }
        let (names, owners): (Vec<String>, Vec<Vec<String>>) = owners
            .into_iter()
            .map(|(name, ids)| (name, ids.into_iter().collect()))
            .unzip();
        let automaton = (!names.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
                .expect("an automaton over a few million short names fits")
        });
        NameIndex {
            automaton,
            names,
            owners,
            entities: entities.into_iter().map(|e| (e.id.clone(), e)).collect(),
            fingerprint,
        }
    }

    /// The names found in `text` (normalised first), each once, in order of first
    /// appearance.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let text = normalize_name(text);
        let mut seen = BTreeSet::new();
        automaton
            .find_iter(&text)
            .filter(|m| seen.insert(m.pattern()))
            .map(|m| Mention {
                text: self.names[m.pattern()].clone(),
                ids: self.owners[m.pattern()].clone(),
            })
            .collect()
    }

    /// The entity of an id, if it has a name the automaton knows.
    pub fn entity(&self, id: &str) -> Option<&NamedEntity> {
        self.entities.get(id)
    }

    /// The fingerprint of the graph it was built from.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// The graph's fingerprint now (`cypher/tips/fingerprint.cypher`).
async fn fingerprint(graph: &Graph) -> Result<String, DbError> {
    let file = &cypher::TIPS_FINGERPRINT;
    let mut rows = graph.execute(query(file.text)).await.origin(file.path)?;
    let row = rows.next().await.origin(file.path)?;
    Ok(row
        .and_then(|r| r.get::<String>("fingerprint").ok())
        .unwrap_or_default())
}

/// Reads every name once and builds the automaton.
async fn read_index(graph: &Graph, fingerprint: String) -> Result<NameIndex, DbError> {
    let file = &cypher::TIPS_NAMES;
    let mut rows = graph.execute(query(file.text)).await.origin(file.path)?;
    let mut entities = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let text = |k: &str| row.get::<String>(k).unwrap_or_default();
        entities.push(NamedEntity {
            id: text("id"),
            kind: text("kind"),
            name: text("name"),
        });
    }
    // Building is CPU work over every name: off the async workers.
    let built = tokio::task::spawn_blocking(move || NameIndex::build(entities, fingerprint));
    Ok(built
        .await
        .expect("building the name automaton does not panic"))
}

/// The automaton, kept between tips and built again when the graph's fingerprint changed.
/// The service holds one (`AppState`); a command builds its own.
#[derive(Debug, Default)]
pub struct MatcherCache {
    current: tokio::sync::Mutex<Option<Arc<NameIndex>>>,
    builds: AtomicU64,
}

impl MatcherCache {
    /// The automaton for the graph as it is now: the kept one when the fingerprint is the
    /// same, otherwise a new one (callers meanwhile wait rather than read all names twice).
    pub async fn index(&self, graph: &Graph) -> Result<Arc<NameIndex>, DbError> {
        let now = fingerprint(graph).await?;
        let mut current = self.current.lock().await;
        if let Some(index) = current.as_ref().filter(|i| i.fingerprint == now) {
            return Ok(index.clone());
        }
        let index = Arc::new(read_index(graph, now).await?);
        self.builds.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(names = index.names.len(), "tips: name automaton built");
        *current = Some(index.clone());
        Ok(index)
    }

    /// How many times an automaton was built (every name read once per build).
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, kind: &str, name: &str) -> NamedEntity {
        NamedEntity {
            id: id.into(),
            kind: kind.into(),
            name: name.into(),
        }
    }

    #[test]
    fn companies_have_short_names() {
        let cases = [
            ("青溪县红图广告有限公司", Some("红图广告")),
            ("青溪县西湾实业有限公司", Some("西湾实业")),
            ("青溪县东山五金厂", Some("东山五金厂")),
            ("浙江省青溪县王氏广告传媒有限公司", Some("王氏广告传媒")),
            ("红图广告有限公司", Some("红图广告")),
            ("红图广告", None),
            ("县公司", None),
        ];
        for (name, want) in cases {
            assert_eq!(short_company_name(name).as_deref(), want, "{name}");
        }
        assert_eq!(name_forms("Person", "周 婷"), vec!["周婷".to_string()]);
        assert_eq!(name_forms("Org", "东山村"), vec!["东山村".to_string()]);
        assert_eq!(name_forms("Person", "王"), Vec::<String>::new());
    }

    #[test]
    fn names_are_found_longest_first_and_shared_names_listed() {
        let index = NameIndex::build(
            vec![
                entity("c-hongtu", "Company", "青溪县红图广告有限公司"),
                entity("o-dongshan", "Org", "东山村"),
                entity("p-li-ming", "Person", "李明"),
                entity("p-li-mingde", "Person", "李明德"),
                entity("p-zhou-1", "Person", "周婷"),
                entity("p-zhou-2", "Person", "周 婷"),
            ],
            "f".into(),
        );
        let found = index.find("东山村的广告都由 红图广告 承接，李明德和周婷知情；红图广告");
        let got: Vec<(&str, Vec<&str>)> = found
            .iter()
            .map(|m| (m.text.as_str(), m.ids.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("东山村", vec!["o-dongshan"]),
                ("红图广告", vec!["c-hongtu"]),
                ("李明德", vec!["p-li-mingde"]),
                ("周婷", vec!["p-zhou-1", "p-zhou-2"]),
            ]
        );
        assert_eq!(
            index.entity("c-hongtu").map(|e| e.kind.as_str()),
            Some("Company")
        );
        assert!(NameIndex::build(Vec::new(), String::new())
            .find("东山村")
            .is_empty());
    }
}
