//! Retiring alerts whose finding no longer holds. After a scan has run a pattern, the
//! alerts of that pattern it did not raise again become `retired` (when, which scan, and an
//! entry in their history); the upsert of a later scan that finds them again brings them
//! back as `new` (`cypher/alerts/upsert.cypher`). Which statuses a scan retires:
//! [`AlertStatus::retired_by_scans`].
//!
//! A whole scan of a pattern found every finding of it, so every alert of the pattern it did
//! not raise is retired. A focused scan only looked at some ids: [`focus_candidates`] lists
//! the alerts naming one of them that it did not raise, and the engine retires those it
//! proves no longer hold ([`retire`] with their ids).

use std::collections::BTreeSet;

use neo4rs::{query, BoltMap, BoltNull, BoltString, BoltType, Graph};

use super::model::{AlertChanges, Evidence};
use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::{AlertStatus, PatternId};

/// An alert a focused scan may retire: its id and every id it names (subjects and evidence
/// nodes).
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The alert id (fingerprint).
    pub id: String,
    /// Its subjects and evidence node ids.
    pub names: BTreeSet<String>,
}

/// The alerts of `pattern` that `scan` did not raise again, of a status scans retire, whose
/// subjects or evidence nodes name one of `focus`.
pub async fn focus_candidates(
    graph: &Graph,
    scan: &str,
    pattern: PatternId,
    focus: &[String],
) -> Result<Vec<Candidate>, DbError> {
    let origin = cypher::ALERTS_FOCUS_CANDIDATES.path;
    let mut rows = graph
        .execute(
            query(cypher::ALERTS_FOCUS_CANDIDATES.text)
                .param("pattern", pattern.as_str())
                .param("scan", scan)
                .param("retirable", AlertStatus::retirable_words())
                .param("focus", focus.to_vec()),
        )
        .await
        .origin(origin)?;
    let focus: BTreeSet<&str> = focus.iter().map(String::as_str).collect();
    let mut candidates = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let evidence: Evidence = row
            .get::<String>("evidence")
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let names: BTreeSet<String> = row
            .get::<Vec<String>>("subjects")
            .unwrap_or_default()
            .into_iter()
            .chain(evidence.nodes.into_iter().map(|n| n.id))
            .collect();
        // The query's text match on the evidence is coarse (an id inside another id or a
        // name); the evidence's node ids decide.
        if names.iter().any(|id| focus.contains(id.as_str())) {
            candidates.push(Candidate {
                id: row.get("id").unwrap_or_default(),
                names,
            });
        }
    }
    Ok(candidates)
}

/// Retires the alerts of `pattern` that `scan` did not raise again and whose status scans
/// retire: all of them (`ids` = `None`, a whole scan of the pattern) or only `ids` (a
/// focused scan's proven ones). Returns how many were retired.
pub async fn retire(
    graph: &Graph,
    scan: &str,
    pattern: PatternId,
    ids: Option<Vec<String>>,
    changes: &AlertChanges,
) -> Result<usize, DbError> {
    if ids.as_ref().is_some_and(Vec::is_empty) {
        return Ok(0);
    }
    let now = chrono::Utc::now().fixed_offset();
    let mut entries = BoltMap::new();
    for from in AlertStatus::ALL
        .into_iter()
        .filter(|s| s.retired_by_scans())
    {
        let entry = serde_json::json!({
            "at": now.to_rfc3339(), "by": "scan", "scan": scan, "from": from,
            "status": AlertStatus::Retired,
            "note": format!("the finding no longer holds: scan {scan} did not find it again"),
        });
        entries.put(
            BoltString::from(from.as_str()),
            BoltType::from(entry.to_string()),
        );
    }
    let origin = cypher::ALERTS_RETIRE.path;
    let result = graph
        .execute(
            query(cypher::ALERTS_RETIRE.text)
                .param("pattern", pattern.as_str())
                .param("scan", scan)
                .param("retirable", AlertStatus::retirable_words())
                .param("retired", AlertStatus::Retired.as_str())
                .param("entries", BoltType::Map(entries))
                .param("now", now)
                .param(
                    "ids",
                    match ids {
                        Some(ids) => BoltType::from(ids),
                        None => BoltType::Null(BoltNull),
                    },
                ),
        )
        .await;
    // Noted even when the write failed: it may have landed before the error.
    changes.note();
    let mut rows = result.origin(origin)?;
    let mut retired = 0;
    while let Some(row) = rows.next().await.origin(origin)? {
        retired = row.get::<i64>("retired").unwrap_or(0);
    }
    Ok(usize::try_from(retired).unwrap_or(0))
}
