//! HTTP for watchlists ([`crate::watch`]): the caller's own watchlist (keyed by their token's
//! name), its news since they last looked (the page's badge) and marking them seen.
//! Investigators and admins only (viewers get a 403); the news keep to the caller's region
//! scope. Each change queues an audit entry naming it beside the request's own.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::domain::Role;
use crate::watch::{self, AlertNews, News, TipNews, WatchError, WatchItem, WatchKind, Watchlist};

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/watchlist", get(get_watchlist).post(add_watch))
        .route("/api/watchlist/{id}", delete(remove_watch))
        .route("/api/watchlist/news", get(get_news))
        .route("/api/watchlist/seen", post(mark_seen))
}

/// The OpenAPI description of these endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(get_watchlist, add_watch, remove_watch, get_news, mark_seen),
    components(schemas(
        Watchlist,
        WatchItem,
        WatchKind,
        WatchRequest,
        News,
        AlertNews,
        TipNews,
        Seen
    ))
)]
pub struct WatchApi;

impl From<WatchError> for ApiError {
    fn from(error: WatchError) -> Self {
        match error {
            WatchError::Db(e) => e.into(),
            e @ (WatchError::UnknownTarget { .. } | WatchError::NotFound(_)) => {
                ApiError::NotFound(e.to_string())
            }
            e @ WatchError::Watcher(_) => ApiError::BadRequest(e.to_string()),
        }
    }
}

/// Body of `POST /api/watchlist`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WatchRequest {
    /// `entity` (a person, company or org id) or `region` (an org id).
    pub kind: WatchKind,
    /// The id.
    pub target: String,
}

/// Answer of `POST /api/watchlist/seen`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Seen {
    /// When the caller looked (RFC 3339).
    pub seen_at: String,
}

const ACTION: &str = "keep a watchlist";

fn actor<'a>(caller: &'a Caller, method: &'a str) -> watch::Actor<'a> {
    (&caller.name, caller.role.as_str(), method)
}

#[utoipa::path(get, path = "/api/watchlist", tag = "watchlist",
    responses((status = 200, description = "What the caller watches, oldest first", body = Watchlist),
              (status = 403, description = "Viewers keep no watchlist", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_watchlist(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Watchlist>, ApiError> {
    caller.require(Role::Investigator, ACTION)?;
    Ok(Json(watch::list(&state.graph, &caller.name).await?))
}

#[utoipa::path(post, path = "/api/watchlist", tag = "watchlist",
    request_body = WatchRequest,
    responses((status = 201, description = "Watched (watching it again keeps the first watch)", body = WatchItem),
              (status = 403, description = "Viewers keep no watchlist", content_type = "application/problem+json"),
              (status = 404, description = "No such person, company or org (or region) in the caller's scope", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_watch(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<WatchRequest>,
) -> Result<(StatusCode, Json<WatchItem>), ApiError> {
    caller.require(Role::Investigator, ACTION)?;
    let target = body.target.trim().to_string();
    let added = watch::add(
        &state.graph,
        &caller.name,
        body.kind,
        &target,
        caller.scope(),
    )
    .await;
    let change = format!("{} {target}", body.kind);
    let entry = watch::audit_entry(
        "add",
        &change,
        std::slice::from_ref(&target),
        added.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    Ok((StatusCode::CREATED, Json(added?)))
}

#[utoipa::path(delete, path = "/api/watchlist/{id}", tag = "watchlist",
    params(("id" = String, Path, description = "The watch's id")),
    responses((status = 204, description = "No longer watched"),
              (status = 403, description = "Viewers keep no watchlist", content_type = "application/problem+json"),
              (status = 404, description = "No such watch on the caller's watchlist", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn remove_watch(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require(Role::Investigator, ACTION)?;
    let removed = watch::remove(&state.graph, &caller.name, &id).await;
    let targets: Vec<String> = removed.iter().cloned().collect();
    let entry = watch::audit_entry(
        "remove",
        &id,
        &targets,
        removed.as_ref(),
        actor(&caller, "DELETE"),
    );
    state.audit.send(entry).await;
    removed?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/watchlist/news", tag = "watchlist",
    responses((status = 200, description = "Open alerts and tips touching watched items since the caller last looked, within their scope; `count` is the badge", body = News),
              (status = 403, description = "Viewers keep no watchlist", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_news(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<News>, ApiError> {
    caller.require(Role::Investigator, ACTION)?;
    let news = watch::news(&state.graph, &state.tips, &caller.name, caller.scope()).await?;
    Ok(Json(news))
}

#[utoipa::path(post, path = "/api/watchlist/seen", tag = "watchlist",
    responses((status = 200, description = "The news so far are seen", body = Seen),
              (status = 403, description = "Viewers keep no watchlist", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn mark_seen(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Seen>, ApiError> {
    caller.require(Role::Investigator, ACTION)?;
    let seen = watch::mark_seen(&state.graph, &caller.name).await;
    let entry = watch::audit_entry(
        "seen",
        "news seen",
        &[],
        seen.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    Ok(Json(Seen { seen_at: seen? }))
}
