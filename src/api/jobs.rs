//! Scans as jobs: `POST /api/scans` starts one in the background, `GET /api/scans/{id}` says
//! how it goes, and [`run_scheduler`] starts one at each occurrence of `scan.schedule`.
//!
//! Every scan, whoever starts it (the API, the schedule, an ingest), goes through
//! [`start_scan`]: take the scan lock in Neo4j, record a `:ScanRun`, then run
//! [`crate::scan::run_scan_with_progress`] in a task that renews the lock and writes progress
//! until it records the end and gives the lock back. The lock is one `(:ScanLock {name:
//! 'scan'})` node shared by every replica on the database: one scan at a time, and a replica
//! that dies while scanning blocks others for at most `scan.lock_ttl_secs`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use chrono::{DateTime, NaiveDate, TimeZone};
use neo4rs::{query, BoltNull, BoltType, Graph, Query};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

use super::auth::{Caller, Role};
use super::error::ApiError;
use super::AppState;
use crate::cypher;
use crate::scan::{self, ScanOptions, ScanProgress, ScanSummary};
use crate::settings::{Settings, SettingsError};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/scans", post(post_scan))
        .route("/api/scans/{id}", get(get_scan))
}

/// Who or what started a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// `POST /api/scans`.
    Api,
    /// The schedule (`scan.schedule`).
    Schedule,
    /// `POST /api/ingest/{table}`: the patterns the new rows can involve.
    Ingest,
    /// `guanxi scan` on the command line.
    Cli,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Api => "api",
            Trigger::Schedule => "schedule",
            Trigger::Ingest => "ingest",
            Trigger::Cli => "cli",
        }
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
    ) -> Result<Self, ApiError> {
        Ok(Self {
            id: new_request_id(trigger, uuid::Uuid::new_v4()),
            trigger,
            requested_by: requested_by.to_string(),
            options: scan_options(settings, patterns, as_of)?,
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

/// Scan options from the request and the configuration's `[patterns.*]` overrides.
fn scan_options(
    settings: &Settings,
    patterns: Vec<String>,
    as_of: Option<NaiveDate>,
) -> Result<ScanOptions, ApiError> {
    let mut options = ScanOptions {
        patterns,
        ..ScanOptions::default()
    };
    if let Some(day) = as_of {
        options.as_of = day;
    }
    for (id, params) in &settings.patterns {
        let mut values = BTreeMap::new();
        for (name, value) in params {
            let value = scan::patterns::ParamValue::from_toml(value).ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "[patterns.{id}] {name}: expected a number or text"
                ))
            })?;
            values.insert(name.clone(), value);
        }
        options.overrides.insert(id.clone(), values);
    }
    // Unknown pattern ids are the caller's mistake: refuse them before taking the lock.
    let library = scan::patterns::all_patterns().map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(unknown) = options
        .patterns
        .iter()
        .find(|id| !library.iter().any(|p| &p.id == *id))
    {
        return Err(ApiError::BadRequest(format!(
            "no pattern {unknown:?} (known: {})",
            library
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(options)
}

/// Why a scan did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Another scan holds the lock.
    #[error("a scan is already running ({}); try again when it has finished", holder.as_deref().unwrap_or("unknown"))]
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
    Db(#[from] neo4rs::Error),
}

impl From<StartError> for ApiError {
    fn from(error: StartError) -> Self {
        match error {
            e @ (StartError::Busy { .. } | StartError::AlreadyRan(_)) => {
                ApiError::Conflict(e.to_string())
            }
            StartError::Db(e) => e.into(),
        }
    }
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
pub async fn try_lock(
    graph: &Graph,
    owner: &str,
    ttl: Duration,
) -> Result<LockAttempt, neo4rs::Error> {
    let mut rows = graph.execute(lock_acquire_query(owner, ttl)).await?;
    let row = rows.next().await?;
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
pub async fn rehearse_bookkeeping(graph: &Graph) -> Result<(), neo4rs::Error> {
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
pub async fn renew_lock(graph: &Graph, owner: &str, ttl: Duration) -> Result<bool, neo4rs::Error> {
    let mut rows = graph.execute(lock_renew_query(owner, ttl)).await?;
    Ok(rows
        .next()
        .await?
        .and_then(|r| r.get::<i64>("renewed").ok())
        .unwrap_or(0)
        > 0)
}

/// Gives `owner`'s lock back (nothing happens if it does not hold it).
pub async fn release_lock(graph: &Graph, owner: &str) -> Result<bool, neo4rs::Error> {
    let mut rows = graph.execute(lock_release_query(owner)).await?;
    Ok(rows
        .next()
        .await?
        .and_then(|r| r.get::<i64>("released").ok())
        .unwrap_or(0)
        > 0)
}

fn lock_ttl(settings: &Settings) -> Duration {
    Duration::from_secs(settings.scan.lock_ttl_secs.max(1))
}

/// How often a running scan renews its lock and writes its progress.
fn heartbeat(ttl: Duration) -> Duration {
    (ttl / 3).clamp(Duration::from_millis(500), Duration::from_secs(5))
}

/// The one way a scan starts: lock, record, then the scan in a background task that renews
/// the lock, records progress and the end, and gives the lock back.
pub async fn start_scan(state: &AppState, request: ScanRequest) -> Result<StartedScan, StartError> {
    start_scan_on(&state.graph, &state.settings, request).await
}

/// [`start_scan`] for callers without a service (`guanxi scan`): the same lock, so a scan on
/// the command line never runs beside one of the service's.
pub async fn start_scan_on(
    graph: &Graph,
    settings: &Settings,
    request: ScanRequest,
) -> Result<StartedScan, StartError> {
    let graph = graph.clone();
    let ttl = lock_ttl(settings);
    let attempt = try_lock(&graph, &request.id, ttl).await?;
    if !attempt.acquired {
        return Err(StartError::Busy {
            holder: attempt.holder,
            expires: attempt.holder_expires,
        });
    }
    let created = async {
        let mut rows = graph.execute(scan_run_create_query(&request)).await?;
        Ok::<bool, neo4rs::Error>(
            rows.next()
                .await?
                .and_then(|r| r.get::<bool>("created").ok())
                .unwrap_or(false),
        )
    }
    .await;
    match created {
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
    let handle = tokio::spawn(run_locked(graph, request, ttl));
    Ok(StartedScan { id, handle })
}

fn scan_run_create_query(request: &ScanRequest) -> Query {
    query(cypher::SCAN_RUN_CREATE.text)
        .param("id", request.id.as_str())
        .param("trigger", request.trigger.as_str())
        .param("requested_by", request.requested_by.as_str())
        .param("patterns", request.options.patterns.clone())
        .param("as_of", request.options.as_of)
        .param("patterns_total", patterns_total(&request.options))
}

fn patterns_total(options: &ScanOptions) -> i64 {
    if options.patterns.is_empty() {
        scan::patterns::all_patterns()
            .map(|p| p.len() as i64)
            .unwrap_or(0)
    } else {
        options.patterns.len() as i64
    }
}

async fn release_quietly(graph: &Graph, owner: &str) {
    if let Err(error) = release_lock(graph, owner).await {
        tracing::warn!(%error, owner, "could not release the scan lock; it expires by itself");
    }
}

/// The scan itself, under the lock.
async fn run_locked(graph: Graph, request: ScanRequest, ttl: Duration) -> ScanOutcome {
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
    let scan = scan::run_scan_with_progress(&graph, &request.options, &report);
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
        e.to_string()
    });
    if let Err(error) = write_progress(&graph, &id, &last, Some(&result)).await {
        tracing::error!(%error, scan = %id, "could not record the end of the scan");
    }
    release_quietly(&graph, &id).await;
    ScanOutcome { id, result }
}

async fn write_progress(
    graph: &Graph,
    id: &str,
    progress: &ScanProgress,
    end: Option<&Result<ScanSummary, String>>,
) -> Result<(), neo4rs::Error> {
    graph.run(progress_query(id, progress, end)).await
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
    /// `running`, `done` or `failed`.
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
}

/// One scan run by id.
pub async fn scan_run(graph: &Graph, id: &str) -> Result<Option<ScanRun>, neo4rs::Error> {
    let mut rows = graph
        .execute(query(cypher::SCAN_RUN_GET.text).param("id", id))
        .await?;
    let Some(row) = rows.next().await? else {
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
        },
        error: text("error"),
        scan: text("scan"),
    }))
}

/// Body of `POST /api/scans` (optional).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartScanBody {
    /// Pattern ids to run; empty or absent runs all.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The day the scan looks from (YYYY-MM-DD or any form of the data contract); today by default.
    pub as_of: Option<String>,
}

/// The answer to `POST /api/scans`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScanStarted {
    /// Run id, for `GET /api/scans/{id}`.
    pub id: String,
    /// `running`.
    pub status: String,
}

/// Starts a scan in the background.
#[utoipa::path(
    post,
    path = "/api/scans",
    tag = "scans",
    request_body(content = Option<StartScanBody>, description = "Patterns and day; all patterns as of today when absent"),
    responses(
        (status = 202, description = "The scan started", body = ScanStarted),
        (status = 400, description = "Unknown pattern, bad date or body", content_type = "application/problem+json"),
        (status = 403, description = "Only admins start scans", content_type = "application/problem+json"),
        (status = 409, description = "A scan is already running (on this or another replica)", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn post_scan(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<ScanStarted>), ApiError> {
    caller.require(Role::Admin, "start scans")?;
    let body: StartScanBody = if body.iter().all(u8::is_ascii_whitespace) {
        StartScanBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?
    };
    let as_of = match body
        .as_of
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(day) => Some(
            crate::domain::parse_date(day)
                .map_err(|e| ApiError::BadRequest(format!("as_of: {e}")))?,
        ),
        None => None,
    };
    let request = ScanRequest::new(
        &state.settings,
        Trigger::Api,
        &caller.name,
        body.patterns,
        as_of,
    )?;
    let started = start_scan(&state, request).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ScanStarted {
            id: started.id,
            status: "running".into(),
        }),
    ))
}

/// A scan run: status, progress, counts, error.
#[utoipa::path(
    get,
    path = "/api/scans/{id}",
    tag = "scans",
    params(("id" = String, Path, description = "Run id from POST /api/scans")),
    responses(
        (status = 200, description = "The run", body = ScanRun),
        (status = 404, description = "No such run", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_scan(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ScanRun>, ApiError> {
    scan_run(&state.graph, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no scan run {id}")))
}

/// What one scheduled pass did.
#[derive(Debug)]
pub enum PassOutcome {
    /// This replica scanned.
    Ran(ScanOutcome),
    /// Another scan was running; this occurrence is left to it.
    Busy {
        /// The running scan.
        holder: Option<String>,
    },
    /// Another replica already scanned this occurrence.
    AlreadyRan(String),
}

/// The run id of a scheduled occurrence: the same on every replica, so it runs once.
pub fn scheduled_id<Tz: TimeZone>(occurrence: &DateTime<Tz>) -> String {
    format!(
        "schedule-{}",
        occurrence
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%SZ")
    )
}

/// One scheduled pass for `occurrence`: [`start_scan`] with every pattern, then wait for it.
pub async fn scheduled_pass<Tz: TimeZone>(
    state: &AppState,
    occurrence: &DateTime<Tz>,
) -> Result<PassOutcome, ApiError> {
    let request = ScanRequest {
        id: scheduled_id(occurrence),
        trigger: Trigger::Schedule,
        requested_by: "schedule".into(),
        options: scan_options(&state.settings, Vec::new(), None)?,
    };
    match start_scan(state, request).await {
        Ok(started) => {
            let outcome = started
                .handle
                .await
                .map_err(|e| ApiError::Internal(anyhow::anyhow!("scan task failed: {e}")))?;
            Ok(PassOutcome::Ran(outcome))
        }
        Err(StartError::Busy { holder, .. }) => Ok(PassOutcome::Busy { holder }),
        Err(StartError::AlreadyRan(id)) => Ok(PassOutcome::AlreadyRan(id)),
        Err(StartError::Db(e)) => Err(e.into()),
    }
}

/// Scans at every occurrence of `scan.schedule` (local time) until the process ends; returns
/// at once when the schedule is empty, with an error when it is not a cron expression.
pub async fn run_scheduler(state: AppState) -> Result<(), SettingsError> {
    let Some(cron) = state.settings.scan.cron()? else {
        tracing::info!("scan.schedule is empty: no scheduled scans");
        return Ok(());
    };
    tracing::info!(schedule = %state.settings.scan.schedule, "scheduled scans on");
    loop {
        let now = chrono::Local::now();
        let next = match cron.find_next_occurrence(&now, false) {
            Ok(next) => next,
            Err(error) => {
                tracing::error!(%error, "scan.schedule has no next occurrence; scheduled scans stop");
                return Ok(());
            }
        };
        let wait = (next - now).to_std().unwrap_or_default();
        tokio::time::sleep(wait).await;
        match scheduled_pass(&state, &next).await {
            Ok(PassOutcome::Ran(ScanOutcome { id, result: Ok(s) })) => {
                tracing::info!(run = %id, alerts = s.alerts, kin = s.kin, seconds = s.seconds, "scheduled scan done")
            }
            Ok(PassOutcome::Ran(ScanOutcome { id, result: Err(e) })) => {
                tracing::error!(run = %id, error = %e, "scheduled scan failed")
            }
            Ok(PassOutcome::Busy { holder }) => {
                tracing::info!(holder = ?holder, "scheduled scan skipped: a scan is running")
            }
            Ok(PassOutcome::AlreadyRan(id)) => {
                tracing::info!(run = %id, "scheduled scan already run by another replica")
            }
            Err(error) => tracing::error!(%error, "scheduled scan could not start"),
        }
    }
}
