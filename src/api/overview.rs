//! Overview routes: the county overview (`GET /api/overview`), the regions present
//! (`GET /api/regions`, the portraits page's picker), and the caller's saved inbox filters
//! (`/api/filters`). Each handler calls [`crate::overview`] or [`crate::filters`] within the
//! caller's region scope; a filter belongs to the token that saved it (by its name).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;
use crate::filters::{self, FilterError, SavedFilter};
use crate::overview::{self, OrgRisk, Overview, Series};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/overview", get(get_overview))
        .route("/api/regions", get(list_regions))
        .route("/api/filters", get(list_filters).post(save_filter))
        .route("/api/filters/{id}", delete(delete_filter))
}

/// The OpenAPI description of these endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(get_overview, list_regions, list_filters, save_filter, delete_filter),
    components(schemas(Overview, Series, OrgRisk, SavedFilter, FilterRequest))
)]
pub struct OverviewApi;

impl From<FilterError> for ApiError {
    fn from(error: FilterError) -> Self {
        match error {
            FilterError::Db(e) => e.into(),
            FilterError::Invalid(text) => ApiError::BadRequest(text),
        }
    }
}

#[utoipa::path(get, path = "/api/overview", tag = "overview",
    responses((status = 200, description = "Alert counts by month and pattern, severity and status; the org hierarchy with calibrated risk levels; the riskiest orgs (all within the caller's scope)", body = Overview),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_overview(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Overview>, ApiError> {
    Ok(Json(
        overview::overview(&state.graph, caller.scope()).await?,
    ))
}

#[utoipa::path(get, path = "/api/regions", tag = "overview",
    responses((status = 200, description = "The regions of the orgs the caller sees, with the regions enclosing them, sorted", body = [String])),
    security(("bearer" = [])))]
pub async fn list_regions(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<String>>, ApiError> {
    Ok(Json(overview::regions(&state.graph, caller.scope()).await?))
}

#[utoipa::path(get, path = "/api/filters", tag = "overview",
    responses((status = 200, description = "The caller's saved inbox filters, oldest first", body = [SavedFilter])),
    security(("bearer" = [])))]
pub async fn list_filters(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<SavedFilter>>, ApiError> {
    Ok(Json(filters::list(&state.graph, &caller.name).await?))
}

/// Body of `POST /api/filters`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FilterRequest {
    /// Its name (1–60 characters); saving a name again replaces it.
    pub name: String,
    /// Inbox parameters: pattern, severity, status, org, since, until, sort.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

#[utoipa::path(post, path = "/api/filters", tag = "overview",
    request_body = FilterRequest,
    responses((status = 201, description = "The saved filter", body = SavedFilter),
              (status = 400, description = "No name, or a parameter the inbox does not take", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn save_filter(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<FilterRequest>,
) -> Result<(StatusCode, Json<SavedFilter>), ApiError> {
    let saved = filters::save(&state.graph, &caller.name, &body.name, &body.params).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(delete, path = "/api/filters/{id}", tag = "overview",
    params(("id" = String, Path, description = "Filter id")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "The caller has no such filter", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn delete_filter(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if filters::delete(&state.graph, &caller.name, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no filter {id}")))
    }
}
