//! HTTP for the tips inbox ([`crate::tips`]): a page of tips searched by text, and one tip
//! opened (the entities it names, the alerts about them, the connecting paths). Investigators
//! and up only: a tip's text is a complainant's words, which no viewer's view allows (a
//! viewer gets a 403, never the text). Each handler parses its request, checks the role and
//! calls the same functions as `guanxi tip`, with the caller's region scope and the service's
//! kept name automaton.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;
use utoipa::OpenApi;

use super::auth::Caller;
use super::error::ApiError;
use super::params::paging;
use super::state::AppState;
use crate::domain::Role;
use crate::tips::{
    self, AmbiguousName, TipEntity, TipListItem, TipPage, TipPaths, TipPost, TipView,
};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/tips", get(list_tips))
        .route("/api/tips/{id}", get(get_tip))
}

/// The OpenAPI paths of this module (merged into the document).
#[derive(OpenApi)]
#[openapi(
    paths(list_tips, get_tip),
    components(schemas(
        TipPage,
        TipListItem,
        TipView,
        TipEntity,
        TipPost,
        AmbiguousName,
        TipPaths
    ))
)]
pub struct TipsApi;

/// Query of `GET /api/tips`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TipQuery {
    /// Only tips whose text holds this (case-insensitive).
    pub q: Option<String>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Tips per page (1–200, default 50).
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/tips", tag = "tips", params(TipQuery),
    responses((status = 200, description = "A page of tips, newest first, with how many entities each names", body = TipPage),
              (status = 400, description = "Bad query", content_type = "application/problem+json"),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not read tips", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_tips(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<TipQuery>, QueryRejection>,
) -> Result<Json<TipPage>, ApiError> {
    caller.require(Role::Investigator, "read tips")?;
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let (page, per_page) = paging(q.page, q.per_page, 50, 200)?;
    let page = tips::list_tips(
        &state.graph,
        &state.tips,
        q.q.as_deref(),
        page,
        per_page,
        caller.scope(),
    )
    .await?;
    Ok(Json(page))
}

#[utoipa::path(get, path = "/api/tips/{id}", tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses((status = 200, description = "The tip opened: entities named (and ambiguous names with their candidates), alerts, connecting paths", body = TipView),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not read tips", content_type = "application/problem+json"),
              (status = 404, description = "No such tip in the caller's scope", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_tip(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<TipView>, ApiError> {
    caller.require(Role::Investigator, "read tips")?;
    let timeout = std::time::Duration::from_millis(state.settings.api.query_timeout_ms);
    let id = id.trim();
    match tips::open_tip(&state.graph, &state.tips, id, caller.scope(), timeout).await? {
        Some(tip) => Ok(Json(tip)),
        None => Err(ApiError::NotFound(format!("no tip {id}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_lists_the_tip_routes() {
        let doc = TipsApi::openapi();
        for path in ["/api/tips", "/api/tips/{id}"] {
            assert!(doc.paths.paths.contains_key(path), "{path}");
        }
    }
}
