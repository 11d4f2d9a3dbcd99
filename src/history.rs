//! The change history of an entity: every change a load or an ingest made to its properties
//! or to the properties of its relationships, with old and new values, when, which load
//! run, who (`cli:<user>` or the API token's name), and the source file and line. The
//! upserts under `cypher/load/` write it as `:History` nodes in the same statement as the
//! change (see docs/model.md, "History"); this module reads it for
//! `GET /api/entities/{id}/history` and `guanxi history ID`.

use std::collections::BTreeMap;

use neo4rs::{query, Graph};
use serde::{Deserialize, Serialize};

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::scope::{self, Scope};

/// Entries of a page when none is asked for.
pub const DEFAULT_LIMIT: u64 = 50;
/// The largest page.
pub const MAX_LIMIT: u64 = 500;

/// One change: a row of a load or an ingest changed these properties.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// The entity changed, or the start of the relationship changed.
    pub entity_id: String,
    /// For a relationship: its end.
    pub other_id: Option<String>,
    /// For a relationship: its type (`HOLDS_POST`, `ROLE_IN`, `BID_ON`).
    pub rel_type: Option<String>,
    /// When (the load run's start; RFC 3339).
    pub at: String,
    /// The load run (`guanxi runs`, `:LoadRun`).
    pub run: String,
    /// Who: `cli:<login>` for `guanxi load`, the API token's name for an ingest.
    pub by: String,
    /// The source file (`ingest:<table>` for an ingest).
    pub file: String,
    /// The row's line in it (an ingest: the row's position in the body).
    pub line: i64,
    /// Why, for a retraction (`guanxi retract`; `run` is then the retraction's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Property → `[old, new]`; `null` where there was no value (or it was cleared).
    #[schema(value_type = Object)]
    pub changes: BTreeMap<String, [Option<String>; 2]>,
}

/// A page of an entity's history, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryPage {
    /// The entity.
    pub id: String,
    /// Entries skipped before this page.
    pub offset: u64,
    /// The page size asked for.
    pub limit: u64,
    /// The changes, newest first (a relationship's change whose other end the caller's
    /// scope does not see is left out).
    pub entries: Vec<HistoryEntry>,
}

/// A page of `id`'s history as `scope` may see it: `None` when there is no such entity or
/// the scope does not see it (callers answer both the same way); a retracted entity's
/// history is read unscoped only.
pub async fn entity_history(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
    offset: u64,
    limit: u64,
) -> Result<Option<HistoryPage>, DbError> {
    if scope::visible_ids(graph, &[id.to_string()], scope)
        .await?
        .is_empty()
        // A retracted entity stays in the history, for an unscoped reader (a scope is
        // derived from ties, and a retracted record has none left).
        && (scope.is_some() || !crate::retract::is_retracted(graph, id).await?)
    {
        return Ok(None);
    }
    let limit = limit.clamp(1, MAX_LIMIT);
    let origin = cypher::HISTORY_ENTITY.path;
    let mut rows = graph
        .execute(
            query(cypher::HISTORY_ENTITY.text)
                .param("id", id)
                .param("offset", offset as i64)
                .param("limit", limit as i64),
        )
        .await
        .origin(origin)?;
    let mut entries = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let keys: Vec<String> = row.get("keys").unwrap_or_default();
        let old: Vec<String> = row.get("old").unwrap_or_default();
        let new: Vec<String> = row.get("new").unwrap_or_default();
        // An empty string stands for "no value": the loader never stores an empty one.
        let value = |v: Option<&String>| v.filter(|s| !s.is_empty()).cloned();
        let changes = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), [value(old.get(i)), value(new.get(i))]))
            .collect();
        entries.push(HistoryEntry {
            entity_id: row.get("entity_id").unwrap_or_default(),
            other_id: row.get("other_id").ok(),
            rel_type: row.get("rel_type").ok(),
            at: row.get("at").unwrap_or_default(),
            run: row.get("run").unwrap_or_default(),
            by: row.get("by").unwrap_or_default(),
            file: row.get("file").unwrap_or_default(),
            line: row.get("line").unwrap_or_default(),
            reason: row.get("reason").ok(),
            changes,
        });
    }
    if scope.is_some() {
        // The other end of a relationship may lie outside the scope: its id is not shown.
        let ends: Vec<String> = entries
            .iter()
            .flat_map(|e| [Some(e.entity_id.clone()), e.other_id.clone()])
            .flatten()
            .filter(|end| end != id)
            .collect();
        let visible = scope::visible_ids(graph, &ends, scope).await?;
        entries.retain(|e| {
            [Some(&e.entity_id), e.other_id.as_ref()]
                .into_iter()
                .flatten()
                .all(|end| end == id || visible.contains(end))
        });
    }
    Ok(Some(HistoryPage {
        id: id.to_string(),
        offset,
        limit,
        entries,
    }))
}

/// The page as a table for a terminal: one line per changed property.
pub fn render(page: &HistoryPage) -> String {
    let mut out = format!("变更历史 History of {}\n", page.id);
    if page.entries.is_empty() {
        out.push_str("（无变更）no changes recorded\n");
        return out;
    }
    out.push_str("at\tby\trun\tsource\trelationship\tproperty\told → new\n");
    for entry in &page.entries {
        let relationship = match (&entry.rel_type, &entry.other_id) {
            (Some(t), Some(other)) => format!("({})-[:{t}]->({other})", entry.entity_id),
            _ => String::new(),
        };
        if let Some(reason) = &entry.reason {
            out.push_str(&format!(
                "{}\t{}\t{}\tretracted {relationship}: {reason}\n",
                entry.at, entry.by, entry.run
            ));
        }
        for (key, [old, new]) in &entry.changes {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}:{}\t{}\t{}\t{} → {}\n",
                entry.at,
                entry.by,
                entry.run,
                entry.file,
                entry.line,
                relationship,
                key,
                old.as_deref().unwrap_or("∅"),
                new.as_deref().unwrap_or("∅"),
            ));
        }
    }
    out
}
