//! `guanxi runs undo RUN` and `POST /api/loads/{id}/undo`: revert what one load run (a
//! `guanxi load` or an ingest) changed, from the change history. The properties it changed
//! get their old values back, typed as they were (the upserts keep them, `was.<key>` on each
//! `:History`); the records and relationships it created (`first_load_run`) are removed; the
//! undo is itself in the history (`run` = the undo's id, `undo_of` = the run) and on the run
//! (`status` `undone`, `undone_at`, `undone_by`). It refuses, changing nothing, a run that a
//! later run built on (a later change or `load_run` on a record it touched), a run still
//! running, an unknown run and an undone one. Every write is a bounded batch, so that the
//! undo of a big load never needs one huge transaction. The derived facts follow: identity
//! resolution over the restored records, `:Official`, then a whole scan through
//! [`start_scan`] (kin, ownership, alerts that no longer hold retired) and the region scopes
//! ([`recompute_after_correction`], shared with retractions).

use std::time::Duration;

use neo4rs::{query, Graph, Query};
use serde::Serialize;

use super::runs::{LoadRunStatus, STALE_AFTER};
use crate::cypher::{self, CypherFile};
use crate::db::{first_row, DbError, WithOrigin};
use crate::scan::recompute::recompute_after_correction;
use crate::scan::runs::{Scanner, Trigger};
use crate::scan::ScanOptions;

/// How long an undo waits for a scan that holds the lock before its own whole scan.
const SCAN_WAIT: Duration = Duration::from_secs(300);

/// Why an undo did not happen (or did not finish).
#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    /// No load run has this id.
    #[error("no load run {0} (see `guanxi runs list`)")]
    UnknownRun(String),
    /// The run is still under way.
    #[error("load run {0} is still running; undo it once it has ended")]
    StillRunning(String),
    /// The run was undone already.
    #[error("load run {run} was already undone ({} by {})", at.as_deref().unwrap_or("?"), by.as_deref().unwrap_or("?"))]
    AlreadyUndone {
        /// The run.
        run: String,
        /// When it was undone.
        at: Option<String>,
        /// By whom.
        by: Option<String>,
    },
    /// A later run touched records this run touched: nothing was changed.
    #[error(
        "load run {run} cannot be undone: later run(s) {} touched {records} of the records it touched (e.g. {}); undo those first, newest first",
        later_runs.join(", "), ids.join(", ")
    )]
    LaterRuns {
        /// The run.
        run: String,
        /// Some of the later runs (at most 10).
        later_runs: Vec<String>,
        /// Some of the records both touched (at most 10).
        ids: Vec<String>,
        /// How many records both touched.
        records: i64,
    },
    /// Neo4j refused or is unreachable.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The data was restored but the follow-up scan failed or could not start; a `guanxi
    /// scan` finishes the job.
    #[error("load run {run} was undone, but the follow-up scan failed ({reason}); run `guanxi scan` to bring kin and alerts up to date")]
    Scan {
        /// The run.
        run: String,
        /// Why.
        reason: String,
    },
}

/// What an undo did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UndoReport {
    /// The run undone.
    pub run: String,
    /// The undo's id (`undo-...`): the `run` of its history entries.
    pub undo: String,
    /// Who undid it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// Changes of entities and relationships given their old values back.
    pub restored: u64,
    /// Relationships and entities the run had created, removed.
    pub removed: u64,
    /// The follow-up whole scan.
    pub scan: String,
    /// Alerts that scan retired (their finding no longer holds).
    pub alerts_retired: usize,
}

fn file(index: usize) -> &'static CypherFile {
    &cypher::LOAD_RUNS_UNDO[index]
}

/// Undoes load run `run` for `by` (`cli:<user>` or the API token's name): refuses, changing
/// nothing, when it cannot be undone (see [`UndoError`]); otherwise restores, removes,
/// records, and brings the derived facts up to date with a whole scan under `options`,
/// started as `trigger` through the scan lock (waiting for a running scan to end).
pub async fn undo(
    scanner: &Scanner,
    run: &str,
    by: &str,
    trigger: Trigger,
    options: ScanOptions,
) -> Result<UndoReport, UndoError> {
    let graph = &scanner.graph;
    check(graph, run).await?;
    let now = chrono::Utc::now().fixed_offset();
    let undo = format!("undo-{}", uuid::Uuid::new_v4().simple());
    let with = |text: &str| {
        query(text)
            .param("run", run)
            .param("undo", undo.as_str())
            .param("by", by)
            .param("now", now)
    };
    let started = std::time::Instant::now();
    let restored = restore(graph, &with).await?;
    tracing::info!(
        run,
        restored,
        seconds = started.elapsed().as_secs_f64(),
        "undo: restored"
    );
    let removed = remove(graph, &with).await?;
    tracing::info!(
        run,
        removed,
        seconds = started.elapsed().as_secs_f64(),
        "undo: removed"
    );
    // Restored people and companies were marked unresolved: their identity links follow
    // their restored values (links whose basis is gone are deleted).
    crate::identity::resolve(graph, &undo).await?;
    tracing::info!(
        run,
        seconds = started.elapsed().as_secs_f64(),
        "undo: identity resolved"
    );
    for statement in file(4).statements() {
        graph.run(with(&statement)).await.origin(file(4).path)?;
    }
    let summary = recompute_after_correction(scanner, trigger, by, options, SCAN_WAIT)
        .await
        .map_err(|error| UndoError::Scan {
            run: run.to_string(),
            reason: super::runs::error_text(&error),
        })?;
    tracing::info!(
        run,
        seconds = started.elapsed().as_secs_f64(),
        "undo: scanned, scopes derived"
    );
    Ok(UndoReport {
        run: run.to_string(),
        undo,
        by: by.to_string(),
        at: now.to_rfc3339(),
        restored,
        removed,
        scan: summary.scan.clone(),
        alerts_retired: summary.retired_total(),
    })
}

/// Refuses an unknown, running or undone run, and one a later run built on; changes
/// nothing (what `guanxi runs undo RUN` without `--yes` shows).
pub async fn check(graph: &Graph, run: &str) -> Result<(), UndoError> {
    let stale_before = chrono::Utc::now().fixed_offset()
        - chrono::Duration::from_std(STALE_AFTER).unwrap_or(chrono::Duration::zero());
    let state = file(0);
    let row = first_row(
        graph,
        query(state.text)
            .param("run", run)
            .param("stale_before", stale_before),
        state.path,
    )
    .await?
    .ok_or_else(|| UndoError::UnknownRun(run.to_string()))?;
    let text = |name: &str| row.get::<Option<String>>(name).ok().flatten();
    let status = text("status").as_deref().and_then(LoadRunStatus::parse);
    if status == Some(LoadRunStatus::Undone) {
        return Err(UndoError::AlreadyUndone {
            run: run.to_string(),
            at: text("undone_at"),
            by: text("undone_by"),
        });
    }
    if row.get::<bool>("alive").unwrap_or(false) {
        return Err(UndoError::StillRunning(run.to_string()));
    }
    let conflicts = file(1);
    let row = first_row(
        graph,
        query(conflicts.text).param("run", run),
        conflicts.path,
    )
    .await?;
    let Some(row) = row else { return Ok(()) };
    let records = row.get::<i64>("records").unwrap_or(0);
    if records > 0 {
        return Err(UndoError::LaterRuns {
            run: run.to_string(),
            later_runs: row.get("runs").unwrap_or_default(),
            ids: row.get("ids").unwrap_or_default(),
            records,
        });
    }
    Ok(())
}

/// Changes restored per transaction, and relationships removed.
const BATCH: usize = 1000;

/// Gives the run's changes their old values back, newest line first, in batches.
async fn restore(graph: &Graph, with: &impl Fn(&str) -> Query) -> Result<u64, DbError> {
    let [list, entities, relationships] = &file(2).statements()[..] else {
        unreachable!("undo_restore.cypher: list, entities, relationships");
    };
    let mut changes = listed(graph, with(list), file(2).path).await?;
    changes.sort_by_key(|c| std::cmp::Reverse(c.2));
    let (rels, ents): (Vec<_>, Vec<_>) = changes.into_iter().partition(|c| c.1);
    let mut done = by_ids(graph, with, entities, ents, file(2).path).await?;
    done += by_ids(graph, with, relationships, rels, file(2).path).await?;
    Ok(done)
}

/// Removes the relationships the run created (listed once, removed in batches), then the
/// entities it created (batches until none is left).
async fn remove(graph: &Graph, with: &impl Fn(&str) -> Query) -> Result<u64, DbError> {
    let path = file(3).path;
    let [list, relationships, entities] = &file(3).statements()[..] else {
        unreachable!("undo_remove.cypher: list, relationships, entities");
    };
    let created = listed(graph, with(list), path).await?;
    let mut done = by_ids(graph, with, relationships, created, path).await?;
    done += crate::db::delete_in_batches(graph, path, || with(entities)).await?;
    Ok(done)
}

/// The rows of a listing statement: element id, whether a relationship's, line.
async fn listed(
    graph: &Graph,
    statement: Query,
    origin: &str,
) -> Result<Vec<(String, bool, i64)>, DbError> {
    let mut rows = graph.execute(statement).await.origin(origin)?;
    let mut listed = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        listed.push((
            row.get::<String>("id").unwrap_or_default(),
            row.get::<bool>("rel").unwrap_or(false),
            row.get::<i64>("line").unwrap_or(0),
        ));
    }
    Ok(listed)
}

/// Runs `statement` over `listed`'s element ids, [`BATCH`] at a time, in their order: one
/// bounded transaction per batch. Returns what the statement counted (`deleted`).
async fn by_ids(
    graph: &Graph,
    with: &impl Fn(&str) -> Query,
    statement: &str,
    listed: Vec<(String, bool, i64)>,
    origin: &str,
) -> Result<u64, DbError> {
    let mut done = 0;
    for batch in listed.chunks(BATCH) {
        let ids: Vec<String> = batch.iter().map(|(id, _, _)| id.clone()).collect();
        let count = crate::db::first_value::<i64>(
            graph,
            with(statement).param("ids", ids),
            origin,
            "deleted",
        )
        .await?;
        done += count.unwrap_or(0).max(0) as u64;
    }
    Ok(done)
}
