//! Load runs: every load and ingest is recorded as a `:LoadRun` from its start (`running`,
//! who, from where, which files) to its end (`complete` with row counts, or `failed` with the
//! error). While it runs a heartbeat moves on every [`HEARTBEAT`]; a run still `running`
//! whose heartbeat is older than [`STALE_AFTER`] has no live process behind it (killed,
//! machine lost) and is listed as `interrupted`. `guanxi runs list` and `GET /api/loads`
//! read them through [`list`].

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use neo4rs::{query, Graph};
use serde::Serialize;
use tokio::task::JoinHandle;

use super::summary::LoadSummary;
use crate::cypher;
use crate::db::{DbError, WithOrigin};

/// How often a running load renews its heartbeat.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// How old a running load's heartbeat may be before the run is listed as `interrupted`
/// (several missed heartbeats, so that a busy database does not make a live run look dead).
pub const STALE_AFTER: Duration = Duration::from_secs(120);

crate::word_enum! {
    /// Where a load run stands.
    pub enum LoadRunStatus {
        /// Under way, with a live heartbeat.
        Running = "running",
        /// Ended: every table was read (rows may have been rejected).
        Complete = "complete",
        /// Ended with an error; the rows written before it stay, unresolved until the next
        /// load or ingest resolves them.
        Failed = "failed",
        /// Left `running` by a process that is gone (no heartbeat for [`STALE_AFTER`]).
        Interrupted = "interrupted",
        /// Reverted by `guanxi runs undo` (`crate::load::undo`): `undone_at`, `undone_by`.
        Undone = "undone",
    }
}

crate::word_enum! {
    /// What started a load run.
    pub enum LoadRunKind {
        /// `guanxi load DIR`.
        Load = "load",
        /// `POST /api/ingest/{table}`.
        Ingest = "ingest",
    }
}

/// One load run, as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoadRunView {
    /// The run id (`load-...`), also on every record it wrote (`load_run`).
    pub id: String,
    /// Load or ingest (absent on runs recorded before kinds existed).
    pub kind: Option<LoadRunKind>,
    /// Who: `cli:<user>` or the API token's name.
    pub by: Option<String>,
    /// The folder, or `ingest:<table>`.
    pub dir: Option<String>,
    /// The files (or the ingest source) it read.
    pub files: Vec<String>,
    /// When it started (RFC 3339).
    pub started_at: Option<String>,
    /// When it ended.
    pub finished_at: Option<String>,
    /// Where it stands.
    pub status: LoadRunStatus,
    /// Data rows read, all tables.
    pub rows_read: Option<i64>,
    /// Rows written.
    pub rows_loaded: Option<i64>,
    /// Rows rejected.
    pub rows_rejected: Option<i64>,
    /// Warnings.
    pub warnings: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was undone (`guanxi runs undo`).
    pub undone_at: Option<String>,
    /// Who undid it.
    pub undone_by: Option<String>,
    /// The undo's id: the `run` of the history entries the undo wrote.
    pub undo_id: Option<String>,
}

/// A page of load runs, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoadRunPage {
    /// All load runs.
    pub total: i64,
    /// This page.
    pub runs: Vec<LoadRunView>,
}

/// An error with its causes, as one line (what a failed run records).
pub(crate) fn error_text(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        let more = next.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = next.source();
    }
    text
}

/// Records that load run `run` starts, and renews its heartbeat until the returned handle
/// is dropped or aborted. The start is written by a task of its own, so that a caller
/// dropped while it is under way (an ingest whose client went away) still leaves a run that
/// its [`Heartbeat`] then marks failed, never one that looks running until it goes stale.
pub(crate) async fn start(
    graph: &Graph,
    run: &str,
    now: DateTime<FixedOffset>,
    kind: LoadRunKind,
    by: &str,
    dir: &str,
    files: Vec<String>,
) -> Result<Heartbeat, DbError> {
    let start = &cypher::LOAD_RUN_START;
    let statement = query(start.text)
        .param("run", run)
        .param("now", now)
        .param("kind", kind.as_str())
        .param("by", by)
        .param("dir", dir)
        .param("files", files);
    let writer = graph.clone();
    let mut heartbeat = Heartbeat {
        started: Some(tokio::spawn(async move {
            writer.run(statement).await.map(drop).origin(start.path)
        })),
        task: None,
        graph: graph.clone(),
        run: run.to_string(),
        ended: false,
    };
    let written = match heartbeat.started.as_mut() {
        Some(started) => started.await,
        None => Ok(Ok(())),
    };
    heartbeat.started = None;
    match written {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            heartbeat.ended = true;
            return Err(error);
        }
        Err(join) => {
            heartbeat.ended = true;
            return Err(DbError::Query {
                origin: start.path.to_string(),
                source: neo4rs::Error::UnexpectedMessage(format!("the start was lost: {join}")),
            });
        }
    }
    heartbeat.task = Some({
        let (graph, run) = (graph.clone(), run.to_string());
        tokio::spawn(async move {
            let beat = &cypher::LOAD_RUN_HEARTBEAT;
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                let q = query(beat.text)
                    .param("run", run.as_str())
                    .param("now", chrono::Utc::now().fixed_offset());
                // A missed beat only makes the run look older; the load says what failed.
                if let Err(error) = graph.run(q).await {
                    tracing::warn!(run, %error, "load run heartbeat failed");
                }
            }
        })
    });
    Ok(heartbeat)
}

/// The heartbeat of a running load: stops when dropped. Dropped before [`Heartbeat::end`],
/// the load was cancelled (an ingest whose client went away: the server drops the request's
/// work), and the run is marked failed in the background, once its start is written.
pub(crate) struct Heartbeat {
    /// The write of the run's start, while it is under way.
    started: Option<JoinHandle<Result<(), DbError>>>,
    task: Option<JoinHandle<()>>,
    graph: Graph,
    run: String,
    ended: bool,
}

impl Heartbeat {
    /// The load ran to its end (complete or failed); its end is recorded by [`finish`].
    pub(crate) fn end(mut self) {
        self.ended = true;
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        if self.ended {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (graph, run) = (self.graph.clone(), std::mem::take(&mut self.run));
        let started = self.started.take();
        runtime.spawn(async move {
            if let Some(started) = started {
                if !matches!(started.await, Ok(Ok(()))) {
                    return;
                }
            }
            let why = "cancelled before its end (the request's connection was closed); \
                       the rows written so far stay unresolved until the next load or ingest";
            if let Err(error) = finish(&graph, &run, Err(why)).await {
                tracing::warn!(run, %error, "could not mark a cancelled load run failed");
            }
        });
    }
}

/// Records the end of load run `run`: complete with `summary`'s counts, or failed with
/// `error`.
pub(crate) async fn finish(
    graph: &Graph,
    run: &str,
    outcome: Result<&LoadSummary, &str>,
) -> Result<(), DbError> {
    let finish = &cypher::LOAD_RUN_FINISH;
    let (status, error, counts) = match outcome {
        Ok(summary) => (
            LoadRunStatus::Complete,
            None,
            [
                summary.tables.iter().map(|t| t.read).sum::<u64>(),
                summary.loaded(),
                summary.rejected(),
                summary.warnings.len() as u64,
            ]
            .map(|n| Some(n as i64)),
        ),
        Err(error) => (LoadRunStatus::Failed, Some(error.to_string()), [None; 4]),
    };
    let [read, loaded, rejected, warnings] = counts;
    graph
        .run(
            query(finish.text)
                .param("run", run)
                .param("now", chrono::Utc::now().fixed_offset())
                .param("status", status.as_str())
                .param("error", error)
                .param("read", read)
                .param("loaded", loaded)
                .param("rejected", rejected)
                .param("warnings", warnings),
        )
        .await
        .map(drop)
        .origin(finish.path)
}

/// A page of load runs, newest first; a `running` run whose heartbeat is older than
/// `stale_after` is given as `interrupted`.
pub async fn list(
    graph: &Graph,
    skip: u64,
    limit: u64,
    stale_after: Duration,
) -> Result<LoadRunPage, DbError> {
    let (page, count) = (&cypher::LOAD_RUN_LIST, &cypher::LOAD_RUN_COUNT);
    let stale_before = chrono::Utc::now().fixed_offset()
        - chrono::Duration::from_std(stale_after).unwrap_or(chrono::Duration::zero());
    let mut rows = graph
        .execute(
            query(page.text)
                .param("skip", skip as i64)
                .param("limit", limit as i64)
                .param("stale_before", stale_before),
        )
        .await
        .origin(page.path)?;
    let mut runs = Vec::new();
    while let Some(row) = rows.next().await.origin(page.path)? {
        let text = |name: &str| row.get::<Option<String>>(name).ok().flatten();
        let number = |name: &str| row.get::<Option<i64>>(name).ok().flatten();
        runs.push(LoadRunView {
            id: text("id").unwrap_or_default(),
            kind: text("kind").as_deref().and_then(LoadRunKind::parse),
            by: text("by"),
            dir: text("dir"),
            files: row
                .get::<Option<Vec<String>>>("files")
                .ok()
                .flatten()
                .unwrap_or_default(),
            started_at: text("started_at"),
            finished_at: text("finished_at"),
            status: text("status")
                .as_deref()
                .and_then(LoadRunStatus::parse)
                .unwrap_or(LoadRunStatus::Interrupted),
            rows_read: number("rows_read"),
            rows_loaded: number("rows_loaded"),
            rows_rejected: number("rows_rejected"),
            warnings: number("warnings"),
            error: text("error"),
            undone_at: text("undone_at"),
            undone_by: text("undone_by"),
            undo_id: text("undo_id"),
        });
    }
    let total = crate::db::first_value::<i64>(graph, query(count.text), count.path, "total")
        .await?
        .unwrap_or(0);
    Ok(LoadRunPage { total, runs })
}
