//! Retractions (issue 14): a wrong family tie, company role, post or whole entity taken back
//! by an admin, with a reason, from the command line (`guanxi retract ...`) or the API
//! (`DELETE` routes). Each retraction:
//!
//! - removes the fact (a kinship tie, a `ROLE_IN`, a `HOLDS_POST` and with the last one
//!   `:Official`) or softly retracts the entity (its node stays as `:Retracted` without
//!   `:Entity` and its kind labels; its ties are recorded in the history and deleted in
//!   bounded batches), and writes a `:History` entry for every removed tie and retracted
//!   record, with the old values, `run` = the retraction id, who and the reason;
//! - leaves a tombstone (`:Retraction`: kind, keys, reason, who, when) that the loaders
//!   consult ([`tombstones`]) so that a later load or ingest of the same row does not bring
//!   the fact back silently: the row is skipped with a warning naming the retraction;
//! - is followed by [`recompute_derived`]: a whole scan through the scan lock (derived kin,
//!   ownership, alerts retired per the retired-alert rule) and the region scopes.
//!
//! The rule and why the entity retraction deletes its ties (rather than keeping them) is in
//! docs/model.md, "Retractions".

pub mod tombstones;

use std::time::Duration;

use neo4rs::{query, Graph, Query};
use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::cypher::{self, CypherFile};
use crate::db::{self, DbError, WithOrigin};
use crate::domain::CompanyRole;
use crate::scan::recompute::{recompute_after_correction, RecomputeError};
use crate::scan::runs::{Scanner, Trigger};
use crate::scan::{ScanError, ScanOptions, ScanSummary};

crate::word_enum! {
    /// What a retraction takes back.
    pub enum RetractionKind {
        /// The primitive family ties between two people.
        Kinship = "kinship",
        /// A role in a company.
        Role = "role",
        /// A post held in an org.
        Position = "position",
        /// A whole record (softly: it stays in the database and the history).
        Entity = "entity",
    }
}

/// What to retract, parsed at the boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The family ties between two people, in either direction.
    Kinship {
        /// One person.
        a: String,
        /// The other.
        b: String,
    },
    /// `person`'s role `role` in `company` (`person` may be a corporate shareholder).
    Role {
        /// The company.
        company: String,
        /// The person or company standing in it.
        person: String,
        /// The role.
        role: CompanyRole,
    },
    /// Every post of `person` in `org` with this title.
    Position {
        /// The person.
        person: String,
        /// The org.
        org: String,
        /// The post's title.
        title: String,
    },
    /// A record of any kind.
    Entity {
        /// Its id.
        id: String,
    },
}

impl Target {
    /// Its kind.
    pub fn kind(&self) -> RetractionKind {
        match self {
            Target::Kinship { .. } => RetractionKind::Kinship,
            Target::Role { .. } => RetractionKind::Role,
            Target::Position { .. } => RetractionKind::Position,
            Target::Entity { .. } => RetractionKind::Entity,
        }
    }

    /// The keys its tombstone keeps (a kinship pair in id order: the tie has no direction).
    pub fn keys(&self) -> Vec<String> {
        match self {
            Target::Kinship { a, b } => {
                let mut pair = vec![a.clone(), b.clone()];
                pair.sort();
                pair
            }
            Target::Role {
                company,
                person,
                role,
            } => vec![company.clone(), person.clone(), role.as_str().to_string()],
            Target::Position { person, org, title } => {
                vec![person.clone(), org.clone(), title.clone()]
            }
            Target::Entity { id } => vec![id.clone()],
        }
    }

    /// The entity ids it names (for the audit entry).
    pub fn entity_ids(&self) -> Vec<String> {
        match self {
            Target::Kinship { a, b } => vec![a.clone(), b.clone()],
            Target::Role {
                company, person, ..
            } => vec![company.clone(), person.clone()],
            Target::Position { person, org, .. } => vec![person.clone(), org.clone()],
            Target::Entity { id } => vec![id.clone()],
        }
    }

    /// In words, for messages: `kinship p-1 p-2`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind(), self.keys().join(" "))
    }
}

/// One retraction as stored (`:Retraction`) and listed.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Retraction {
    /// Its id (`retract-<time>-<hex>`), also the `run` of its history entries.
    pub id: String,
    /// `kinship`, `role`, `position` or `entity`.
    pub kind: String,
    /// What was retracted: the two people; company, person, role; person, org, title; or
    /// the entity id.
    pub keys: Vec<String>,
    /// Why.
    pub reason: String,
    /// Who: `cli:<login>` or the API token's name.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// Relationships removed.
    pub removed: i64,
}

/// What a retraction could not do.
#[derive(Debug, thiserror::Error)]
pub enum RetractError {
    /// No reason given.
    #[error("a retraction needs a reason (--reason TEXT / \"reason\")")]
    NoReason,
    /// Nothing to retract: the target does not exist; nothing changed.
    #[error("nothing to retract: {0}")]
    NotFound(String),
    /// The entity was retracted before.
    #[error("entity {id} is already retracted ({retraction})")]
    AlreadyRetracted {
        /// The entity.
        id: String,
        /// The earlier retraction.
        retraction: String,
    },
    /// The retraction stands, but the derived facts could not be recomputed yet (a scan
    /// holds the lock, or the scan failed): the next scan finishes the job.
    #[error("retracted, but the derived facts are not recomputed yet ({0}); run `guanxi scan`")]
    Recompute(String),
    /// Neo4j refused or is unreachable.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Retracts `target` as `by` for `reason` (required, non-empty): the fact goes, its history
/// entries and tombstone are written. The derived facts are not recomputed here: call
/// [`recompute_derived`] after it (the CLI and the API both do).
pub async fn retract(
    graph: &Graph,
    target: &Target,
    by: &str,
    reason: &str,
) -> Result<Retraction, RetractError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RetractError::NoReason);
    }
    let now = chrono::Utc::now().fixed_offset();
    let id = crate::domain::ids::run_id("retract");
    let with_common = |q: Query| {
        q.param("retraction", id.as_str())
            .param("by", by)
            .param("reason", reason)
            .param("now", now)
    };
    let (file, change): (&CypherFile, Query) = match target {
        Target::Kinship { a, b } => (
            &cypher::RETRACT_KINSHIP,
            query(cypher::RETRACT_KINSHIP.text)
                .param("a", a.as_str())
                .param("b", b.as_str()),
        ),
        Target::Role {
            company,
            person,
            role,
        } => (
            &cypher::RETRACT_ROLE,
            query(cypher::RETRACT_ROLE.text)
                .param("company", company.as_str())
                .param("person", person.as_str())
                .param("role", role.as_str()),
        ),
        Target::Position { person, org, title } => (
            &cypher::RETRACT_POSITION,
            query(cypher::RETRACT_POSITION.text)
                .param("person", person.as_str())
                .param("org", org.as_str())
                .param("title", title.as_str()),
        ),
        Target::Entity { id: entity } => {
            if let Some(earlier) = retracted_by(graph, entity).await? {
                // A retraction interrupted between its batches finishes its ties now.
                delete_ties(graph, entity, &earlier, by, reason).await?;
                return Err(RetractError::AlreadyRetracted {
                    id: entity.clone(),
                    retraction: earlier,
                });
            }
            (
                &cypher::RETRACT_ENTITY_MARK,
                query(cypher::RETRACT_ENTITY_MARK.text).param("id", entity.as_str()),
            )
        }
    };
    // The change and its tombstone in one transaction: either both or neither.
    let mut txn = graph.start_txn().await.origin(file.path)?;
    let mut rows = txn.execute(with_common(change)).await.origin(file.path)?;
    let mut found = false;
    let mut removed = 0i64;
    while let Some(row) = rows.next(txn.handle()).await.origin(file.path)? {
        match target {
            Target::Entity { .. } => found = true,
            _ => {
                removed = row.get("removed").unwrap_or(0);
                found = removed > 0;
            }
        }
    }
    if !found {
        txn.rollback().await.origin(file.path)?;
        return Err(RetractError::NotFound(target.describe()));
    }
    let record = query(cypher::RETRACT_RECORD.text)
        .param("id", id.as_str())
        .param("kind", target.kind().as_str())
        .param("keys", target.keys())
        .param("reason", reason)
        .param("by", by)
        .param("now", now)
        .param("removed", removed);
    txn.run(record).await.origin(cypher::RETRACT_RECORD.path)?;
    txn.commit().await.origin(file.path)?;
    if let Target::Entity { id: entity } = target {
        removed = delete_ties(graph, entity, &id, by, reason).await? as i64;
    }
    Ok(Retraction {
        id,
        kind: target.kind().as_str().to_string(),
        keys: target.keys(),
        reason: reason.to_string(),
        by: by.to_string(),
        at: now.to_rfc3339(),
        removed,
    })
}

/// Whether `id` is a retracted entity (its history stays readable).
pub async fn is_retracted(graph: &Graph, id: &str) -> Result<bool, DbError> {
    Ok(retracted_by(graph, id).await?.is_some())
}

/// The retraction of `id` when it is a retracted entity.
async fn retracted_by(graph: &Graph, id: &str) -> Result<Option<String>, DbError> {
    db::first_value(
        graph,
        query(cypher::RETRACT_ENTITY_STATE.text).param("id", id),
        cypher::RETRACT_ENTITY_STATE.path,
        "retraction",
    )
    .await
}

/// The ties of retracted entity `id`, recorded in the history and deleted in bounded
/// batches (an entity may have any number of them). Returns how many.
async fn delete_ties(
    graph: &Graph,
    id: &str,
    retraction: &str,
    by: &str,
    reason: &str,
) -> Result<u64, DbError> {
    let now = chrono::Utc::now().fixed_offset();
    db::delete_in_batches(graph, cypher::RETRACT_ENTITY_TIES.path, || {
        query(cypher::RETRACT_ENTITY_TIES.text)
            .param("id", id)
            .param("retraction", retraction)
            .param("by", by)
            .param("reason", reason)
            .param("now", now)
    })
    .await
}

/// Every retraction, newest first.
pub async fn list(graph: &Graph) -> Result<Vec<Retraction>, DbError> {
    let origin = cypher::RETRACT_LIST.path;
    let mut rows = graph
        .execute(query(cypher::RETRACT_LIST.text))
        .await
        .origin(origin)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        out.push(Retraction {
            id: row.get("id").unwrap_or_default(),
            kind: row.get("kind").unwrap_or_default(),
            keys: row.get("keys").unwrap_or_default(),
            reason: row.get("reason").unwrap_or_default(),
            by: row.get("by").unwrap_or_default(),
            at: row.get("at").unwrap_or_default(),
            removed: row.get("removed").unwrap_or_default(),
        });
    }
    Ok(out)
}

/// How long [`recompute_derived`] waits for a scan that holds the lock.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// Recomputes everything derived after a retraction (a whole scan as `by`, then the region
/// scopes: [`recompute_after_correction`]), waiting up to a minute for a scan that holds
/// the lock. Returns the scan's summary.
pub async fn recompute_derived(
    scanner: &Scanner,
    trigger: Trigger,
    by: &str,
) -> Result<ScanSummary, RetractError> {
    let options = ScanOptions::from_settings(&scanner.settings, Vec::new(), None)
        .map_err(|e: ScanError| RetractError::Recompute(e.to_string()))?;
    recompute_after_correction(scanner, trigger, by, options, LOCK_WAIT)
        .await
        .map_err(|error| match error {
            RecomputeError::Db(e) => RetractError::Db(e),
            other => RetractError::Recompute(other.to_string()),
        })
}

/// The audit entry of a retraction, with who and why: `path` reads
/// `retract <kind> <keys> (<retraction id>): <reason>`. `via` is `CLI` or `DELETE`.
pub fn audit_entry(
    target: &Target,
    outcome: Result<&Retraction, &RetractError>,
    (token, role, via): (&str, &str, &str),
    reason: &str,
) -> AuditEntry {
    let (id, status) = match outcome {
        Ok(r) => (r.id.clone(), 200),
        Err(RetractError::NotFound(_)) => ("refused".to_string(), 404),
        Err(RetractError::NoReason) => ("refused".to_string(), 400),
        Err(RetractError::AlreadyRetracted { .. }) => ("refused".to_string(), 409),
        Err(_) => ("failed".to_string(), 500),
    };
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: token.to_string(),
        role: role.to_string(),
        method: via.to_string(),
        route: format!("guanxi retract {}", target.kind()),
        path: format!(
            "retract {} ({id}): reason: {}",
            target.describe(),
            reason.trim()
        ),
        entity_ids: target.entity_ids(),
        status,
        token_change: None,
        search: None,
        client: None,
    }
}
