//! Watchlists (issue 15): an investigator (the owner of an API token, keyed by the token's
//! name) watches people, companies and orgs, or a region (an org id, whose region scope as
//! `crate::scope` derives it is watched). Their news ([`news`]) are the open alerts opened
//! since they last looked that touch a watched item (its subjects or the entities of its
//! evidence, or an alert in a watched region) and the tips arrived since then that name a
//! watched entity (as `crate::tips` matches them) or lie in a watched region; the token's
//! own region scope still applies. [`Watched`] is the same test for the notifications
//! (`watchlist = "NAME"` on a `[[notify]]` target).
//!
//! The command line (`guanxi watch`) and the API (`/api/watchlist`) call these functions;
//! both write an audit entry per change ([`audit_entry`]).

mod news;

use neo4rs::{query, Graph};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::AuditEntry;
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::Role;
use crate::scope::Scope;

pub use news::{evidence_ids, new_tips_of_run, news, AlertNews, News, TipNews, Watched};

crate::word_enum! {
    /// What a watch is on.
    pub enum WatchKind {
        /// A person, company or org, by id.
        Entity = "entity",
        /// A region: an org id whose region scope is watched.
        Region = "region",
    }
}

/// Why a watchlist change could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The target is no entity of that kind (or lies outside the caller's scope).
    #[error("no {kind} {target} to watch in this token's scope (an entity is a person, company or org id; a region is an org id)")]
    UnknownTarget {
        /// What was asked for.
        kind: WatchKind,
        /// The id given.
        target: String,
    },
    /// No such watch on this watchlist.
    #[error("no watch {0} on this watchlist")]
    NotFound(String),
    /// The token named does not exist, is revoked, or may not watch.
    #[error("{0}")]
    Watcher(String),
}

impl WatchError {
    /// The HTTP-like status an audit entry records for this outcome.
    fn audit_status(&self) -> i64 {
        match self {
            WatchError::UnknownTarget { .. } | WatchError::NotFound(_) => 404,
            WatchError::Watcher(_) => 403,
            WatchError::Db(_) => 500,
        }
    }
}

/// One watched item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WatchItem {
    /// The watch's id (to remove it).
    pub id: String,
    /// `entity` or `region`.
    pub kind: WatchKind,
    /// The watched entity's or region's org id.
    pub target: String,
    /// Its name.
    pub name: String,
    /// `Person`, `Company` or `Org`.
    pub label: Option<String>,
    /// Since when (RFC 3339).
    pub created_at: Option<String>,
    /// The same in epoch ms (news of this item start there).
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub created_ms: Option<i64>,
}

/// A watchlist: what one investigator watches.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Watchlist {
    /// The watcher (token name).
    pub watcher: String,
    /// The watched items, oldest first.
    pub items: Vec<WatchItem>,
    /// When they last looked at their news, in epoch ms (none before their first watch).
    #[serde(skip)]
    pub seen_ms: Option<i64>,
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

/// `watcher` watches `target`. Watching it again keeps the first watch. With a `scope`, the
/// target must lie within it (a scoped investigator watches only what they may see).
pub async fn add(
    graph: &Graph,
    watcher: &str,
    kind: WatchKind,
    target: &str,
    scope: Scope<'_>,
) -> Result<WatchItem, WatchError> {
    let target = target.trim();
    let unknown = || WatchError::UnknownTarget {
        kind,
        target: target.to_string(),
    };
    if target.is_empty() {
        return Err(unknown());
    }
    if scope.is_some() {
        let seen = crate::scope::visible_ids(graph, &[target.to_string()], scope).await?;
        if !seen.contains(target) {
            return Err(unknown());
        }
    }
    let file = &cypher::WATCH_ADD;
    let id = format!("w-{}", uuid::Uuid::new_v4().simple());
    let mut rows = graph
        .execute(
            query(file.text)
                .param("watcher", watcher)
                .param("kind", kind.as_str())
                .param("target", target)
                .param("id", id)
                .param("by", watcher)
                .param("now", now()),
        )
        .await
        .origin(file.path)?;
    let row = rows.next().await.origin(file.path)?.ok_or_else(unknown)?;
    Ok(WatchItem {
        id: row.get("id").unwrap_or_default(),
        kind,
        target: target.to_string(),
        name: row.get("name").unwrap_or_default(),
        label: row.get::<Option<String>>("label").ok().flatten(),
        created_at: row.get::<Option<String>>("created_at").ok().flatten(),
        created_ms: row.get::<Option<i64>>("created_ms").ok().flatten(),
    })
}

/// What `watcher` watches.
pub async fn list(graph: &Graph, watcher: &str) -> Result<Watchlist, DbError> {
    let file = &cypher::WATCH_LIST;
    let mut rows = graph
        .execute_read(read_query(file.text).param("watcher", watcher))
        .await
        .origin(file.path)?;
    let (seen_ms, items) = match rows.next().await.origin(file.path)? {
        Some(row) => (
            row.get::<Option<i64>>("seen_ms").ok().flatten(),
            row.get::<Vec<WatchItem>>("items").unwrap_or_default(),
        ),
        None => (None, Vec::new()),
    };
    Ok(Watchlist {
        watcher: watcher.to_string(),
        items,
        seen_ms,
    })
}

/// `watcher` stops watching: the watch `id` goes. Returns the target it watched.
pub async fn remove(graph: &Graph, watcher: &str, id: &str) -> Result<String, WatchError> {
    let file = &cypher::WATCH_REMOVE;
    let mut rows = graph
        .execute(
            query(file.text)
                .param("watcher", watcher)
                .param("id", id.trim()),
        )
        .await
        .origin(file.path)?;
    match rows.next().await.origin(file.path)? {
        Some(row) => Ok(row.get("target").unwrap_or_default()),
        None => Err(WatchError::NotFound(id.trim().to_string())),
    }
}

/// `watcher` has looked at their news: what is older leaves them. Returns when (RFC 3339).
pub async fn mark_seen(graph: &Graph, watcher: &str) -> Result<String, WatchError> {
    let file = &cypher::WATCH_SEEN;
    let mut rows = graph
        .execute(
            query(file.text)
                .param("watcher", watcher)
                .param("now", now()),
        )
        .await
        .origin(file.path)?;
    let row = rows.next().await.origin(file.path)?;
    Ok(row.and_then(|r| r.get("seen_at").ok()).unwrap_or_default())
}

/// The token named `name` as a watcher (the command line's `--as`): it must exist, be valid
/// and be an investigator's or an admin's. Returns its region scope.
pub async fn watcher_token(graph: &Graph, name: &str) -> Result<Option<Vec<String>>, WatchError> {
    let info = match crate::tokens::get(graph, name).await {
        Ok(info) => info,
        Err(crate::tokens::TokenError::Db(e)) => return Err(e.into()),
        Err(e) => return Err(WatchError::Watcher(format!("token {name}: {e}"))),
    };
    if info.revoked_at.is_some() {
        return Err(WatchError::Watcher(format!("token {name} is revoked")));
    }
    if info.role < Role::Investigator {
        return Err(WatchError::Watcher(format!(
            "token {name} is a {}'s: watchlists are for investigators and admins",
            info.role
        )));
    }
    Ok(info.scope)
}

pub use crate::audit::Actor;

/// The audit entry of a watchlist change, refused ones too: `route` reads
/// `guanxi watch <action>`, `path` the watcher, the change and its outcome.
pub fn audit_entry<T>(
    action: &str,
    change: &str,
    targets: &[String],
    outcome: Result<&T, &WatchError>,
    actor: Actor<'_>,
) -> AuditEntry {
    let (status, result) = match outcome {
        Ok(_) => (200, "done".to_string()),
        Err(e) => (e.audit_status(), format!("refused: {e}")),
    };
    crate::audit::change_entry(
        format!("guanxi watch {action}"),
        format!("watchlist {} {action}: {change} ({result})", actor.0),
        targets.to_vec(),
        status,
        actor,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_entries_name_the_watcher_and_the_outcome() {
        let refused: Result<&(), _> = Err(&WatchError::NotFound("w-1".into()));
        let entry = audit_entry(
            "remove",
            "w-1",
            &[],
            refused,
            ("desk-1", "investigator", "DELETE"),
        );
        assert_eq!(entry.status, 404);
        assert!(entry
            .path
            .starts_with("watchlist desk-1 remove: w-1 (refused"));
        assert_eq!(WatchKind::parse("region"), Some(WatchKind::Region));
    }
}
