//! The audit log: who read or changed what, when, with which outcome. The service queues
//! one [`AuditEntry`] per authenticated request; a background writer stores them in
//! batches (one `:AuditBatch` node per transaction, entries as JSON), so auditing adds no
//! database round trip to a request and at most one commit per [`AUDIT_WINDOW`]. [`list`]
//! reads the log newest first.

use std::time::Duration;

use neo4rs::{query, BoltNull, BoltType, Graph};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::cypher;
use crate::db::{DbError, WithOrigin};

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
    /// The token's name.
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
}

/// How long the audit writer gathers entries into one transaction. A commit costs Neo4j
/// milliseconds of CPU, more than most requests, so one per request (or per handful of
/// requests under load) would make auditing the most expensive part of a read.
pub const AUDIT_WINDOW: Duration = Duration::from_millis(100);
/// At most this many entries per transaction.
const AUDIT_BATCH: usize = 1000;
/// Audit batches read per round trip when listing the log.
const AUDIT_BATCHES_PER_READ: i64 = 20;
/// At most this many entries wait to be written (a few batches).
pub const AUDIT_QUEUE: usize = 4 * AUDIT_BATCH;

/// The sending end of the audit log: entries go to a background writer.
#[derive(Clone)]
pub struct AuditLog {
    sender: mpsc::Sender<AuditMessage>,
}

enum AuditMessage {
    Entry(AuditEntry),
    /// Write what is waiting now, then answer.
    Flush(oneshot::Sender<()>),
}

impl AuditLog {
    /// Starts the background writer on `graph` and returns the log's sending end.
    pub fn start(graph: Graph) -> Self {
        let (sender, receiver) = mpsc::channel::<AuditMessage>(AUDIT_QUEUE);
        tokio::spawn(write_batches(graph, receiver));
        Self { sender }
    }

    /// Queues an entry (written within [`AUDIT_WINDOW`]). When [`AUDIT_QUEUE`] entries are
    /// already waiting, this waits for room: requests slow down to the pace Neo4j writes the
    /// log at, rather than the queue growing without bound (and writing on long after).
    pub async fn send(&self, entry: AuditEntry) {
        let _ = self.sender.send(AuditMessage::Entry(entry)).await;
    }

    /// Waits until every entry queued so far is written (at shutdown).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(AuditMessage::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// The writer: gathers entries for up to [`AUDIT_WINDOW`] (or [`AUDIT_BATCH`] entries, or
/// until a flush is asked) and writes them in one transaction.
async fn write_batches(graph: Graph, mut receiver: mpsc::Receiver<AuditMessage>) {
    let mut batch = Vec::new();
    let mut flushed = Vec::new();
    while let Some(message) = receiver.recv().await {
        match message {
            AuditMessage::Entry(entry) => batch.push(entry),
            AuditMessage::Flush(done) => flushed.push(done),
        }
        let deadline = tokio::time::Instant::now() + AUDIT_WINDOW;
        while batch.len() < AUDIT_BATCH && flushed.is_empty() {
            match tokio::time::timeout_at(deadline, receiver.recv()).await {
                Ok(Some(AuditMessage::Entry(entry))) => batch.push(entry),
                Ok(Some(AuditMessage::Flush(done))) => flushed.push(done),
                Ok(None) | Err(_) => break,
            }
        }
        if !batch.is_empty() {
            if let Err(error) = write_batch(&graph, &batch).await {
                tracing::error!(%error, "could not write audit entries");
            }
            batch.clear();
        }
        for done in flushed.drain(..) {
            let _ = done.send(());
        }
    }
}

/// Writes one batch of entries as one `:AuditBatch` node.
async fn write_batch(graph: &Graph, batch: &[AuditEntry]) -> Result<(), DbError> {
    let (first_at, last_at) = batch_bounds(batch);
    let entries: Vec<String> = batch
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default())
        .collect();
    graph
        .run(
            query(cypher::AUDIT_APPEND.text)
                .param("entries", entries)
                .param("first_at", first_at)
                .param("last_at", last_at),
        )
        .await
        .origin(cypher::AUDIT_APPEND.path)
}

/// Appends one entry at once, outside the service's batched writer: for decisions taken
/// from the command line (`guanxi identity confirm`), which have no service to queue them
/// and must be audited all the same.
pub async fn append_one(graph: &Graph, entry: &AuditEntry) -> Result<(), AuditError> {
    Ok(write_batch(graph, std::slice::from_ref(entry)).await?)
}

/// The earliest and latest time of a batch of audit entries (now, for entries whose time
/// does not parse, which guanxi never writes).
fn batch_bounds(
    batch: &[AuditEntry],
) -> (
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::FixedOffset>,
) {
    let times: Vec<_> = batch
        .iter()
        .map(|e| {
            chrono::DateTime::parse_from_rfc3339(&e.at)
                .unwrap_or_else(|_| chrono::Utc::now().fixed_offset())
        })
        .collect();
    let now = chrono::Utc::now().fixed_offset();
    (
        times.iter().min().copied().unwrap_or(now),
        times.iter().max().copied().unwrap_or(now),
    )
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
            });
        }
    }
    Ok(entries)
}
