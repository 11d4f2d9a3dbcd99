//! Alert routes: the pattern library, the inbox (filtered, sorted pages kept briefly in
//! memory), one alert with its evidence, and triage. Each handler parses its request into
//! typed values and calls `crate::scan`, within the caller's region scope (an alert outside
//! it answers 404 like an unknown one).

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::params::{one_of, optional_day, paging};
use super::state::AppState;
use crate::domain::{AlertStatus, Role};
use crate::scan::alerts::bulk::{self, BulkResult};
use crate::scan::alerts::{self, AlertPageQuery, AlertSort};
use crate::scan::{self, patterns, Alert};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/patterns", get(list_patterns))
        .route("/api/alerts", get(list_alerts))
        .route("/api/alerts/{id}", get(get_alert))
        .route("/api/alerts/{id}/triage", post(triage_alert))
        .route("/api/alerts/triage", post(triage_alerts))
}

#[utoipa::path(get, path = "/api/patterns", tag = "alerts",
    responses((status = 200, description = "The pattern library", body = [patterns::Pattern]),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_patterns() -> Result<Json<Vec<patterns::Pattern>>, ApiError> {
    Ok(Json(
        patterns::all_patterns().map_err(|e| ApiError::Internal(e.into()))?,
    ))
}

/// Filters, sort and page of `GET /api/alerts`, as the query string gives them.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Pattern id.
    pub pattern: Option<String>,
    /// `high`, `medium` or `low`.
    pub severity: Option<String>,
    /// `new`, `in_review`, `confirmed`, `dismissed` or `retired`; without it, every status but
    /// `retired` (alerts whose finding no longer holds).
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

impl AlertQuery {
    /// The typed query (a 400 for a word outside its list or a bad date) within `scope`.
    fn parse(&self, scope: Option<Vec<String>>) -> Result<AlertPageQuery, ApiError> {
        let non_empty = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        let (page, per_page) = paging(self.page, self.per_page, 50, 500)?;
        Ok(AlertPageQuery {
            pattern: non_empty(&self.pattern),
            severity: one_of("severity", self.severity.as_deref())?,
            status: one_of("status", self.status.as_deref())?,
            org: non_empty(&self.org),
            since: optional_day("since", self.since.as_deref())?,
            until: optional_day("until", self.until.as_deref())?,
            sort: one_of::<AlertSort>("sort", self.sort.as_deref())?.unwrap_or_default(),
            page,
            per_page,
            scope,
        })
    }
}

#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertQuery),
    responses((status = 200, description = "A page of alert summaries (no evidence, facts or history: GET /api/alerts/{id} has them); retired alerts only with status=retired", body = alerts::AlertPage),
              (status = 400, description = "Bad filter or sort", content_type = "application/problem+json"),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_alerts(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<AlertQuery>,
) -> Result<Response, ApiError> {
    // The scope is part of the query, hence of the cache key: a scoped page is never served
    // to another scope.
    let query = q.parse(caller.scope.clone())?;
    let key = query.cache_key();
    if let Some(body) = state.alert_pages.get(&key) {
        return Ok(json_body(body));
    }
    let changes = state.alert_pages.changes();
    let page = alerts::page_of_alerts(&state.graph, &query).await?;
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.into()))?,
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
    responses((status = 200, description = "The alert with its evidence and history, retired or not", body = Alert),
              (status = 404, description = "No such alert", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_alert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Alert>, ApiError> {
    alerts::get_alert_in(&state.graph, &id, caller.scope())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no alert {id}")))
}

/// Body of `POST /api/alerts/{id}/triage`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TriageRequest {
    /// `in_review`, `confirmed` or `dismissed` (`retired` is set by scans only).
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
              (status = 400, description = "Unknown status, or retired (set by scans only)", content_type = "application/problem+json"),
              (status = 409, description = "Status change not allowed, or the alert is retired", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn triage_alert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<TriageRequest>,
) -> Result<Json<Alert>, ApiError> {
    caller.require(Role::Investigator, "triage alerts")?;
    // An alert outside the caller's scope is absent for it: the same 404 as an unknown id.
    if alerts::get_alert_in(&state.graph, &id, caller.scope())
        .await?
        .is_none()
    {
        return Err(ApiError::NotFound(format!("no alert {id}")));
    }
    let status = triage_status(&body.status)?;
    let triaged = scan::triage(&state.graph, &id, status, &caller.name, &body.note).await;
    // Noted whatever the outcome: a failure may come after the write landed.
    state.changes.note();
    triaged?;
    get_alert(State(state), Extension(caller), Path(id)).await
}

/// A triage target status: `in_review`, `confirmed` or `dismissed` (a 400 otherwise).
fn triage_status(word: &str) -> Result<AlertStatus, ApiError> {
    AlertStatus::parse(word)
        .filter(|s| *s != AlertStatus::Retired)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "status {word:?} is not one of in_review, confirmed, dismissed \
                 (retired is set by scans, when a finding no longer holds)"
            ))
        })
}

/// Body of `POST /api/alerts/triage`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BulkTriageRequest {
    /// The alert ids (at most 500; repeats count once).
    pub ids: Vec<String>,
    /// `in_review`, `confirmed` or `dismissed`.
    pub status: String,
    /// Why (one note for all).
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/alerts/triage", tag = "alerts",
    request_body = BulkTriageRequest,
    responses((status = 200, description = "A result per alert: changed, not_found (unknown or outside the caller's scope), not_allowed or retired", body = BulkResult),
              (status = 400, description = "No ids, too many, or an unknown status", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not triage", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn triage_alerts(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<BulkTriageRequest>,
) -> Result<Json<BulkResult>, ApiError> {
    caller.require(Role::Investigator, "triage alerts")?;
    let status = triage_status(&body.status)?;
    let ids =
        bulk::check_request(&body.ids, status).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let done = bulk::triage_many(
        &state.graph,
        &ids,
        status,
        &caller.name,
        &body.note,
        caller.scope(),
    )
    .await;
    state.changes.note();
    let actor = (caller.name.as_str(), caller.role.as_str(), "POST");
    state
        .audit
        .send(bulk::audit_entry(&ids, status, done.as_ref(), actor))
        .await;
    Ok(Json(done?))
}
