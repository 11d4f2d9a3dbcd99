//! Scan routes: `POST /api/scans` starts a scan in the background through the same
//! [`start_scan`] as the command line and the schedule; `GET /api/scans/{id}` says how it
//! goes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::error::ApiError;
use super::params::optional_day;
use super::state::AppState;
use crate::domain::Role;
use crate::scan::runs::{scan_run, start_scan, ScanRequest, ScanRun, Trigger};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/scans", post(post_scan))
        .route("/api/scans/{id}", get(get_scan))
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
        (status = 403, description = "Only admins start scans, and not with a token bound to a region scope", content_type = "application/problem+json"),
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
    // A scan's counts and alerts cover the whole graph.
    caller.require_unscoped("start scans")?;
    let body: StartScanBody = if body.iter().all(u8::is_ascii_whitespace) {
        StartScanBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?
    };
    let as_of = optional_day("as_of", body.as_of.as_deref())?;
    let request = ScanRequest::new(
        &state.settings,
        Trigger::Api,
        &caller.name,
        body.patterns,
        as_of,
    )?;
    let started = start_scan(&state.scanner(), request).await?;
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
        (status = 404, description = "No such run, or not the caller's: admins read every run, investigators the runs they started", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_scan(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<ScanRun>, ApiError> {
    // Admins read every run, investigators the runs they started; for anyone else a run is
    // absent (its record names who started it and which patterns ran). A token bound to a
    // region scope reads only its own runs: a run's counts cover the whole graph.
    scan_run(&state.graph, &id)
        .await?
        .filter(|run| {
            let own = run.requested_by.as_deref() == Some(caller.name.as_str());
            (caller.role == Role::Admin && caller.scope.is_none())
                || (caller.role >= Role::Investigator && own)
        })
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no scan run {id}")))
}
