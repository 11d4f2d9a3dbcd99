//! The audit log: who read or changed what, when, from where, with which outcome. The
//! service queues one [`AuditEntry`] per request that reaches `/api` (refused ones too); a
//! background writer ([`writer`]) journals them to a local spool file ([`spool`]) within
//! 50 ms, fsync'd, then stores them in Neo4j in batches (one `:AuditBatch` node per
//! transaction, entries as JSON), each batch a link of a hash chain ([`chain`]). So auditing
//! adds no database round trip to a request, `kill -9` loses at most the last 50 ms, and a
//! Neo4j outage loses nothing. [`list`] reads the log newest first; [`chain::verify`] checks
//! that nothing was edited, deleted or inserted.

pub mod chain;
pub mod spool;
mod writer;

use std::path::PathBuf;

use neo4rs::{query, BoltNull, BoltType, Graph};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use spool::{Spool, SpoolBatch};
use writer::AuditMessage;
pub use writer::{AUDIT_BATCH, JOURNAL_WINDOW};

/// Why the audit log could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A stored entry is not an audit entry (edited by hand?).
    #[error("an audit entry cannot be read: {0}")]
    Unreadable(String),
}

/// One audit entry.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// When (RFC 3339).
    pub at: String,
    /// The token's name (empty when no known token was presented: a 401).
    pub token: String,
    /// Its role.
    pub role: String,
    /// HTTP method.
    pub method: String,
    /// The route template (`/api/entities/{id}`).
    pub route: String,
    /// The path asked for.
    pub path: String,
    /// Entity ids the request named.
    pub entity_ids: Vec<String>,
    /// Response status.
    pub status: i64,
    /// For token creation, rotation and revocation: which token, its role and expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_change: Option<Box<crate::tokens::TokenChange>>,
    /// For a search (`/api/search`): the text searched for, so that guessing identifiers
    /// leaves a trace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The client's address (`ip:port`) as the service saw the connection: behind a proxy,
    /// the proxy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// Who made a change and through which face: (name, role, method), e.g.
/// `("cli:ada", "cli", "CLI")` or `("desk-1", "investigator", "POST")`.
pub type Actor<'a> = (&'a str, &'a str, &'a str);

/// The audit entry of a change made through the library (a case, a watchlist), refused
/// ones too: `route` names the command (`guanxi case close`), `path` the change and its
/// outcome, `status` 200 or the refusal's status.
pub fn change_entry(
    route: String,
    path: String,
    entity_ids: Vec<String>,
    status: i64,
    (token, role, via): Actor<'_>,
) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: token.to_string(),
        role: role.to_string(),
        method: via.to_string(),
        route,
        path,
        entity_ids,
        status,
        token_change: None,
        search: None,
        client: None,
    }
}

/// The loss bound: an entry queued this long ago is in the spool (fsync'd) or in Neo4j, so
/// `kill -9` of the service loses at most the entries of this last stretch.
pub const AUDIT_WINDOW: std::time::Duration = std::time::Duration::from_millis(100);
/// Audit batches read per round trip when listing the log.
const AUDIT_BATCHES_PER_READ: i64 = 20;
/// At most this many entries wait to be journaled (a few batches).
pub const AUDIT_QUEUE: usize = 4 * AUDIT_BATCH;

/// The sending end of the audit log: entries go to a background writer.
#[derive(Clone)]
pub struct AuditLog {
    sender: mpsc::Sender<AuditMessage>,
}

impl AuditLog {
    /// Starts the background writer on `graph`, journaling to the spool file at `spool`
    /// (replayed first, if a previous run left entries there), and returns the log's
    /// sending end.
    pub fn start(graph: Graph, spool: impl Into<PathBuf>) -> Self {
        let (sender, receiver) = mpsc::channel::<AuditMessage>(AUDIT_QUEUE);
        writer::start(graph, Spool::new(spool), receiver);
        Self { sender }
    }

    /// Queues an entry (in the spool within [`JOURNAL_WINDOW`]). When [`AUDIT_QUEUE`]
    /// entries are already waiting, this waits for room: requests slow down to the pace the
    /// spool takes them at, rather than the queue growing without bound.
    pub async fn send(&self, entry: AuditEntry) {
        let _ = self.sender.send(AuditMessage::Entry(Box::new(entry))).await;
    }

    /// Waits until every entry queued so far is in the spool and Neo4j has been given a
    /// chance to store it (at shutdown; what Neo4j did not take stays in the spool).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(AuditMessage::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// Appends one entry at once, outside the service's batched writer: for decisions taken
/// from the command line (`guanxi identity confirm`), which have no service to queue them
/// and must be audited all the same.
pub async fn append_one(graph: &Graph, entry: &AuditEntry) -> Result<(), AuditError> {
    let batch = SpoolBatch::of(std::slice::from_ref(entry));
    Ok(writer::store_with_retries(graph, &batch).await?)
}

/// The audit entry of a command-line action (`db reset`) by the operating-system user
/// (`cli:$USER`).
pub fn cli_entry(action: &str) -> AuditEntry {
    let user = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into());
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: format!("cli:{user}"),
        role: "cli".into(),
        method: "CLI".into(),
        route: format!("guanxi {action}"),
        path: format!("guanxi {action}"),
        entity_ids: Vec::new(),
        status: 200,
        token_change: None,
        search: None,
        client: None,
    }
}

impl SpoolBatch {
    /// A new batch (fresh id) of entries, as the JSON the chain hashes.
    pub fn of(entries: &[AuditEntry]) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            entries: entries
                .iter()
                .map(|e| serde_json::to_string(e).unwrap_or_default())
                .collect(),
        }
    }
}

/// Which audit entries to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this token name.
    pub token: Option<String>,
    /// Page number from 1.
    pub page: usize,
    /// Entries per page.
    pub per_page: usize,
}

/// A page of the audit log, newest first: batches a few at a time until the page is full,
/// then entries stored one node each by earlier builds (older than every batch).
pub async fn list(graph: &Graph, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AuditError> {
    let per_page = filter.per_page.max(1);
    let to_skip = (filter.page.max(1) - 1).saturating_mul(per_page);
    let wanted = |e: &AuditEntry| filter.token.as_ref().is_none_or(|t| &e.token == t);
    let mut skipped = 0;
    let mut entries = Vec::new();
    let mut batches_read = 0i64;
    let origin = cypher::AUDIT_LIST.path;
    'batches: loop {
        let mut rows = graph
            .execute(
                query(cypher::AUDIT_LIST.text)
                    .param("skip", batches_read)
                    .param("limit", AUDIT_BATCHES_PER_READ),
            )
            .await
            .origin(origin)?;
        let mut read = 0;
        while let Some(row) = rows.next().await.origin(origin)? {
            read += 1;
            let texts: Vec<String> = row.get("entries").unwrap_or_default();
            for text in texts.iter().rev() {
                // An entry that does not parse was not written by guanxi: never skipped
                // silently, the read fails naming it.
                let entry: AuditEntry = serde_json::from_str(text)
                    .map_err(|e| AuditError::Unreadable(format!("{e}: {text}")))?;
                if !wanted(&entry) {
                    continue;
                }
                if skipped < to_skip {
                    skipped += 1;
                    continue;
                }
                entries.push(entry);
                if entries.len() == per_page {
                    break 'batches;
                }
            }
        }
        if read < AUDIT_BATCHES_PER_READ {
            break;
        }
        batches_read += AUDIT_BATCHES_PER_READ;
    }
    if entries.len() < per_page {
        let origin = cypher::AUDIT_LIST_ENTRIES.path;
        let token = match &filter.token {
            Some(t) => BoltType::from(t.as_str()),
            None => BoltType::Null(BoltNull),
        };
        let mut rows = graph
            .execute(
                query(cypher::AUDIT_LIST_ENTRIES.text)
                    .param("token", token)
                    .param("offset", (to_skip - skipped) as i64)
                    .param("limit", (per_page - entries.len()) as i64),
            )
            .await
            .origin(origin)?;
        while let Some(row) = rows.next().await.origin(origin)? {
            entries.push(AuditEntry {
                at: row.get("at").unwrap_or_default(),
                token: row.get("token").unwrap_or_default(),
                role: row.get("role").unwrap_or_default(),
                method: row.get("method").unwrap_or_default(),
                route: row.get("route").unwrap_or_default(),
                path: row.get("path").unwrap_or_default(),
                entity_ids: row.get("entity_ids").unwrap_or_default(),
                status: row.get("status").unwrap_or_default(),
                token_change: None,
                search: None,
                client: None,
            });
        }
    }
    Ok(entries)
}
