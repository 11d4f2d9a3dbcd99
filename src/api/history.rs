//! HTTP for an entity's change history ([`crate::history`]): investigators and up (a
//! viewer's field view knows no history and would refuse it anyway); a region-scoped token
//! sees only entities in its scope, and anything else is the same 404 as an unknown id.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::domain::Role;
use crate::history::{self, HistoryEntry, HistoryPage};

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/entities/{id}/history", get(entity_history))
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(paths(entity_history), components(schemas(HistoryPage, HistoryEntry)))]
pub struct HistoryApi;

/// Query of `GET /api/entities/{id}/history`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Entries to skip, newest first (default 0).
    pub offset: Option<u64>,
    /// Entries of the page (1–500, default 50).
    pub limit: Option<u64>,
}

/// An entity's change history, newest first: each change of its properties or of its
/// relationships' properties, with old and new values, when, the load run, who, and the
/// source file and line.
#[utoipa::path(
    get,
    path = "/api/entities/{id}/history",
    tag = "graph",
    params(("id" = String, Path, description = "Entity id"), HistoryQuery),
    responses(
        (status = 200, description = "A page of changes, newest first", body = HistoryPage),
        (status = 400, description = "offset or limit is not a number"),
        (status = 401, description = "No valid bearer token"),
        (status = 403, description = "Viewers do not read the history"),
        (status = 404, description = "No such entity (or outside the token's region scope)"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn entity_history(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    q: Result<Query<HistoryQuery>, QueryRejection>,
) -> Result<Json<HistoryPage>, ApiError> {
    caller.require(Role::Investigator, "read change history")?;
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let limit = q.limit.unwrap_or(history::DEFAULT_LIMIT);
    history::entity_history(
        &state.graph,
        &id,
        caller.scope(),
        q.offset.unwrap_or(0),
        limit,
    )
    .await?
    .map(Json)
    .ok_or_else(|| ApiError::NotFound(format!("no entity {id}")))
}
