//! The tips inbox (信访举报): each tip's text matched against the names of the people,
//! companies and orgs in the graph ([`matcher`]: one Aho-Corasick automaton, kept between
//! tips), together with the tip's `subject_ids` (`NAMES`). Opening a tip ([`open_tip`])
//! gives the entities it names, the alerts concerning them and the connecting paths between
//! the officials it names (or who hold posts at an org it names) and the companies it names;
//! a name several entities bear is shown with its candidates and what tells them apart,
//! never resolved by a guess. [`list_tips`] pages the inbox, searched by text.
//!
//! The command line (`guanxi tip`) and the API (`/api/tips`) call these same functions.
//! Every read takes the caller's region scope ([`Scope`]): a tip outside it is absent, and
//! entities outside it are neither named, offered as candidates nor stepped through.

pub mod matcher;
mod open;
mod render;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use neo4rs::{BoltNull, BoltType, Graph};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use matcher::{MatcherCache, Mention, NameIndex, NamedEntity};
pub use open::{open_tip, TIP_MAX_HOPS};
pub use render::{render_page, render_tip};

use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::explore::GraphPath;
use crate::scan::alerts::AlertListItem;
use crate::scope::{scope_param, visible_ids, Scope};

/// A post a person holds, which tells two people of one name apart.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TipPost {
    /// Org id.
    pub org_id: String,
    /// Org name.
    pub org: String,
    /// Title (村党总支书记 ...).
    pub title: String,
}

/// An entity a tip names, or a candidate for an ambiguous name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipEntity {
    /// Entity id.
    pub id: String,
    /// `Person`, `Company`, `Org` (or `Other` for a subject of another kind).
    pub kind: String,
    /// Name.
    pub name: String,
    /// Whether the tip's `subject_ids` name it.
    pub subject: bool,
    /// How the text names it (normalised), when it does.
    pub mentions: Vec<String>,
    /// A person's year of birth.
    pub birth_year: Option<i64>,
    /// A person's posts.
    pub posts: Vec<TipPost>,
    /// The org an org is part of.
    pub parent: Option<String>,
    /// A company's address.
    pub address: Option<String>,
}

/// A name in the tip that several entities bear: the candidates, none picked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AmbiguousName {
    /// The name as found (normalised).
    pub mention: String,
    /// Everyone of that name the caller may see, with what tells them apart.
    pub candidates: Vec<TipEntity>,
}

/// The connecting paths between an official and a company the tip names.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipPaths {
    /// The official (named, or holding a post at a named org).
    pub official: String,
    /// The company.
    pub company: String,
    /// The shortest paths, most telling first (`王建国 —外甥女→ 赵丽 —法定代表人→ …`).
    pub paths: Vec<GraphPath>,
}

/// An opened tip (`guanxi tip show`, `GET /api/tips/{id}`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipView {
    /// Tip id.
    pub id: String,
    /// When it was received.
    pub received_on: Option<String>,
    /// Its text.
    pub text: String,
    /// The entities it names (its subjects, and the unambiguous names in its text).
    pub entities: Vec<TipEntity>,
    /// Names in its text that several entities bear.
    pub ambiguous: Vec<AmbiguousName>,
    /// Alerts concerning the entities it names, most severe first (not the retired ones).
    pub alerts: Vec<AlertListItem>,
    /// Paths from officials to companies it names (pairs without a path are left out).
    pub paths: Vec<TipPaths>,
    /// What was left out or cut short (pairs not searched, searches past their time).
    pub notes: Vec<String>,
}

/// One tip in the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipListItem {
    /// Tip id.
    pub id: String,
    /// When it was received.
    pub received_on: Option<String>,
    /// The first characters of its text.
    pub excerpt: String,
    /// How many entities it names (subjects and unambiguous names in its text).
    pub matched: usize,
    /// How many names in its text several entities bear.
    pub ambiguous: usize,
}

/// A page of the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipPage {
    /// Tips matching the search, in total.
    pub total: i64,
    /// This page (from 1).
    pub page: u32,
    /// Tips per page.
    pub per_page: u32,
    /// The tips, newest first.
    pub tips: Vec<TipListItem>,
}

/// Characters of a tip's text in the inbox.
pub const EXCERPT_CHARS: usize = 30;

/// What a tip names, resolved: each entity named for certain (subject, or a name only it
/// bears) with the mentions that name it, and the names several entities bear.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Id → (whether it is a subject, the mentions naming it).
    pub named: BTreeMap<String, (bool, Vec<String>)>,
    /// Mention → the ids bearing it (two or more), when no subject settles it.
    pub ambiguous: Vec<(String, Vec<String>)>,
}

/// Resolves a tip's subjects and the names found in its text, keeping only what `visible`
/// lets the caller see. A name several visible entities bear is settled only when exactly
/// one of them is among the subjects (the tip's own file says which one is meant);
/// otherwise it stays ambiguous.
pub fn resolve(
    subjects: &[String],
    mentions: &[Mention],
    visible: impl Fn(&str) -> bool,
) -> Resolution {
    let mut out = Resolution::default();
    for id in subjects.iter().filter(|id| visible(id)) {
        out.named.entry(id.clone()).or_default().0 = true;
    }
    for mention in mentions {
        let ids: Vec<&String> = mention.ids.iter().filter(|id| visible(id)).collect();
        let subject: Vec<&&String> = ids.iter().filter(|id| subjects.contains(id)).collect();
        let settled = match (ids.as_slice(), subject.as_slice()) {
            ([only], _) => Some(*only),
            (_, [only]) => Some(**only),
            _ => None,
        };
        match settled {
            Some(id) => out
                .named
                .entry(id.clone())
                .or_default()
                .1
                .push(mention.text.clone()),
            None if ids.len() > 1 => out
                .ambiguous
                .push((mention.text.clone(), ids.into_iter().cloned().collect())),
            None => {}
        }
    }
    out
}

/// The ids among `ids` the caller sees: all without a scope, else one query.
pub(crate) async fn seen_ids(
    graph: &Graph,
    ids: impl IntoIterator<Item = String>,
    scope: Scope<'_>,
) -> Result<HashSet<String>, DbError> {
    let ids: BTreeSet<String> = ids.into_iter().collect();
    match scope {
        None => Ok(ids.into_iter().collect()),
        Some(_) if ids.is_empty() => Ok(HashSet::new()),
        Some(_) => visible_ids(graph, &ids.into_iter().collect::<Vec<_>>(), scope).await,
    }
}

/// One stored tip row.
#[derive(Debug, Clone, Deserialize)]
struct TipRow {
    id: String,
    text: String,
    received_on: Option<String>,
    subjects: Vec<String>,
}

/// The first [`EXCERPT_CHARS`] characters of a text, with `…` when cut.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// A page of the inbox, newest first, within `scope`; with `search`, only tips whose text
/// holds it (case-insensitive). Each tip's names are matched with the kept automaton.
pub async fn list_tips(
    graph: &Graph,
    cache: &MatcherCache,
    search: Option<&str>,
    page: u32,
    per_page: u32,
    scope: Scope<'_>,
) -> Result<TipPage, DbError> {
    let page = page.max(1);
    let per_page = per_page.max(1);
    let search = search
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let file = &cypher::TIPS_LIST;
    let skip = i64::from(page - 1) * i64::from(per_page);
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("scope", scope_param(scope))
                .param("q", search.map_or(BoltType::Null(BoltNull), BoltType::from))
                .param("skip", skip)
                .param("limit", i64::from(per_page)),
        )
        .await
        .origin(file.path)?;
    let (total, rows) = match rows.next().await.origin(file.path)? {
        Some(row) => (
            row.get::<i64>("total").unwrap_or(0),
            row.get::<Vec<TipRow>>("tips").unwrap_or_default(),
        ),
        None => (0, Vec::new()),
    };
    let index = cache.index(graph).await?;
    let found: Vec<Vec<Mention>> = rows.iter().map(|t| index.find(&t.text)).collect();
    // Collected before the await: a borrowing iterator held across it makes the future
    // not `Send` for axum.
    let all_ids: Vec<String> = rows
        .iter()
        .zip(&found)
        .flat_map(|(t, m)| t.subjects.iter().chain(m.iter().flat_map(|m| &m.ids)))
        .cloned()
        .collect();
    let seen = seen_ids(graph, all_ids, scope).await?;
    let tips = rows
        .into_iter()
        .zip(found)
        .map(|(row, mentions)| {
            let resolution = resolve(&row.subjects, &mentions, |id| seen.contains(id));
            TipListItem {
                excerpt: excerpt(&row.text),
                id: row.id,
                received_on: row.received_on,
                matched: resolution.named.len(),
                ambiguous: resolution.ambiguous.len(),
            }
        })
        .collect();
    Ok(TipPage {
        total,
        page,
        per_page,
        tips,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, ids: &[&str]) -> Mention {
        Mention {
            text: text.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn shared_names_stay_ambiguous_unless_a_subject_settles_them() {
        let mentions = [
            mention("红图广告", &["c-hongtu"]),
            mention("周婷", &["p-zhou-1", "p-zhou-2"]),
            mention("李明", &["p-li-1", "p-li-2"]),
            mention("赵丽", &["p-zhao-outside"]),
        ];
        let subjects = vec!["p-li-2".to_string(), "o-dongshan".to_string()];
        let got = resolve(&subjects, &mentions, |id| id != "p-zhao-outside");
        let named: Vec<(&str, bool, Vec<&str>)> = got
            .named
            .iter()
            .map(|(id, (s, m))| (id.as_str(), *s, m.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            named,
            vec![
                ("c-hongtu", false, vec!["红图广告"]),
                ("o-dongshan", true, vec![]),
                ("p-li-2", true, vec!["李明"]),
            ]
        );
        assert_eq!(
            got.ambiguous,
            vec![(
                "周婷".to_string(),
                vec!["p-zhou-1".to_string(), "p-zhou-2".to_string()]
            )]
        );
    }

    #[test]
    fn excerpts_are_cut_by_characters() {
        assert_eq!(excerpt("东山村"), "东山村");
        let long = "群".repeat(EXCERPT_CHARS + 5);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt(&long).ends_with('…'));
    }
}
