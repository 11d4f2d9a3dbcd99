//! Identity review: a person confirms or rejects the possible identity links
//! (`POSSIBLY_SAME_AS`) that resolution proposes, and can undo a decision.
//!
//! A confirmed link counts like a certain one everywhere because confirming also writes a
//! certain link `SAME_AS {basis: 'review'}` between the two records: kinship, patterns,
//! paths and entity pages read `SAME_AS` and need no change. Rejecting or undoing removes
//! that link again (never a certain link with another basis, which the records themselves
//! prove). Resolution after a load never deletes a reviewed link (it deletes stale links by
//! their own basis only) and never proposes a rejected or confirmed pair again. Each
//! decision keeps who, when and the note on the link and is appended to its `history`.
//! The CLI and the API call the same functions here.

use neo4rs::{query, Graph, Row};
use serde::{Deserialize, Serialize};

use crate::cypher::{self, CypherFile};
use crate::db::{read_query, DbError, WithOrigin};

crate::word_enum! {
    /// Where a possible identity link stands in review.
    pub enum ReviewStatus {
        /// Proposed, not decided.
        Pending = "pending",
        /// The same person: counts like a certain link.
        Confirmed = "confirmed",
        /// Two people: never proposed again.
        Rejected = "rejected",
    }
}

crate::word_enum! {
    /// A reviewer's decision on a possible identity link.
    pub enum Decision {
        /// The two records are one person.
        Confirm = "confirm",
        /// The two records are two people.
        Reject = "reject",
        /// Back to pending.
        Undo = "undo",
    }
}

impl Decision {
    /// The status the link has after the decision.
    pub fn status(self) -> ReviewStatus {
        match self {
            Decision::Confirm => ReviewStatus::Confirmed,
            Decision::Reject => ReviewStatus::Rejected,
            Decision::Undo => ReviewStatus::Pending,
        }
    }
}

/// Why a review could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// No possible identity link joins the two records (in either direction).
    #[error("no possible identity link between {a} and {b}")]
    UnknownPair {
        /// First record id as given.
        a: String,
        /// Second record id as given.
        b: String,
    },
    /// The link already has the status the decision leads to (or another reviewer changed
    /// it at the same moment).
    #[error("the link between {a} and {b} is already {status}")]
    Unchanged {
        /// First record id as given.
        a: String,
        /// Second record id as given.
        b: String,
        /// Its status.
        status: ReviewStatus,
    },
}

/// The key fields of one person record, unmasked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct ReviewRecord {
    /// Record id.
    pub id: String,
    /// Name as written.
    pub name: Option<String>,
    /// `M` or `F`.
    pub gender: Option<String>,
    /// YYYY-MM-DD.
    pub birth_date: Option<String>,
    /// Valid resident ID number.
    pub id_number: Option<String>,
    /// An ID number as written that is not valid.
    pub id_number_invalid: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Address as written.
    pub address: Option<String>,
    /// The file the record came from.
    pub source_file: Option<String>,
    /// Its line there.
    pub source_line: Option<i64>,
}

/// A possible identity link with both records side by side.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewCandidate {
    /// The record the link leaves from (lower id).
    pub a: ReviewRecord,
    /// The other record.
    pub b: ReviewRecord,
    /// Similarity score, 0–1.
    pub score: Option<f64>,
    /// Why the records were proposed.
    pub reason: Option<String>,
    /// Review status.
    pub status: ReviewStatus,
    /// Who took the last decision.
    pub decided_by: Option<String>,
    /// When (RFC 3339).
    pub decided_at: Option<String>,
    /// Their note.
    pub note: Option<String>,
    /// Every decision, oldest first (`at`, `by`, `from`, `status`, `note`).
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
}

/// A page of candidates.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewPage {
    /// The status listed.
    pub status: ReviewStatus,
    /// Page number from 1.
    pub page: u32,
    /// Candidates per page.
    pub per_page: u32,
    /// Candidates with this status in all.
    pub total: i64,
    /// This page, highest score first.
    pub candidates: Vec<ReviewCandidate>,
}

/// A selection file followed by the candidate columns.
fn with_columns(selection: &CypherFile) -> String {
    format!(
        "{}\n{}",
        selection.text.trim(),
        cypher::IDENTITY_REVIEW_COLUMNS.text.trim()
    )
}

/// One candidate from a row of a selection with the candidate columns.
fn candidate(row: &Row) -> ReviewCandidate {
    let text = |name: &str| row.get::<Option<String>>(name).ok().flatten();
    let history: Vec<String> = row.get("history").unwrap_or_default();
    ReviewCandidate {
        a: row.get("a").unwrap_or_default(),
        b: row.get("b").unwrap_or_default(),
        score: row.get::<Option<f64>>("score").ok().flatten(),
        reason: text("reason"),
        status: text("status")
            .and_then(|s| ReviewStatus::parse(&s))
            .unwrap_or(ReviewStatus::Pending),
        decided_by: text("decided_by"),
        decided_at: text("decided_at"),
        note: text("note"),
        history: history
            .iter()
            .map(|h| serde_json::from_str(h).unwrap_or_else(|_| serde_json::json!(h)))
            .collect(),
    }
}

/// A page of the candidates with `status`, highest score first (`page` from 1).
pub async fn list_candidates(
    graph: &Graph,
    status: ReviewStatus,
    page: u32,
    per_page: u32,
) -> Result<ReviewPage, ReviewError> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, 500);
    let origin = cypher::IDENTITY_REVIEW_COUNT.path;
    let total = crate::db::first_value::<i64>(
        graph,
        read_query(cypher::IDENTITY_REVIEW_COUNT.text).param("status", status.as_str()),
        origin,
        "total",
    )
    .await?
    .unwrap_or(0);
    let origin = cypher::IDENTITY_REVIEW_PAGE.path;
    let mut rows = graph
        .execute_read(
            read_query(&with_columns(&cypher::IDENTITY_REVIEW_PAGE))
                .param("status", status.as_str())
                .param("skip", i64::from(page - 1) * i64::from(per_page))
                .param("limit", i64::from(per_page)),
        )
        .await
        .origin(origin)?;
    let mut candidates = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        candidates.push(candidate(&row));
    }
    Ok(ReviewPage {
        status,
        page,
        per_page,
        total,
        candidates,
    })
}

/// The possible identity link between records `a` and `b` (either direction), if any.
pub async fn get_candidate(
    graph: &Graph,
    a: &str,
    b: &str,
) -> Result<Option<ReviewCandidate>, ReviewError> {
    let origin = cypher::IDENTITY_REVIEW_PAIR.path;
    let mut rows = graph
        .execute_read(
            read_query(&with_columns(&cypher::IDENTITY_REVIEW_PAIR))
                .param("a", a)
                .param("b", b),
        )
        .await
        .origin(origin)?;
    Ok(rows.next().await.origin(origin)?.map(|row| candidate(&row)))
}

/// Takes `decision` on the link between records `a` and `b` as `who`, with `note`; returns
/// the link after it. Confirming writes the reviewed certain link, rejecting and undoing
/// remove it, all in one transaction.
pub async fn decide(
    graph: &Graph,
    a: &str,
    b: &str,
    decision: Decision,
    who: &str,
    note: &str,
) -> Result<ReviewCandidate, ReviewError> {
    let unknown = || ReviewError::UnknownPair {
        a: a.to_string(),
        b: b.to_string(),
    };
    let current = get_candidate(graph, a, b).await?.ok_or_else(unknown)?;
    let status = decision.status();
    let unchanged = || ReviewError::Unchanged {
        a: a.to_string(),
        b: b.to_string(),
        status: current.status,
    };
    if current.status == status {
        return Err(unchanged());
    }
    let now = chrono::Utc::now().fixed_offset();
    let entry = serde_json::json!({
        "at": now.to_rfc3339(), "by": who, "decision": decision, "from": current.status,
        "status": status, "note": note
    })
    .to_string();
    let file = &cypher::IDENTITY_REVIEW_DECIDE;
    let statement = |text: &str| {
        query(text)
            .param("a", a)
            .param("b", b)
            .param("from", current.status.as_str())
            .param("status", status.as_str())
            .param("who", who)
            .param("note", note)
            .param("now", now)
            .param("entry", entry.as_str())
    };
    let mut txn = graph.start_txn().await.origin(file.path)?;
    let statements = file.statements();
    let mut rows = txn
        .execute(statement(&statements[0]))
        .await
        .origin(file.path)?;
    let mut changed = 0i64;
    while let Some(row) = rows.next(txn.handle()).await.origin(file.path)? {
        changed = row.get("changed").unwrap_or(0);
    }
    if changed == 0 {
        // Another reviewer changed it since it was read: nothing written.
        txn.rollback().await.origin(file.path)?;
        return Err(unchanged());
    }
    for text in &statements[1..] {
        txn.run(statement(text)).await.origin(file.path)?;
    }
    txn.commit().await.origin(file.path)?;
    get_candidate(graph, a, b).await?.ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_decision_leads_to_its_status() {
        assert_eq!(Decision::Confirm.status(), ReviewStatus::Confirmed);
        assert_eq!(Decision::Reject.status(), ReviewStatus::Rejected);
        assert_eq!(Decision::Undo.status(), ReviewStatus::Pending);
        assert_eq!(Decision::parse("undo"), Some(Decision::Undo));
        assert_eq!(ReviewStatus::parse("maybe"), None);
    }
}
