//! The HTTP service (`guanxi serve`): a JSON API under `/api` for investigators, analysts
//! and scheduled scans, guarded by bearer tokens with roles, audited, with personal
//! identifiers masked for viewers. `ApiError` is the only type here that knows HTTP.

pub mod auth;
pub mod cache;
pub mod error;
pub mod graph;
pub mod ingest;
pub mod jobs;
pub mod mask;
pub mod openapi;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use neo4rs::{query, BoltType, Graph};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::cypher;
use crate::scan::{self, Alert};
use crate::settings::Settings;
use auth::{Caller, Role, TokenCache};
use error::ApiError;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The graph.
    pub graph: Graph,
    /// Configuration.
    pub settings: Arc<Settings>,
    /// Token lookups.
    pub tokens: Arc<TokenCache>,
    /// Audit entries on their way to Neo4j.
    pub audit: AuditLog,
    /// Request counters for /metrics.
    pub metrics: Arc<Metrics>,
    /// Recent `GET /api/alerts` pages.
    pub alert_pages: Arc<cache::AlertListCache>,
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
}

/// Prometheus counters, written by the middleware.
#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    errors: AtomicU64,
    unavailable: AtomicU64,
    micros: AtomicU64,
}

impl Metrics {
    fn render(&self) -> String {
        let requests = self.requests.load(Ordering::Relaxed);
        format!(
            "# HELP guanxi_http_requests_total HTTP requests answered.\n# TYPE guanxi_http_requests_total counter\nguanxi_http_requests_total {requests}\n\
             # HELP guanxi_http_errors_total HTTP responses with status 500 or more.\n# TYPE guanxi_http_errors_total counter\nguanxi_http_errors_total {}\n\
             # HELP guanxi_neo4j_unavailable_total Responses 503 because Neo4j did not answer.\n# TYPE guanxi_neo4j_unavailable_total counter\nguanxi_neo4j_unavailable_total {}\n\
             # HELP guanxi_http_request_seconds_total Time spent answering requests.\n# TYPE guanxi_http_request_seconds_total counter\nguanxi_http_request_seconds_total {:.6}\n",
            self.errors.load(Ordering::Relaxed),
            self.unavailable.load(Ordering::Relaxed),
            self.micros.load(Ordering::Relaxed) as f64 / 1e6
        )
    }
}

/// The sending end of the audit log: entries go to a background writer.
#[derive(Clone)]
pub struct AuditLog {
    sender: mpsc::Sender<AuditMessage>,
}

enum AuditMessage {
    Entry(AuditEntry),
    /// Write what is waiting now, then answer.
    Flush(tokio::sync::oneshot::Sender<()>),
}

impl AuditLog {
    /// Queues an entry (written within [`AUDIT_WINDOW`]). When [`AUDIT_QUEUE`] entries are
    /// already waiting, this waits for room: requests slow down to the pace Neo4j writes the
    /// log at, rather than the queue growing without bound (and writing on long after).
    pub async fn send(&self, entry: AuditEntry) {
        let _ = self.sender.send(AuditMessage::Entry(entry)).await;
    }

    /// Waits until every entry queued so far is written (at shutdown).
    pub async fn flush(&self) {
        let (done, wait) = tokio::sync::oneshot::channel();
        if self.sender.send(AuditMessage::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
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

/// Builds the state: connection, token cache, and the background audit writer.
pub fn state(graph: Graph, settings: Settings) -> AppState {
    let (sender, mut receiver) = mpsc::channel::<AuditMessage>(AUDIT_QUEUE);
    let writer = graph.clone();
    // The audit log is written in batches off the request path, so auditing adds no
    // database round trip to a request, and at most one commit per AUDIT_WINDOW.
    tokio::spawn(async move {
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
            if batch.is_empty() {
                for done in flushed.drain(..) {
                    let _ = done.send(());
                }
                continue;
            }
            let (first_at, last_at) = batch_bounds(&batch);
            let entries: Vec<String> = batch
                .drain(..)
                .map(|e| serde_json::to_string(&e).unwrap_or_default())
                .collect();
            if let Err(error) = writer
                .run(
                    query(cypher::AUDIT_APPEND.text)
                        .param("entries", entries)
                        .param("first_at", first_at)
                        .param("last_at", last_at),
                )
                .await
            {
                tracing::error!(%error, "could not write audit entries");
            }
            for done in flushed.drain(..) {
                let _ = done.send(());
            }
        }
    });
    AppState {
        graph,
        tokens: Arc::new(TokenCache::default()),
        audit: AuditLog { sender },
        metrics: Arc::new(Metrics::default()),
        alert_pages: Arc::new(cache::AlertListCache::new(Duration::from_millis(
            settings.api.alerts_cache_ms,
        ))),
        settings: Arc::new(settings),
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/patterns", get(list_patterns))
        .route("/api/alerts", get(list_alerts))
        .route("/api/alerts/{id}", get(get_alert))
        .route("/api/alerts/{id}/triage", post(triage_alert))
        .route("/api/orgs/{id}/portrait", get(org_portrait))
        .route("/api/regions/{region}/portraits", get(region_portraits))
        .route("/api/audit", get(list_audit))
        .route("/api/tokens", post(create_token))
        .merge(graph::routes())
        .merge(jobs::routes())
        .merge(ingest::routes())
        .layer(middleware::from_fn_with_state(state.clone(), authenticate));
    Router::new()
        .merge(api)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(crate::web::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            16 * 1024 * 1024,
        ))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight and writing their audit
/// entries.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let audit = state.audit.clone();
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    audit.flush().await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let m = &state.metrics;
    m.requests.fetch_add(1, Ordering::Relaxed);
    if response.status().is_server_error() {
        m.errors.fetch_add(1, Ordering::Relaxed);
    }
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        m.unavailable.fetch_add(1, Ordering::Relaxed);
    }
    m.micros
        .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
    response
}

/// Bearer authentication, audit and masking for every `/api` route.
async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized)?
        .to_string();
    let caller = state
        .tokens
        .caller(&state.graph, &token)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let entity_ids = named_entities(&request);
    request.extensions_mut().insert(caller.clone());
    let response = next.run(request).await;
    state
        .audit
        .send(AuditEntry {
            at: chrono::Utc::now().to_rfc3339(),
            token: caller.name.clone(),
            role: caller.role.as_str().into(),
            method,
            route,
            path,
            entity_ids,
            status: i64::from(response.status().as_u16()),
        })
        .await;
    if caller.role == Role::Viewer {
        return Ok(mask_response(response).await);
    }
    Ok(response)
}

/// Entity ids a request names: path segments after a resource, and `from`/`to`/`id`/`org` query values.
fn named_entities(request: &Request) -> Vec<String> {
    let mut ids = Vec::new();
    let segments: Vec<&str> = request.uri().path().split('/').collect();
    for pair in segments.windows(2) {
        if matches!(pair[0], "entities" | "alerts" | "orgs") && !pair[1].is_empty() {
            ids.push(percent_decode(pair[1]));
        }
    }
    if let Some(q) = request.uri().query() {
        for part in q.split('&') {
            if let Some((k, v)) = part.split_once('=') {
                if matches!(k, "from" | "to" | "id" | "org") {
                    ids.push(percent_decode(v));
                }
            }
        }
    }
    ids
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn mask_response(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut value) => {
            mask::mask_json(&mut value);
            let body = serde_json::to_vec(&value).unwrap_or_default();
            let mut response = Response::from_parts(parts, Body::from(body));
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "The process is alive", body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "health",
    responses((status = 200, description = "This document", body = Object)))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi::document())
}

#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Neo4j answers", body = String),
              (status = 503, description = "Neo4j does not answer", content_type = "application/problem+json")))]
async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    crate::db::ping(
        &state.graph,
        &state.settings.neo4j.uri,
        Duration::from_secs(2),
    )
    .await?;
    Ok("ready")
}

#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render() + &state.alert_pages.render_metrics(),
    )
}

#[utoipa::path(get, path = "/api/patterns", tag = "alerts",
    responses((status = 200, description = "The pattern library", body = [scan::patterns::Pattern]),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn list_patterns() -> Result<Json<Vec<scan::patterns::Pattern>>, ApiError> {
    Ok(Json(
        scan::patterns::all_patterns().map_err(|e| ApiError::Internal(e.into()))?,
    ))
}

/// Filters, sort and page of `GET /api/alerts`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Pattern id.
    pub pattern: Option<String>,
    /// `high`, `medium` or `low`.
    pub severity: Option<String>,
    /// `new`, `in_review`, `confirmed` or `dismissed`.
    pub status: Option<String>,
    /// Org id: alerts about the org, its contracts, payments or officials.
    pub org: Option<String>,
    /// Only alerts seen on or after this date (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only alerts first seen on or before this date (YYYY-MM-DD).
    pub until: Option<String>,
    /// `severity` (default), `last_seen`, `first_seen` or `pattern`.
    pub sort: Option<String>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Alerts per page (1–500, default 50).
    pub per_page: Option<u32>,
}

/// A page of alerts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertPage {
    /// Alerts matching the filters, in total.
    pub total: i64,
    /// This page.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// The alerts, as summaries (`GET /api/alerts/{id}` has the evidence, facts and history).
    pub alerts: Vec<AlertListItem>,
}

/// One alert in a list: what the inbox shows, without the evidence, facts and history that
/// `GET /api/alerts/{id}` returns.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AlertListItem {
    /// Fingerprint (the id of `GET /api/alerts/{id}`).
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// `high`, `medium`, `low`.
    pub severity: String,
    /// Ids of the entities it is about.
    pub subjects: Vec<String>,
    /// What it says.
    pub summary: scan::Summary,
    /// `new`, `in_review`, `confirmed`, `dismissed`.
    pub status: String,
    /// First scan that raised it.
    pub first_seen: String,
    /// Latest scan that raised it.
    pub last_seen: String,
}

impl AlertListItem {
    fn from_row(row: &neo4rs::Row) -> Self {
        let text = |k: &str| row.get::<String>(k).unwrap_or_default();
        Self {
            id: text("id"),
            pattern: text("pattern"),
            severity: text("severity"),
            subjects: row.get("subjects").unwrap_or_default(),
            summary: scan::Summary {
                zh: text("summary_zh"),
                en: text("summary_en"),
            },
            status: text("status"),
            first_seen: text("first_seen"),
            last_seen: text("last_seen"),
        }
    }
}

fn optional(value: &Option<String>) -> BoltType {
    match value {
        Some(v) if !v.is_empty() => BoltType::from(v.as_str()),
        _ => BoltType::Null(neo4rs::BoltNull),
    }
}

fn day(value: &Option<String>) -> Result<BoltType, ApiError> {
    match value.as_deref().filter(|v| !v.is_empty()) {
        None => Ok(BoltType::Null(neo4rs::BoltNull)),
        Some(v) => {
            let date =
                crate::domain::parse_date(v).map_err(|e| ApiError::BadRequest(e.to_string()))?;
            Ok(BoltType::from(format!("{date}T00:00:00Z")))
        }
    }
}

#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertQuery),
    responses((status = 200, description = "A page of alert summaries (no evidence, facts or history: GET /api/alerts/{id} has them)", body = AlertPage),
              (status = 400, description = "Bad filter or sort", content_type = "application/problem+json"),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn list_alerts(
    State(state): State<AppState>,
    Query(q): Query<AlertQuery>,
) -> Result<Response, ApiError> {
    // Sort keys come from this fixed list; the request only chooses among them.
    let sort = q.sort.as_deref().unwrap_or("severity");
    let order = match sort {
        "severity" => "CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.last_seen DESC, a.id",
        "last_seen" => "a.last_seen DESC, a.id",
        "first_seen" => "a.first_seen DESC, a.id",
        "pattern" => "a.pattern, a.id",
        other => return Err(ApiError::BadRequest(format!("sort {other:?} is not one of severity, last_seen, first_seen, pattern"))),
    };
    let per_page = q.per_page.unwrap_or(50).clamp(1, 500);
    let page = q.page.unwrap_or(1).max(1);
    let since = day(&q.since)?;
    let until = day(&q.until)?;
    let key = serde_json::json!([
        q.pattern, q.severity, q.status, q.org, q.since, q.until, sort, page, per_page
    ])
    .to_string();
    if let Some(body) = state.alert_pages.get(&key) {
        return Ok(json_body(body));
    }
    let changes = crate::db::alert_changes();
    let text = format!(
        "{} ORDER BY {order} SKIP $skip LIMIT $limit",
        cypher::ALERTS_QUERY.text.trim()
    );
    let mut rows = state
        .graph
        .execute(
            query(&text)
                .param("pattern", optional(&q.pattern))
                .param("severity", optional(&q.severity))
                .param("status", optional(&q.status))
                .param("org", optional(&q.org))
                .param("since", since)
                .param("until", until)
                .param("skip", i64::from((page - 1) * per_page))
                .param("limit", i64::from(per_page)),
        )
        .await?;
    let mut alerts = Vec::new();
    let mut total = 0;
    while let Some(row) = rows.next().await? {
        total = row.get::<i64>("total").unwrap_or(0);
        alerts.push(AlertListItem::from_row(&row));
    }
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&AlertPage {
            total,
            page,
            per_page,
            alerts,
        })
        .map_err(|e| ApiError::Internal(e.into()))?,
    );
    state.alert_pages.put(key, changes, body.clone());
    Ok(json_body(body))
}

/// A JSON body already serialised.
fn json_body(body: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[utoipa::path(get, path = "/api/alerts/{id}", tag = "alerts",
    params(("id" = String, Path, description = "Alert id (fingerprint)")),
    responses((status = 200, description = "The alert with its evidence", body = Alert),
              (status = 404, description = "No such alert", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn get_alert(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Alert>, ApiError> {
    scan::get_alert(&state.graph, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no alert {id}")))
}

/// Body of `POST /api/alerts/{id}/triage`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TriageRequest {
    /// `in_review`, `confirmed` or `dismissed`.
    pub status: String,
    /// Why.
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/alerts/{id}/triage", tag = "alerts",
    params(("id" = String, Path, description = "Alert id")),
    request_body = TriageRequest,
    responses((status = 200, description = "The alert after the change", body = Alert),
              (status = 403, description = "Viewers do not triage", content_type = "application/problem+json"),
              (status = 404, description = "No such alert", content_type = "application/problem+json"),
              (status = 409, description = "Status change not allowed", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn triage_alert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<TriageRequest>,
) -> Result<Json<Alert>, ApiError> {
    caller.require(Role::Investigator, "triage alerts")?;
    if !matches!(
        body.status.as_str(),
        "in_review" | "confirmed" | "dismissed" | "new"
    ) {
        return Err(ApiError::BadRequest(format!(
            "status {:?} is not one of in_review, confirmed, dismissed",
            body.status
        )));
    }
    scan::triage(&state.graph, &id, &body.status, &caller.name, &body.note).await?;
    get_alert(State(state), Path(id)).await
}

#[utoipa::path(get, path = "/api/orgs/{id}/portrait", tag = "portraits",
    params(("id" = String, Path, description = "Org id")),
    responses((status = 200, description = "Seven dimensions scored against peers", body = crate::portrait::Portrait),
              (status = 404, description = "No such org", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn org_portrait(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<crate::portrait::Portrait>, ApiError> {
    crate::portrait::portrait(&state.graph, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no org {id}")))
}

#[utoipa::path(get, path = "/api/regions/{region}/portraits", tag = "portraits",
    params(("region" = String, Path, description = "Region (nested regions match by prefix)")),
    responses((status = 200, description = "Portraits, riskiest first", body = [crate::portrait::Portrait])),
    security(("bearer" = [])))]
async fn region_portraits(
    State(state): State<AppState>,
    Path(region): Path<String>,
) -> Result<Json<Vec<crate::portrait::Portrait>>, ApiError> {
    Ok(Json(
        crate::portrait::region_portraits(&state.graph, &region).await?,
    ))
}

/// Page of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this token name.
    pub token: Option<String>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Entries per page (1–1000, default 100).
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, description = "Audit entries, newest first", body = [AuditEntry]),
              (status = 403, description = "Admins only", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn list_audit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    caller.require(Role::Admin, "read the audit log")?;
    let per_page = q.per_page.unwrap_or(100).clamp(1, 1000) as usize;
    let page = q.page.unwrap_or(1).max(1) as usize;
    let to_skip = (page - 1) * per_page;
    let wanted = |e: &AuditEntry| q.token.as_ref().is_none_or(|t| &e.token == t);
    let mut skipped = 0;
    let mut entries = Vec::new();
    // Batches newest first, a few at a time, until the page is full.
    let mut batches_read = 0i64;
    'batches: loop {
        let mut rows = state
            .graph
            .execute(
                query(cypher::AUDIT_LIST.text)
                    .param("skip", batches_read)
                    .param("limit", AUDIT_BATCHES_PER_READ),
            )
            .await?;
        let mut read = 0;
        while let Some(row) = rows.next().await? {
            read += 1;
            let texts: Vec<String> = row.get("entries").unwrap_or_default();
            for text in texts.iter().rev() {
                let entry: AuditEntry = serde_json::from_str(text)
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("an audit entry: {e}")))?;
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
    // Then entries stored one node each by earlier builds (older than every batch).
    if entries.len() < per_page {
        let mut rows = state
            .graph
            .execute(
                query(cypher::AUDIT_LIST_ENTRIES.text)
                    .param("token", optional(&q.token))
                    .param("offset", (to_skip - skipped) as i64)
                    .param("limit", (per_page - entries.len()) as i64),
            )
            .await?;
        while let Some(row) = rows.next().await? {
            entries.push(AuditEntry {
                at: row.get("at").unwrap_or_default(),
                token: row.get("token").unwrap_or_default(),
                role: row.get("role").unwrap_or_default(),
                method: row.get("method").unwrap_or_default(),
                route: row.get("route").unwrap_or_default(),
                path: row.get("path").unwrap_or_default(),
                entity_ids: row.get("entity_ids").unwrap_or_default(),
                status: row.get("status").unwrap_or_default(),
            });
        }
    }
    Ok(Json(entries))
}

/// Body of `POST /api/tokens`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    /// Name (who holds it).
    pub name: String,
    /// Role.
    pub role: Role,
}

/// A new token, shown once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The token itself; only its hash is stored.
    pub token: String,
}

#[utoipa::path(post, path = "/api/tokens", tag = "admin", request_body = TokenRequest,
    responses((status = 201, description = "The new token, shown once", body = TokenResponse),
              (status = 403, description = "Admins only", content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn create_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    caller.require(Role::Admin, "create tokens")?;
    if body.name.trim().is_empty() {
        return Err(ApiError::BadRequest("name is empty".into()));
    }
    let token = auth::create_token(&state.graph, body.name.trim(), body.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            name: body.name.trim().to_string(),
            role: body.role,
            token,
        }),
    ))
}

/// Binds and serves (used by `guanxi serve`).
pub async fn run(settings: Settings, addr: SocketAddr) -> anyhow::Result<()> {
    let graph = crate::db::connect(&settings.neo4j)?;
    if let Err(error) = crate::db::ping(&graph, &settings.neo4j.uri, Duration::from_secs(5)).await {
        // Start anyway: /readyz says not ready and requests get 503 until Neo4j answers.
        tracing::warn!(%error, "Neo4j does not answer yet");
    } else {
        crate::db::apply_schema(&graph).await?;
    }
    // A bad schedule stops the service before it binds.
    settings.scan.cron()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("guanxi serving on http://{}", listener.local_addr()?);
    let state = state(graph, settings);
    tokio::spawn(jobs::run_scheduler(state.clone()));
    let warm = state.graph.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match ingest::warm_up(&warm).await {
            Ok(()) => tracing::info!(
                seconds = started.elapsed().as_secs_f64(),
                "ingest path warmed up (query plans)"
            ),
            // Only the first ingest is slower then; the cause chain goes to the log.
            Err(error) => tracing::warn!(error = format!("{error:#}"), "warm-up failed"),
        }
    });
    serve(listener, state).await?;
    Ok(())
}
