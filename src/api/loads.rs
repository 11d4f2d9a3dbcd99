//! Load runs: `GET /api/loads` lists every load and ingest, newest first, through the same
//! [`crate::load::runs::list`] as `guanxi runs list`. Investigators and admins only; a token
//! bound to a region scope is refused, since a run's files and counts cover the whole graph.
//! `POST /api/loads/{id}/undo` (admins) reverts one run through the same
//! [`crate::load::undo::undo`] as `guanxi runs undo`; the audit middleware records it.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::params::paging;
use super::state::AppState;
use crate::domain::Role;
use crate::load::runs::{self, LoadRunPage};
use crate::load::undo::{self, UndoError, UndoReport};
use crate::scan::runs::Trigger;
use crate::scan::ScanOptions;

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/loads", get(list_loads))
        .route("/api/loads/{id}/undo", post(undo_load))
}

/// Query of `GET /api/loads`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LoadsQuery {
    /// Page, from 1.
    pub page: Option<u32>,
    /// Runs per page (default 50, at most 500).
    pub per_page: Option<u32>,
}

/// Load and ingest runs, newest first: who, when, files, row counts, status (`running`,
/// `complete`, `failed`, or `interrupted`: left running by a process that is gone).
#[utoipa::path(
    get,
    path = "/api/loads",
    tag = "loads",
    params(LoadsQuery),
    responses(
        (status = 200, description = "A page of load runs", body = LoadRunPage),
        (status = 403, description = "Viewers, and tokens bound to a region scope, are refused", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_loads(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<LoadsQuery>,
) -> Result<Json<LoadRunPage>, ApiError> {
    caller.require(Role::Investigator, "list load runs")?;
    caller.require_unscoped("list load runs")?;
    let (page, per_page) = paging(q.page, q.per_page, 50, 500)?;
    let skip = u64::from(page - 1) * u64::from(per_page);
    let page = runs::list(&state.graph, skip, u64::from(per_page), runs::STALE_AFTER).await?;
    Ok(Json(page))
}

/// Reverts load run `id`: the properties it changed get their old values back, the records
/// it created are removed, the undo is recorded in the history and on the run (`undone`),
/// then a whole scan retires the alerts that no longer hold. Refused, changing nothing, for
/// an unknown run (404), a running or undone one, or one a later run touched (409, naming
/// the runs and some of the records).
#[utoipa::path(
    post,
    path = "/api/loads/{id}/undo",
    tag = "loads",
    params(("id" = String, Path, description = "The load run id")),
    responses(
        (status = 200, description = "The run was undone", body = UndoReport),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such load run", content_type = "application/problem+json"),
        (status = 409, description = "Running, already undone, or a later run touched the same records", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn undo_load(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<UndoReport>, ApiError> {
    caller.require(Role::Admin, "undo load runs")?;
    caller.require_unscoped("undo load runs")?;
    let options = ScanOptions::from_settings(&state.settings, Vec::new(), None)?;
    // Checked first, so that a refusal answers at once.
    undo::check(&state.graph, &id).await.map_err(refused)?;
    // In a task of its own: a request that times out or whose client goes away does not
    // stop an undo half-way (it would finish on a retry, but the run stays listed as not
    // undone until then).
    let scanner = state.scanner();
    let by = caller.name.clone();
    let report =
        tokio::spawn(async move { undo::undo(&scanner, &id, &by, Trigger::Api, options).await })
            .await
            .map_err(|join| ApiError::Internal(join.into()))?
            .map_err(refused)?;
    Ok(Json(report))
}

/// An undo's error as the API answers it: 404 for an unknown run, 409 for a refusal.
fn refused(error: UndoError) -> ApiError {
    match error {
        UndoError::UnknownRun(_) => ApiError::NotFound(error.to_string()),
        UndoError::StillRunning(_)
        | UndoError::AlreadyUndone { .. }
        | UndoError::LaterRuns { .. } => ApiError::Conflict(error.to_string()),
        UndoError::Db(db) => db.into(),
        UndoError::Scan { .. } => ApiError::Internal(error.into()),
    }
}
