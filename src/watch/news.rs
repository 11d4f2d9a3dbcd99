//! A watcher's news and the test behind it: which alerts and tips touch what they watch.
//! [`Watched`] holds the watched entity and region ids (and the watcher's own region scope,
//! for the notifications); [`news`] reads the open alerts and the tips arrived since the
//! watcher last looked (never before each item was watched) within the caller's scope and
//! keeps those [`Watched`] says touch a watched item.

use std::collections::BTreeSet;

use neo4rs::{BoltNull, BoltType, Graph};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{list, WatchError, WatchKind, Watchlist};
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::scan::alerts::{Evidence, Summary};
use crate::scope::{scope_param, Scope};
use crate::tips::{resolve, MatcherCache};

/// What one watcher watches, as the test of an alert or a tip needs it.
#[derive(Debug, Clone, Default)]
pub struct Watched {
    /// Watched entity ids, each with the time it was watched from (epoch ms).
    entities: Vec<(String, i64)>,
    /// Watched region (org) ids, each with the time it was watched from.
    regions: Vec<(String, i64)>,
    /// The watcher's region scope (`None`: everything): nothing outside it touches them.
    pub scope: Option<Vec<String>>,
}

impl Watched {
    /// From a watchlist (items without a time count from the beginning).
    pub fn of(list: &Watchlist, scope: Option<Vec<String>>) -> Self {
        let mut out = Watched {
            scope,
            ..Watched::default()
        };
        for item in &list.items {
            let entry = (item.target.clone(), item.created_ms.unwrap_or(0));
            match item.kind {
                WatchKind::Entity => out.entities.push(entry),
                WatchKind::Region => out.regions.push(entry),
            }
        }
        out
    }

    /// The watchlist of the token named `watcher`, with its scope, for the notifications.
    /// A token that is gone, revoked or a viewer's watches nothing.
    pub async fn load(graph: &Graph, watcher: &str) -> Result<Self, DbError> {
        let scope = match super::watcher_token(graph, watcher).await {
            Ok(scope) => scope,
            Err(WatchError::Db(e)) => return Err(e),
            Err(e) => {
                tracing::warn!(watcher, %e, "notifications: this watchlist sends nothing");
                return Ok(Watched::default());
            }
        };
        let list = list(graph, watcher).await?;
        Ok(Self::of(&list, scope))
    }

    /// Whether nothing is watched.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.regions.is_empty()
    }

    fn in_scope(&self, orgs: &[String]) -> bool {
        match &self.scope {
            None => true,
            Some(scope) => orgs.iter().any(|o| scope.contains(o)),
        }
    }

    /// The watched ids among `entities` (an alert's subjects and evidence, a tip's named
    /// entities) or `orgs` (its region scope), each watched before `at` (epoch ms); empty
    /// when none, or when the thing lies outside the watcher's scope.
    pub fn touched(&self, entities: &[String], orgs: &[String], at: i64) -> Vec<String> {
        if !self.in_scope(orgs) {
            return Vec::new();
        }
        let hit = |list: &[(String, i64)], ids: &[String]| -> Vec<String> {
            list.iter()
                .filter(|(id, since)| *since < at && ids.contains(id))
                .map(|(id, _)| id.clone())
                .collect()
        };
        let mut out = hit(&self.entities, entities);
        out.extend(hit(&self.regions, orgs));
        out.sort();
        out.dedup();
        out
    }
}

/// An alert in a watcher's news.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertNews {
    /// Alert id.
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// Severity.
    pub severity: String,
    /// What it says.
    pub summary: Summary,
    /// The entities it is about.
    pub subjects: Vec<String>,
    /// When it was opened (epoch ms).
    pub opened_ms: i64,
    /// The watched ids it touches.
    pub watched: Vec<String>,
}

/// A tip in a watcher's news.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TipNews {
    /// Tip id.
    pub id: String,
    /// When it was received.
    pub received_on: Option<String>,
    /// Its first characters.
    pub excerpt: String,
    /// When it arrived in guanxi (epoch ms).
    pub arrived_ms: i64,
    /// The watched ids it names (or the watched regions it lies in).
    pub watched: Vec<String>,
}

/// A watcher's news since they last looked (`GET /api/watchlist/news`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct News {
    /// How many items (the page's badge).
    pub count: usize,
    /// When they last looked (epoch ms), if ever.
    pub seen_ms: Option<i64>,
    /// Open alerts touching watched items, newest first.
    pub alerts: Vec<AlertNews>,
    /// Tips naming watched entities, newest first.
    pub tips: Vec<TipNews>,
}

/// The entity ids of an alert's evidence (stored as JSON).
pub fn evidence_ids(evidence: Option<&str>) -> Vec<String> {
    evidence
        .and_then(|text| serde_json::from_str::<Evidence>(text).ok())
        .map(|e| e.nodes.into_iter().map(|n| n.id).collect())
        .unwrap_or_default()
}

/// One tip row of `cypher/watch/news_tips.cypher`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TipRow {
    pub id: String,
    pub text: String,
    pub received_on: Option<String>,
    pub subjects: Vec<String>,
    pub scope_orgs: Vec<String>,
    pub arrived_ms: i64,
}

/// Tips arrived after `since` (or first written by load run `run`) within `scope`.
pub(crate) async fn tip_rows(
    graph: &Graph,
    since: i64,
    run: Option<&str>,
    scope: Scope<'_>,
) -> Result<Vec<TipRow>, DbError> {
    let file = &cypher::WATCH_NEWS_TIPS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("since", since)
                .param("run", run.map_or(BoltType::Null(BoltNull), BoltType::from))
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        if let Ok(tip) = row.to::<TipRow>() {
            out.push(tip);
        }
    }
    Ok(out)
}

/// The entities a tip names: its subjects and the names in its text only one entity bears
/// (as the tips inbox resolves them; ambiguous names name nobody).
pub(crate) fn named_by(index: &crate::tips::NameIndex, tip: &TipRow) -> Vec<String> {
    let mentions = index.find(&tip.text);
    resolve(&tip.subjects, &mentions, |_| true)
        .named
        .into_keys()
        .collect()
}

/// The tips load run `run` wrote first (whatever their time), each as a notification
/// carries it, with the entities it names and its region scope (for the notifications).
pub async fn new_tips_of_run(
    graph: &Graph,
    cache: &MatcherCache,
    run: &str,
) -> Result<Vec<(crate::notify::NewTip, Vec<String>, Vec<String>)>, DbError> {
    let rows = tip_rows(graph, i64::MIN, Some(run), None).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let index = cache.index(graph).await?;
    Ok(rows
        .into_iter()
        .map(|tip| {
            let named = named_by(&index, &tip);
            let new = crate::notify::NewTip {
                id: tip.id,
                received_on: tip.received_on,
                text: tip.text,
                watched: Vec::new(),
            };
            (new, named, tip.scope_orgs)
        })
        .collect())
}

/// The news of `watcher` within `scope` (their token's): open alerts opened, and tips
/// arrived, since they last looked that touch what they watch.
pub async fn news(
    graph: &Graph,
    cache: &MatcherCache,
    watcher: &str,
    scope: Scope<'_>,
) -> Result<News, WatchError> {
    let list = list(graph, watcher).await?;
    let seen = list.seen_ms.unwrap_or(0);
    let watched = Watched::of(&list, scope.map(<[String]>::to_vec));
    if watched.is_empty() {
        return Ok(News {
            count: 0,
            seen_ms: list.seen_ms,
            alerts: Vec::new(),
            tips: Vec::new(),
        });
    }
    // Nothing older than the first watch can be news: the queries start there.
    let since = list
        .items
        .iter()
        .filter_map(|i| i.created_ms)
        .min()
        .unwrap_or(0)
        .max(seen);
    let file = &cypher::WATCH_NEWS_ALERTS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("since", since)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let text = |k: &str| row.get::<Option<String>>(k).ok().flatten();
        let subjects: Vec<String> = row.get("subjects").unwrap_or_default();
        let orgs: Vec<String> = row.get("scope_orgs").unwrap_or_default();
        let opened_ms: i64 = row.get("opened_ms").unwrap_or(0);
        let mut entities = evidence_ids(text("evidence").as_deref());
        entities.extend(subjects.iter().cloned());
        let touched = watched.touched(&entities, &orgs, opened_ms);
        if touched.is_empty() || opened_ms <= seen {
            continue;
        }
        alerts.push(AlertNews {
            id: text("id").unwrap_or_default(),
            pattern: text("pattern").unwrap_or_default(),
            severity: text("severity").unwrap_or_default(),
            summary: Summary {
                zh: text("summary_zh").unwrap_or_default(),
                en: text("summary_en").unwrap_or_default(),
            },
            subjects,
            opened_ms,
            watched: touched,
        });
    }
    let rows = tip_rows(graph, since, None, scope).await?;
    let index = cache.index(graph).await?;
    let mut tips = Vec::new();
    for tip in rows {
        let named: BTreeSet<String> = named_by(&index, &tip).into_iter().collect();
        let named: Vec<String> = named.into_iter().collect();
        let touched = watched.touched(&named, &tip.scope_orgs, tip.arrived_ms);
        if touched.is_empty() || tip.arrived_ms <= seen {
            continue;
        }
        tips.push(TipNews {
            excerpt: crate::tips::excerpt(&tip.text),
            id: tip.id,
            received_on: tip.received_on,
            arrived_ms: tip.arrived_ms,
            watched: touched,
        });
    }
    Ok(News {
        count: alerts.len() + tips.len(),
        seen_ms: list.seen_ms,
        alerts,
        tips,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::WatchItem;

    fn item(kind: WatchKind, target: &str, at: i64) -> WatchItem {
        WatchItem {
            id: format!("w-{target}"),
            kind,
            target: target.into(),
            name: target.into(),
            label: None,
            created_at: None,
            created_ms: Some(at),
        }
    }

    #[test]
    fn only_items_watched_before_and_within_the_scope_are_touched() {
        let list = Watchlist {
            watcher: "desk".into(),
            items: vec![
                item(WatchKind::Entity, "p-wang", 100),
                item(WatchKind::Region, "o-dongshan", 100),
            ],
            seen_ms: None,
        };
        let all = Watched::of(&list, None);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            all.touched(&ids(&["p-wang", "c-x"]), &[], 200),
            ids(&["p-wang"])
        );
        assert!(all.touched(&ids(&["p-wang"]), &[], 50).is_empty());
        assert_eq!(
            all.touched(&[], &ids(&["o-dongshan"]), 200),
            ids(&["o-dongshan"])
        );
        let scoped = Watched::of(&list, Some(ids(&["o-xiwan"])));
        assert!(scoped
            .touched(&ids(&["p-wang"]), &ids(&["o-dongshan"]), 200)
            .is_empty());
        assert_eq!(
            evidence_ids(Some(
                r#"{"nodes":[{"id":"p-1","label":"Person","name":null,"source_file":null,"source_line":null}],"relationships":[]}"#
            )),
            ids(&["p-1"])
        );
    }
}
