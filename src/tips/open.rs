//! Opening a tip: its row, the names in its text (the kept automaton), what tells the named
//! entities apart, the alerts concerning them (read whole with
//! `scan::alerts::get_alert_in`, as the alert page does) and the link finder
//! (`explore::paths`) run for each pair of an official and a company it names, the pairs
//! side by side (each search is its own transaction, bounded by the caller's timeout).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use neo4rs::Graph;
use serde::Deserialize;

use super::{
    resolve, seen_ids, AmbiguousName, MatcherCache, TipEntity, TipPaths, TipPost, TipView,
};
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::AlertStatus;
use crate::explore::{self, MaxHops, PathEnds, Paths};
use crate::scan::alerts::{get_alert_in, AlertListItem};
use crate::scope::{scope_param, Scope};

/// Longest path searched between an official and a company of a tip: kin through a
/// registry record (王建国 —外甥女→ 赵丽 —同一人→ 赵丽 —法定代表人→ 红图广告) is three steps;
/// four leaves room for one more company in between and keeps the searches quick.
pub const TIP_MAX_HOPS: u32 = 4;
/// At most this many official–company pairs are searched (a tip naming a big org's many
/// officials and several companies would otherwise run dozens of searches).
const MAX_PAIRS: usize = 24;

/// One row of `cypher/tips/entities.cypher`.
#[derive(Debug, Deserialize)]
struct EntityRow {
    id: String,
    name: String,
    kind: String,
    birth_year: Option<i64>,
    posts: Vec<TipPost>,
    parent: Option<String>,
    officials: Vec<String>,
    address: Option<String>,
}

/// The tip's row, if `scope` sees it.
async fn tip_row(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Option<super::TipRow>, DbError> {
    let file = &cypher::TIPS_GET;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("id", id)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let Some(row) = rows.next().await.origin(file.path)? else {
        return Ok(None);
    };
    Ok(Some(super::TipRow {
        id: row.get("id").unwrap_or_default(),
        text: row.get("text").unwrap_or_default(),
        received_on: row.get::<Option<String>>("received_on").ok().flatten(),
        subjects: row.get("subjects").unwrap_or_default(),
    }))
}

/// What tells the entities of `ids` apart, by id.
async fn entity_rows(
    graph: &Graph,
    ids: &[String],
) -> Result<BTreeMap<String, EntityRow>, DbError> {
    let file = &cypher::TIPS_ENTITIES;
    let mut rows = graph
        .execute_read(read_query(file.text).param("ids", ids.to_vec()))
        .await
        .origin(file.path)?;
    let mut out = BTreeMap::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let entity = EntityRow {
            id: row.get("id").unwrap_or_default(),
            name: row.get("name").unwrap_or_default(),
            kind: row.get("kind").unwrap_or_default(),
            birth_year: row.get::<Option<i64>>("birth_year").ok().flatten(),
            posts: row.get("posts").unwrap_or_default(),
            parent: row.get::<Option<String>>("parent").ok().flatten(),
            officials: row.get("officials").unwrap_or_default(),
            address: row.get::<Option<String>>("address").ok().flatten(),
        };
        out.insert(entity.id.clone(), entity);
    }
    Ok(out)
}

fn tip_entity(row: &EntityRow, subject: bool, mentions: Vec<String>) -> TipEntity {
    TipEntity {
        id: row.id.clone(),
        kind: row.kind.clone(),
        name: row.name.clone(),
        subject,
        mentions,
        birth_year: row.birth_year,
        posts: row.posts.clone(),
        parent: row.parent.clone(),
        address: row.address.clone(),
    }
}

/// The alerts concerning `ids` that `scope` sees, most severe first.
async fn alerts_about(
    graph: &Graph,
    ids: &[String],
    scope: Scope<'_>,
) -> Result<Vec<AlertListItem>, DbError> {
    let file = &cypher::TIPS_ALERTS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("ids", ids.to_vec())
                .param("retired", AlertStatus::Retired.as_str())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut alert_ids = BTreeSet::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        alert_ids.insert(row.get::<String>("id").unwrap_or_default());
    }
    // Each alert is read whole, as its own page does (scope cuts its subjects), side by side.
    let mut reads = tokio::task::JoinSet::new();
    for id in alert_ids {
        let (graph, scope) = (graph.clone(), scope.map(<[String]>::to_vec));
        reads.spawn(async move { get_alert_in(&graph, &id, scope.as_deref()).await });
    }
    let mut alerts = Vec::new();
    while let Some(read) = reads.join_next().await {
        if let Some(a) = read.expect("reading an alert does not panic")? {
            alerts.push(AlertListItem {
                id: a.id,
                pattern: a.pattern,
                severity: a.severity,
                subjects: a.subjects,
                summary: a.summary,
                status: a.status,
                first_seen: a.first_seen,
                last_seen: a.last_seen,
            });
        }
    }
    alerts.sort_by(|a, b| (b.severity, &a.pattern, &a.id).cmp(&(a.severity, &b.pattern, &b.id)));
    Ok(alerts)
}

/// The officials × companies to connect: people the tip names who hold a post, and those
/// holding a post at an org it names; companies it names.
fn pairs(named: &[TipEntity], rows: &BTreeMap<String, EntityRow>) -> Vec<(String, String)> {
    let mut officials = BTreeSet::new();
    for entity in named {
        match entity.kind.as_str() {
            "Person" if !entity.posts.is_empty() => {
                officials.insert(entity.id.clone());
            }
            "Org" => {
                let holders = rows.get(&entity.id).map(|r| r.officials.clone());
                officials.extend(holders.unwrap_or_default());
            }
            _ => {}
        }
    }
    let companies: Vec<&String> = named
        .iter()
        .filter(|e| e.kind == "Company")
        .map(|e| &e.id)
        .collect();
    officials
        .iter()
        .flat_map(|o| companies.iter().map(move |c| (o.clone(), (*c).clone())))
        .filter(|(o, c)| o != c)
        .collect()
}

/// Runs the link finder for each pair side by side: the pairs with a path, and notes of
/// the searches that ran past `timeout`.
async fn connect(
    graph: &Graph,
    pairs: Vec<(String, String)>,
    scope: Scope<'_>,
    timeout: Duration,
) -> Result<(Vec<TipPaths>, Vec<String>), DbError> {
    let mut searches = tokio::task::JoinSet::new();
    let owned_scope: Option<Vec<String>> = scope.map(<[String]>::to_vec);
    for (official, company) in pairs {
        let (graph, scope) = (graph.clone(), owned_scope.clone());
        searches.spawn(async move {
            let Some(ends) = PathEnds::new(official.clone(), company.clone()) else {
                return Ok((official, company, Paths::UnknownEntities(Vec::new())));
            };
            let max_hops = MaxHops::new(TIP_MAX_HOPS);
            let found = explore::paths(&graph, &ends, max_hops, scope.as_deref(), timeout).await;
            found.map(|p| (official, company, p))
        });
    }
    let (mut found, mut notes) = (Vec::new(), Vec::new());
    while let Some(done) = searches.join_next().await {
        let (official, company, paths) = done.expect("a path search does not panic")?;
        match paths {
            Paths::Found(response) if !response.paths.is_empty() => found.push(TipPaths {
                official,
                company,
                paths: response.paths,
            }),
            Paths::TimedOut => notes.push(format!(
                "路径查询超时 the path search between {official} and {company} ran past its time"
            )),
            _ => {}
        }
    }
    let shortest = |t: &TipPaths| t.paths.iter().map(|p| p.length).min().unwrap_or(usize::MAX);
    found.sort_by(|a, b| {
        (shortest(a), &a.official, &a.company).cmp(&(shortest(b), &b.official, &b.company))
    });
    Ok((found, notes))
}

/// Opens a tip: `Ok(None)` when there is no tip `id` in `scope`. See the module doc of
/// [`crate::tips`]; `timeout` bounds each path search.
pub async fn open_tip(
    graph: &Graph,
    cache: &MatcherCache,
    id: &str,
    scope: Scope<'_>,
    timeout: Duration,
) -> Result<Option<TipView>, DbError> {
    let Some(tip) = tip_row(graph, id, scope).await? else {
        return Ok(None);
    };
    let index = cache.index(graph).await?;
    let mentions = index.find(&tip.text);
    // Collected before the await (a borrowing iterator held across it is not `Send`).
    let all: Vec<String> = tip
        .subjects
        .iter()
        .chain(mentions.iter().flat_map(|m| &m.ids))
        .cloned()
        .collect();
    let seen = seen_ids(graph, all, scope).await?;
    let resolution = resolve(&tip.subjects, &mentions, |id| seen.contains(id));
    let mut wanted: Vec<String> = resolution.named.keys().cloned().collect();
    wanted.extend(resolution.ambiguous.iter().flat_map(|(_, ids)| ids.clone()));
    let rows = entity_rows(graph, &wanted).await?;

    let entities: Vec<TipEntity> = resolution
        .named
        .iter()
        .filter_map(|(id, (subject, mentions))| {
            let row = rows.get(id)?;
            Some(tip_entity(row, *subject, mentions.clone()))
        })
        .collect();
    let ambiguous = resolution
        .ambiguous
        .iter()
        .map(|(mention, ids)| AmbiguousName {
            mention: mention.clone(),
            candidates: ids
                .iter()
                .filter_map(|id| rows.get(id))
                .map(|row| tip_entity(row, false, vec![mention.clone()]))
                .collect(),
        })
        .collect();
    let ids: Vec<String> = entities.iter().map(|e| e.id.clone()).collect();

    let mut pairs = pairs(&entities, &rows);
    let mut notes = Vec::new();
    if pairs.len() > MAX_PAIRS {
        notes.push(format!(
            "只查了前 {MAX_PAIRS} 对 only the first {MAX_PAIRS} of {} official–company pairs were searched",
            pairs.len()
        ));
        pairs.truncate(MAX_PAIRS);
    }
    // The alerts and the path searches do not depend on each other.
    let (alerts, connected) = tokio::join!(
        alerts_about(graph, &ids, scope),
        connect(graph, pairs, scope, timeout)
    );
    let (alerts, (paths, timed_out)) = (alerts?, connected?);
    notes.extend(timed_out);
    Ok(Some(TipView {
        id: tip.id,
        received_on: tip.received_on,
        text: tip.text,
        entities,
        ambiguous,
        alerts,
        paths,
        notes,
    }))
}
