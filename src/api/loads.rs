//! Load runs: `GET /api/loads` lists every load and ingest, newest first, through the same
//! [`crate::load::runs::list`] as `guanxi runs list`. Investigators and admins only; a token
//! bound to a region scope is refused, since a run's files and counts cover the whole graph.

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::params::paging;
use super::state::AppState;
use crate::domain::Role;
use crate::load::runs::{self, LoadRunPage};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/loads", get(list_loads))
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
