//! Scan runs: the scan lock and the run records. Every scan, whoever starts it (the
//! command line, the API, the schedule, an ingest), goes through [`start_scan`]: take the
//! scan lock in Neo4j, record a `:ScanRun`, then run [`crate::scan::run_scan_with_progress`]
//! in a task that renews the lock and writes progress until it records the end and gives
//! the lock back. The lock is one `(:ScanLock {name: 'scan'})` node shared by every replica
//! on the database: one scan at a time, and a replica that dies while scanning blocks
//! others for at most `scan.lock_ttl_secs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use neo4rs::{query, BoltNull, BoltType, Graph, Query};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

use super::alerts::AlertChanges;
use super::engine::{run_scan_with_progress, ScanProgress, ScanSummary};
use super::error::ScanError;
use super::options::ScanOptions;
use crate::cypher;
use crate::db::{first_row, first_value, DbError, WithOrigin};
use crate::settings::Settings;

crate::word_enum! {
    /// Who or what started a scan.
    pub enum Trigger {
        /// `POST /api/scans`.
        Api = "api",
        /// The schedule (`scan.schedule`).
        Schedule = "schedule",
        /// `POST /api/ingest/{table}`: the patterns the new rows can involve.
        Ingest = "ingest",
        /// `guanxi scan` on the command line.
        Cli = "cli",
    }
}

/// A scan to start.
#[derive(Debug, Clone)]
pub struct ScanRequest {
    /// The run's id (also the lock owner while it runs).
    pub id: String,
    /// Who or what asks.
    pub trigger: Trigger,
    /// The token name, or `schedule`.
    pub requested_by: String,
    /// Patterns, day, parameter overrides.
    pub options: ScanOptions,
}

impl ScanRequest {
    /// A request with a fresh id (`scan-<uuid>`) and the configuration's pattern overrides.
    pub fn new(
        settings: &Settings,
        trigger: Trigger,
        requested_by: &str,
        patterns: Vec<String>,
        as_of: Option<NaiveDate>,
    ) -> Result<Self, ScanError> {
        Ok(Self {
            id: new_request_id(trigger, uuid::Uuid::new_v4()),
            trigger,
            requested_by: requested_by.to_string(),
            options: ScanOptions::from_settings(settings, patterns, as_of)?,
        })
    }

    /// A request with a fresh id for options built elsewhere (the command line's).
    pub fn with_options(trigger: Trigger, requested_by: &str, options: ScanOptions) -> Self {
        Self {
            id: new_request_id(trigger, uuid::Uuid::new_v4()),
            trigger,
            requested_by: requested_by.to_string(),
            options,
        }
    }
}

/// A scan run's id: `<trigger>-<uuid>`.
fn new_request_id(trigger: Trigger, uuid: uuid::Uuid) -> String {
    format!("{}-{}", trigger.as_str(), uuid.simple())
}

/// Why a scan did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Another scan holds the lock.
    #[error("a scan is already running ({}); try again when it has finished (its scan lock expires at {} unless renewed: a scan whose process died holds it until then)", holder.as_deref().unwrap_or("unknown"), expires.as_deref().unwrap_or("unknown"))]
    Busy {
        /// The holder's run id.
        holder: Option<String>,
        /// When its lock expires unless renewed.
        expires: Option<String>,
    },
    /// A run with this id exists (a scheduled occurrence another replica already scanned).
    #[error("scan {0} has already run")]
    AlreadyRan(String),
    /// Neo4j refused or is unreachable.
    #[error("scan lock or record: {0}")]
    Db(#[from] DbError),
}

/// How a scan ended.
#[derive(Debug, Clone)]
pub struct ScanOutcome {
    /// The run id.
    pub id: String,
    /// The scan's summary, or its error.
    pub result: Result<ScanSummary, String>,
}

/// A scan that started: its id, and its task (await it to wait for the end).
pub struct StartedScan {
    /// The run id.
    pub id: String,
    /// The background task.
    pub handle: JoinHandle<ScanOutcome>,
}

/// The lock's owner token for one acquisition attempt.
#[derive(Debug, Clone, Serialize)]
pub struct LockAttempt {
    /// Whether `owner` now holds the lock.
    pub acquired: bool,
    /// Otherwise: who does.
    pub holder: Option<String>,
    /// And when that lock expires unless renewed.
    pub holder_expires: Option<String>,
}

/// Takes the scan lock for `owner` if it is free or expired (atomically: of several callers
/// at once, on any number of replicas, at most one wins).
pub async fn try_lock(graph: &Graph, owner: &str, ttl: Duration) -> Result<LockAttempt, DbError> {
    let row = first_row(
        graph,
        lock_acquire_query(owner, ttl),
        cypher::SCAN_LOCK_ACQUIRE.path,
    )
    .await?;
    Ok(match row {
        Some(row) => LockAttempt {
            acquired: row.get("acquired").unwrap_or(false),
            holder: row.get::<Option<String>>("holder").ok().flatten(),
            holder_expires: row.get::<Option<String>>("holder_expires").ok().flatten(),
        },
        None => LockAttempt {
            acquired: false,
            holder: None,
            holder_expires: None,
        },
    })
}

/// Rehearses a scan's bookkeeping (take the lock, record the run, its progress and its end,
/// renew and give back the lock) in a transaction that is rolled back, so that the first scan
/// after the service starts (an ingest's follow-up, usually) does not wait for Cypher
/// planning. Writes nothing. Neo4j keys its plans by the parameters' types and roughly by
/// their lengths too, so the rehearsal's id is made like a real one (the nil uuid, which no
/// real run has).
pub async fn rehearse_bookkeeping(graph: &Graph) -> Result<(), DbError> {
    let request = ScanRequest {
        id: new_request_id(Trigger::Ingest, uuid::Uuid::nil()),
        trigger: Trigger::Ingest,
        requested_by: "warm-up".into(),
        options: ScanOptions {
            patterns: vec![
                "late-deposit".into(),
                "collective-subsidy".into(),
                "kin-payee".into(),
            ],
            ..ScanOptions::default()
        },
    };
    let ttl = Duration::from_secs(60);
    let progress = ScanProgress {
        phase: "patterns",
        patterns_done: 1,
        patterns_total: 1,
        kin: 0,
        alerts: 1,
    };
    let end = Ok(ScanSummary {
        scan: request.id.clone(),
        kin: 0,
        patterns: Vec::new(),
        alerts: 1,
        seconds: 0.0,
        retired: Vec::new(),
    });
    crate::db::rehearse(
        graph,
        vec![
            lock_acquire_query(&request.id, ttl),
            scan_run_create_query(&request),
            progress_query(&request.id, &progress, None),
            lock_renew_query(&request.id, ttl),
            progress_query(&request.id, &progress, Some(&end)),
            lock_release_query(&request.id),
        ],
    )
    .await
    .origin("scan bookkeeping rehearsal")
}

fn lock_acquire_query(owner: &str, ttl: Duration) -> Query {
    query(cypher::SCAN_LOCK_ACQUIRE.text)
        .param("owner", owner)
        .param("ttl", ttl.as_secs().max(1) as i64)
}

fn lock_renew_query(owner: &str, ttl: Duration) -> Query {
    query(cypher::SCAN_LOCK_RENEW.text)
        .param("owner", owner)
        .param("ttl", ttl.as_secs().max(1) as i64)
}

fn lock_release_query(owner: &str) -> Query {
    query(cypher::SCAN_LOCK_RELEASE.text).param("owner", owner)
}

/// Extends `owner`'s lock; `false` when it no longer holds it.
pub async fn renew_lock(graph: &Graph, owner: &str, ttl: Duration) -> Result<bool, DbError> {
    let renewed: Option<i64> = first_value(
        graph,
        lock_renew_query(owner, ttl),
        cypher::SCAN_LOCK_RENEW.path,
        "renewed",
    )
    .await?;
    Ok(renewed.unwrap_or(0) > 0)
}

/// Gives `owner`'s lock back (nothing happens if it does not hold it).
pub async fn release_lock(graph: &Graph, owner: &str) -> Result<bool, DbError> {
    let released: Option<i64> = first_value(
        graph,
        lock_release_query(owner),
        cypher::SCAN_LOCK_RELEASE.path,
        "released",
    )
    .await?;
    Ok(released.unwrap_or(0) > 0)
}

fn lock_ttl(settings: &Settings) -> Duration {
    Duration::from_secs(settings.scan.lock_ttl_secs.max(1))
}

/// How often a running scan renews its lock and writes its progress.
fn heartbeat(ttl: Duration) -> Duration {
    (ttl / 3).clamp(Duration::from_millis(500), Duration::from_secs(5))
}

/// What starting a scan needs: the database, the configuration (lock time to live,
/// pattern overrides) and the handle on which stored alerts are noted (the service's alert
/// list cache listens to it). Cheap to clone.
#[derive(Clone)]
pub struct Scanner {
    /// The graph.
    pub graph: Graph,
    /// Configuration.
    pub settings: Arc<Settings>,
    /// Noted at each alert write of the scans started here.
    pub changes: AlertChanges,
    /// Told the scan id of each scan that ends well, to notify its opened alerts.
    pub notify: crate::notify::Notifier,
}

impl Scanner {
    /// A scanner whose alert writes nobody listens to (the command line's).
    pub fn new(graph: Graph, settings: Arc<Settings>) -> Self {
        Self {
            graph,
            settings,
            changes: AlertChanges::default(),
            notify: crate::notify::Notifier::disabled(),
        }
    }
}

/// The one way a scan starts, whoever asks (the command line, the API, the schedule, an
/// ingest): take the lock (so a scan never runs beside another, on any replica), record
/// the run, then run the scan in a background task that renews the lock, records progress
/// and the end, and gives the lock back. A busy lock is [`StartError::Busy`].
pub async fn start_scan(
    scanner: &Scanner,
    mut request: ScanRequest,
) -> Result<StartedScan, StartError> {
    request.options.changes = scanner.changes.clone();
    let graph = scanner.graph.clone();
    let ttl = lock_ttl(&scanner.settings);
    let attempt = try_lock(&graph, &request.id, ttl).await?;
    if !attempt.acquired {
        return Err(StartError::Busy {
            holder: attempt.holder,
            expires: attempt.holder_expires,
        });
    }
    let created: Result<Option<bool>, DbError> = first_value(
        &graph,
        scan_run_create_query(&request),
        cypher::SCAN_RUN_CREATE.path,
        "created",
    )
    .await;
    match created.map(|c| c.unwrap_or(false)) {
        Ok(true) => {}
        Ok(false) => {
            release_quietly(&graph, &request.id).await;
            return Err(StartError::AlreadyRan(request.id));
        }
        Err(e) => {
            release_quietly(&graph, &request.id).await;
            return Err(e.into());
        }
    }
    let id = request.id.clone();
    let handle = tokio::spawn(run_locked(graph, request, ttl, scanner.notify.clone()));
    Ok(StartedScan { id, handle })
}

fn scan_run_create_query(request: &ScanRequest) -> Query {
    query(cypher::SCAN_RUN_CREATE.text)
        .param("id", request.id.as_str())
        .param("trigger", request.trigger.as_str())
        .param("requested_by", request.requested_by.as_str())
        .param("patterns", request.options.patterns.clone())
        .param("as_of", request.options.as_of)
        .param("patterns_total", request.options.patterns_total() as i64)
}

async fn release_quietly(graph: &Graph, owner: &str) {
    if let Err(error) = release_lock(graph, owner).await {
        tracing::warn!(%error, owner, "could not release the scan lock; it expires by itself");
    }
}

/// The scan itself, under the lock.
async fn run_locked(
    graph: Graph,
    request: ScanRequest,
    ttl: Duration,
    notify: crate::notify::Notifier,
) -> ScanOutcome {
    let id = request.id.clone();
    let progress = Arc::new(Mutex::new(ScanProgress::default()));
    let report = {
        let progress = progress.clone();
        move |p: &ScanProgress| {
            if let Ok(mut current) = progress.lock() {
                *current = p.clone();
            }
        }
    };
    let scan = run_scan_with_progress(&graph, &request.options, &report);
    tokio::pin!(scan);
    let mut tick = tokio::time::interval(heartbeat(ttl));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    let mut written = ScanProgress::default();
    let result = loop {
        tokio::select! {
            result = &mut scan => break result,
            _ = tick.tick() => {
                match renew_lock(&graph, &id, ttl).await {
                    Ok(true) => {}
                    Ok(false) => tracing::error!(scan = %id, "the scan lock was lost (taken over after expiry); another scan may run at the same time"),
                    Err(error) => tracing::warn!(%error, scan = %id, "could not renew the scan lock"),
                }
                let now = progress.lock().map(|p| p.clone()).unwrap_or_default();
                if now != written {
                    if let Err(error) = write_progress(&graph, &id, &now, None).await {
                        tracing::warn!(%error, scan = %id, "could not record scan progress");
                    }
                    written = now;
                }
            }
        }
    };
    let last = progress.lock().map(|p| p.clone()).unwrap_or_default();
    let result = result.map_err(|e| {
        tracing::error!(error = %e, scan = %id, "scan failed");
        e.public_message()
    });
    if let Err(error) = write_progress(&graph, &id, &last, Some(&result)).await {
        tracing::error!(%error, scan = %id, "could not record the end of the scan");
    }
    release_quietly(&graph, &id).await;
    if let Ok(summary) = &result {
        // Only queued: the scan's caller never waits for a receiver.
        notify.scan_done(&summary.scan);
    }
    ScanOutcome { id, result }
}

async fn write_progress(
    graph: &Graph,
    id: &str,
    progress: &ScanProgress,
    end: Option<&Result<ScanSummary, String>>,
) -> Result<(), DbError> {
    graph
        .run(progress_query(id, progress, end))
        .await
        .map(drop)
        .origin(cypher::SCAN_RUN_PROGRESS.path)
}

/// The progress record of a running scan (`end` = `None`) or the record of its end.
fn progress_query(
    id: &str,
    progress: &ScanProgress,
    end: Option<&Result<ScanSummary, String>>,
) -> Query {
    let null = || BoltType::Null(BoltNull);
    let q = match end {
        None => query(cypher::SCAN_RUN_PROGRESS.text),
        Some(result) => query(cypher::SCAN_RUN_FINISH.text)
            .param("status", if result.is_ok() { "done" } else { "failed" })
            .param(
                "error",
                match result {
                    Err(e) => BoltType::from(e.as_str()),
                    Ok(_) => null(),
                },
            )
            .param(
                "scan",
                match result {
                    Ok(s) => BoltType::from(s.scan.as_str()),
                    Err(_) => null(),
                },
            )
            .param(
                "retired",
                match result {
                    Ok(s) => BoltType::from(s.retired_total() as i64),
                    Err(_) => null(),
                },
            ),
    };
    let (kin, alerts) = match end {
        Some(Ok(summary)) => (summary.kin, summary.alerts),
        _ => (progress.kin, progress.alerts),
    };
    let phase = match end {
        Some(Ok(_)) => "done",
        Some(Err(_)) => "failed",
        None if progress.phase.is_empty() => "starting",
        None => progress.phase,
    };
    q.param("id", id)
        .param("phase", phase)
        .param("patterns_done", progress.patterns_done as i64)
        .param("patterns_total", progress.patterns_total as i64)
        .param("alerts", alerts as i64)
        .param("kin", kin as i64)
}

/// A scan run as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScanRun {
    /// Run id.
    pub id: String,
    /// `running`, `done`, `failed`, or `interrupted` (still recorded as running, but its
    /// scan lock is gone or expired: the process running it died).
    pub status: String,
    /// `api`, `schedule` or `ingest`.
    pub trigger: Option<String>,
    /// Token name, or `schedule`.
    pub requested_by: Option<String>,
    /// Patterns asked for (empty: all).
    pub patterns: Vec<String>,
    /// The day the scan looked from.
    pub as_of: Option<String>,
    /// When it started (database clock).
    pub started_at: Option<String>,
    /// When it ended.
    pub finished_at: Option<String>,
    /// How far it is.
    pub progress: RunProgress,
    /// What it found so far (all of it once done).
    pub counts: RunCounts,
    /// Why it failed.
    pub error: Option<String>,
    /// The scan id on the alerts it raised (`last_scan`), once done.
    pub scan: Option<String>,
}

/// Progress of a scan run.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunProgress {
    /// `starting`, `kinship`, `patterns`, `done` or `failed`.
    pub phase: String,
    /// Patterns finished.
    pub patterns_done: i64,
    /// Patterns selected.
    pub patterns_total: i64,
}

/// Counts of a scan run.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunCounts {
    /// Alerts raised (or raised again).
    pub alerts: i64,
    /// Kinship relations derived.
    pub kin: i64,
    /// Alerts retired (their finding no longer held), once done.
    pub retired: i64,
}

/// One scan run by id.
pub async fn scan_run(graph: &Graph, id: &str) -> Result<Option<ScanRun>, DbError> {
    let found = first_row(
        graph,
        query(cypher::SCAN_RUN_GET.text).param("id", id),
        cypher::SCAN_RUN_GET.path,
    )
    .await?;
    let Some(row) = found else {
        return Ok(None);
    };
    let text = |k: &str| row.get::<Option<String>>(k).ok().flatten();
    let number = |k: &str| row.get::<Option<i64>>(k).ok().flatten().unwrap_or(0);
    Ok(Some(ScanRun {
        id: text("id").unwrap_or_default(),
        status: text("status").unwrap_or_default(),
        trigger: text("trigger"),
        requested_by: text("requested_by"),
        patterns: row.get("patterns").unwrap_or_default(),
        as_of: text("as_of"),
        started_at: text("started_at"),
        finished_at: text("finished_at"),
        progress: RunProgress {
            phase: text("phase").unwrap_or_default(),
            patterns_done: number("patterns_done"),
            patterns_total: number("patterns_total"),
        },
        counts: RunCounts {
            alerts: number("alerts"),
            kin: number("kin"),
            retired: number("retired"),
        },
        error: text("error"),
        scan: text("scan"),
    }))
}
