//! The service's audit writer, two tasks so that a slow or absent Neo4j never delays
//! durability: the journal task gathers queued entries for at most [`JOURNAL_WINDOW`] and
//! appends them as one batch to the spool file, fsync'd (so `kill -9` loses at most the
//! entries of the last window, well under 100 ms); the store task then writes each batch to
//! Neo4j as the next link of the chain, retrying with backoff, and removes it from the spool
//! once stored. When Neo4j stays away, batches simply wait in the spool; the store task
//! replays the whole spool, oldest first, at startup and whenever Neo4j answers again.

use std::collections::HashSet;
use std::time::Duration;

use neo4rs::Graph;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::chain;
use super::spool::{Spool, SpoolBatch};
use super::AuditEntry;
use crate::db::DbError;

/// How long the journal gathers entries into one spool write. Half the loss bound, so that
/// the fsync and a busy machine still fit within 100 ms.
pub const JOURNAL_WINDOW: Duration = Duration::from_millis(50);
/// At most this many entries per batch.
pub const AUDIT_BATCH: usize = 1000;
/// One attempt to store a batch gives up after this long (a write that did commit meanwhile
/// is found again by its id and not stored twice).
const STORE_TIMEOUT: Duration = Duration::from_secs(2);
/// Pauses between attempts to store one batch before the writer falls back on the spool.
const RETRY_PAUSES: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(400)];
/// Replays of the spool while Neo4j is away start this often and slow down to
/// [`REPLAY_MAX_PAUSE`].
const REPLAY_FIRST_PAUSE: Duration = Duration::from_millis(500);
const REPLAY_MAX_PAUSE: Duration = Duration::from_secs(15);

/// What the service sends to the journal.
pub(super) enum AuditMessage {
    Entry(Box<AuditEntry>),
    /// Journal and store what is waiting now, then answer.
    Flush(oneshot::Sender<()>),
}

/// What the journal hands to the store task.
enum StoreMessage {
    /// A batch; `journaled` is false when the spool could not be written (disk full?), so
    /// the batch lives only here until stored.
    Batch {
        batch: SpoolBatch,
        journaled: bool,
    },
    Flush(oneshot::Sender<()>),
}

/// Starts both tasks.
pub(super) fn start(graph: Graph, spool: Spool, receiver: mpsc::Receiver<AuditMessage>) {
    let (to_store, store_receiver) = mpsc::unbounded_channel();
    tokio::spawn(journal(spool.clone(), receiver, to_store));
    tokio::spawn(store_batches(graph, spool, store_receiver));
}

/// Gathers entries for up to [`JOURNAL_WINDOW`] (or [`AUDIT_BATCH`] entries, or until a
/// flush is asked), appends them to the spool and hands them on.
async fn journal(
    spool: Spool,
    mut receiver: mpsc::Receiver<AuditMessage>,
    to_store: mpsc::UnboundedSender<StoreMessage>,
) {
    let mut batch = Vec::new();
    let mut flushed = Vec::new();
    while let Some(message) = receiver.recv().await {
        match message {
            AuditMessage::Entry(entry) => {
                crate::metrics::audit_waiting(1);
                batch.push(*entry)
            }
            AuditMessage::Flush(done) => flushed.push(done),
        }
        let deadline = Instant::now() + JOURNAL_WINDOW;
        while batch.len() < AUDIT_BATCH && flushed.is_empty() {
            match tokio::time::timeout_at(deadline, receiver.recv()).await {
                Ok(Some(AuditMessage::Entry(entry))) => {
                    crate::metrics::audit_waiting(1);
                    batch.push(*entry)
                }
                Ok(Some(AuditMessage::Flush(done))) => flushed.push(done),
                Ok(None) | Err(_) => break,
            }
        }
        if !batch.is_empty() {
            let batch = SpoolBatch::of(&std::mem::take(&mut batch));
            let appended = {
                let (spool, batch) = (spool.clone(), batch.clone());
                tokio::task::spawn_blocking(move || spool.append(&batch)).await
            };
            let journaled = match appended {
                Ok(Ok(())) => true,
                Ok(Err(error)) => {
                    tracing::error!(%error, spool = %spool.path().display(), "could not write the audit spool");
                    false
                }
                Err(error) => {
                    tracing::error!(%error, "the audit spool write failed");
                    false
                }
            };
            let _ = to_store.send(StoreMessage::Batch { batch, journaled });
        }
        for done in flushed.drain(..) {
            let _ = to_store.send(StoreMessage::Flush(done));
        }
    }
}

/// Stores batches in Neo4j; while it is away, replays the spool with growing pauses.
async fn store_batches(
    graph: Graph,
    spool: Spool,
    mut receiver: mpsc::UnboundedReceiver<StoreMessage>,
) {
    // A previous run may have left batches in the spool: replay them first. Their entries
    // wait too (the depth counts down as batches are stored, whichever run wrote them).
    let left = spool.clone();
    if let Ok(Ok(batches)) = tokio::task::spawn_blocking(move || left.read()).await {
        crate::metrics::audit_waiting(entries(&batches));
    }
    let mut behind = true;
    let mut pause = REPLAY_FIRST_PAUSE;
    let mut next_replay = Instant::now();
    let mut unjournaled: Vec<SpoolBatch> = Vec::new();
    loop {
        if behind && Instant::now() >= next_replay {
            match catch_up(&graph, &spool, &mut unjournaled).await {
                Ok(()) => {
                    behind = false;
                    pause = REPLAY_FIRST_PAUSE;
                }
                Err(error) => {
                    tracing::warn!(%error, "audit entries wait in the spool until Neo4j answers");
                    next_replay = Instant::now() + pause;
                    pause = (pause * 2).min(REPLAY_MAX_PAUSE);
                }
            }
        }
        let message = if behind {
            match tokio::time::timeout_at(next_replay, receiver.recv()).await {
                Ok(message) => message,
                Err(_) => continue,
            }
        } else {
            receiver.recv().await
        };
        let Some(message) = message else { break };
        match message {
            StoreMessage::Batch { batch, journaled } => {
                if behind {
                    // The next replay stores it from the spool.
                    if !journaled {
                        unjournaled.push(batch);
                    }
                    continue;
                }
                let stored = store_with_retries(&graph, &batch).await;
                if stored.is_ok() {
                    crate::metrics::audit_waiting(-entries(std::slice::from_ref(&batch)));
                }
                match stored {
                    Ok(()) if journaled => {
                        let stored = spool.clone();
                        let emptied = tokio::task::spawn_blocking(move || stored.stored_one())
                            .await
                            .map_err(std::io::Error::other)
                            .and_then(|done| done);
                        if let Err(error) = emptied {
                            tracing::warn!(%error, "could not remove a stored batch from the audit spool");
                        }
                    }
                    Ok(()) => {}
                    Err(error) => {
                        tracing::error!(%error, "Neo4j does not take audit entries; they wait in the spool");
                        if !journaled {
                            unjournaled.push(batch);
                        }
                        behind = true;
                        next_replay = Instant::now() + pause;
                    }
                }
            }
            StoreMessage::Flush(done) => {
                if behind {
                    // One more try at shutdown; what fails stays in the spool.
                    if catch_up(&graph, &spool, &mut unjournaled).await.is_ok() {
                        behind = false;
                    }
                }
                let _ = done.send(());
            }
        }
    }
}

/// Stores every batch of the spool, oldest first, then those the spool could not take;
/// removes from the spool what was stored. Stops at the first failure.
async fn catch_up(
    graph: &Graph,
    spool: &Spool,
    unjournaled: &mut Vec<SpoolBatch>,
) -> Result<(), DbError> {
    let reader = spool.clone();
    let batches = match tokio::task::spawn_blocking(move || reader.read()).await {
        Ok(Ok(batches)) => batches,
        Ok(Err(error)) => {
            tracing::error!(%error, "could not read the audit spool");
            Vec::new()
        }
        Err(_) => Vec::new(),
    };
    let mut stored = HashSet::new();
    let mut outcome = Ok(());
    for batch in &batches {
        if let Err(error) = store_once(graph, batch).await {
            outcome = Err(error);
            break;
        }
        crate::metrics::audit_waiting(-entries(std::slice::from_ref(batch)));
        stored.insert(batch.id.clone());
    }
    if !stored.is_empty() {
        if let Err(error) = remove(spool, stored).await {
            tracing::warn!(%error, "could not remove stored batches from the audit spool");
        }
    }
    outcome?;
    while let Some(batch) = unjournaled.first() {
        store_once(graph, batch).await?;
        crate::metrics::audit_waiting(-entries(std::slice::from_ref(batch)));
        unjournaled.remove(0);
    }
    Ok(())
}

/// The entries of `batches`, for the audit queue depth on `/metrics`.
fn entries(batches: &[SpoolBatch]) -> i64 {
    batches.iter().map(|b| b.entries.len() as i64).sum()
}

/// Removes stored batches from the spool.
async fn remove(spool: &Spool, ids: impl IntoIterator<Item = String>) -> std::io::Result<()> {
    let spool = spool.clone();
    let ids: HashSet<String> = ids.into_iter().collect();
    tokio::task::spawn_blocking(move || spool.remove(&ids))
        .await
        .map_err(std::io::Error::other)?
}

/// Stores one batch, retrying after [`RETRY_PAUSES`].
pub(super) async fn store_with_retries(graph: &Graph, batch: &SpoolBatch) -> Result<(), DbError> {
    let mut outcome = store_once(graph, batch).await;
    for pause in RETRY_PAUSES {
        if outcome.is_ok() {
            break;
        }
        tokio::time::sleep(pause).await;
        outcome = store_once(graph, batch).await;
    }
    outcome
}

/// One attempt, bounded by [`STORE_TIMEOUT`].
async fn store_once(graph: &Graph, batch: &SpoolBatch) -> Result<(), DbError> {
    match tokio::time::timeout(STORE_TIMEOUT, chain::store(graph, batch)).await {
        Ok(outcome) => outcome.map(|_| ()),
        Err(_) => Err(DbError::Unreachable {
            uri: "the audit chain".into(),
            reason: format!("no answer within {} s", STORE_TIMEOUT.as_secs()),
        }),
    }
}
