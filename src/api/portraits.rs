//! Portrait routes: one org's seven risk dimensions, and a region's table of portraits
//! (see `crate::portrait`), only of orgs the caller's region scope sees (another org's
//! portrait answers 404, as if absent).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};

use super::auth::Caller;

use super::error::ApiError;
use super::state::AppState;
use crate::portrait::{self, Portrait};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/orgs/{id}/portrait", get(org_portrait))
        .route("/api/regions/{region}/portraits", get(region_portraits))
}

#[utoipa::path(get, path = "/api/orgs/{id}/portrait", tag = "portraits",
    params(("id" = String, Path, description = "Org id")),
    responses((status = 200, description = "Seven dimensions scored against peers", body = Portrait),
              (status = 404, description = "No such org", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn org_portrait(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Portrait>, ApiError> {
    portrait::portrait_in(&state.graph, &id, caller.scope())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no org {id}")))
}

#[utoipa::path(get, path = "/api/regions/{region}/portraits", tag = "portraits",
    params(("region" = String, Path, description = "Region (nested regions match by prefix)")),
    responses((status = 200, description = "Portraits, riskiest first", body = [Portrait])),
    security(("bearer" = [])))]
pub async fn region_portraits(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(region): Path<String>,
) -> Result<Response, ApiError> {
    // Scoring every org of every kind is the route's cost; the table is kept briefly per
    // region and scope (a scoped table is never served to another scope).
    let key = serde_json::to_string(&(&region, &caller.scope))
        .map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(body) = state.region_portraits.get(&key) {
        return Ok(json_body(body));
    }
    let changes = state.region_portraits.changes();
    let table = portrait::region_portraits_in(&state.graph, &region, caller.scope()).await?;
    let body = Bytes::from(serde_json::to_vec(&table).map_err(|e| ApiError::Internal(e.into()))?);
    state.region_portraits.put(key, changes, body.clone());
    Ok(json_body(body))
}

/// A JSON body already serialised.
fn json_body(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
