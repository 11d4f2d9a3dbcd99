//! HTTP for the graph for investigators ([`crate::explore`]): search, entity pages,
//! neighbourhoods and paths. Each handler turns its query string into typed arguments
//! (rejecting bad input with 400), calls `explore` with the caller's region scope, and
//! answers 404 for an unknown entity or one outside that scope (the same answer).
//! ID numbers and phones are returned under the keys `id_number` and `phone`, which the
//! middleware masks for viewers.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Extension;
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::explore::{
    self, AlertRef, Depth, EntityPage, GraphEdge, GraphPath, HitLimit, IdentityLink, KinLink,
    MaxHops, Neighborhood, NodeLimit, NodeRef, PathEnds, PathStep, Paths, PathsResponse,
    PositionLink, Provenance, RoleLink, SearchHit, SearchText, SearchTextError, TieLink,
};

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/entities/{id}", get(entity))
        .route("/api/entities/{id}/neighborhood", get(neighborhood))
        .route("/api/paths", get(paths))
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(search, entity, neighborhood, paths),
    components(schemas(
        SearchHit,
        EntityPage,
        Provenance,
        IdentityLink,
        PositionLink,
        RoleLink,
        KinLink,
        TieLink,
        AlertRef,
        Neighborhood,
        NodeRef,
        GraphEdge,
        PathsResponse,
        GraphPath,
        PathStep
    ))
)]
pub struct GraphApi;

fn bad_query(rejection: QueryRejection) -> ApiError {
    ApiError::BadRequest(rejection.body_text())
}

fn required_message(name: &str) -> ApiError {
    ApiError::BadRequest(format!("the query parameter {name} is required"))
}

fn required(value: &Option<String>, name: &str) -> Result<String, ApiError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .ok_or_else(|| required_message(name))
}

fn no_entity(ids: &str) -> ApiError {
    ApiError::NotFound(format!("no entity {ids}"))
}

/// Query of `GET /api/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What to look for: a name (Chinese or pinyin, typos tolerated), an entity id, an ID
    /// number, a credit code or a phone number.
    pub q: Option<String>,
    /// Most hits returned (1–100, default 20).
    pub limit: Option<u32>,
}

/// Ranked fuzzy search over names (Chinese, pinyin, typos), ids, ID numbers, credit codes and
/// phones. Exact identifier hits come first (score 1), then names ranked by Jaro-Winkler
/// similarity over the normalised name and the pinyin.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "graph",
    params(SearchQuery),
    responses(
        (status = 200, description = "Hits, best first", body = [SearchHit]),
        (status = 400, description = "q is missing or too long"),
        (status = 401, description = "No valid bearer token"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let text = match SearchText::parse(q.q.as_deref().unwrap_or("")) {
        Ok(text) => text,
        Err(SearchTextError::Empty) => return Err(required_message("q")),
        Err(SearchTextError::TooLong) => {
            return Err(ApiError::BadRequest(format!(
                "q is longer than {} characters",
                SearchText::MAX_CHARS
            )))
        }
    };
    let limit = HitLimit::new(q.limit.unwrap_or(HitLimit::DEFAULT));
    let identifiers = match caller.role.may_search_identifiers() {
        true => explore::Identifiers::Searchable,
        false => explore::Identifiers::Hidden,
    };
    Ok(Json(
        explore::search(&state.graph, &text, limit, identifiers, caller.scope()).await?,
    ))
}

/// An entity's page: its properties, provenance, identity links, posts, company roles, kin,
/// family ties and the alerts concerning it.
#[utoipa::path(
    get,
    path = "/api/entities/{id}",
    tag = "graph",
    params(("id" = String, Path, description = "Entity id, e.g. p-wang-jianguo")),
    responses(
        (status = 200, description = "The entity", body = EntityPage),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "No such entity"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn entity(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<EntityPage>, ApiError> {
    explore::entity(&state.graph, &id, caller.scope())
        .await?
        .map(Json)
        .ok_or_else(|| no_entity(&id))
}

/// Query of `GET /api/entities/{id}/neighborhood`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeighborhoodQuery {
    /// Hops from the entity (1–3, default 1).
    pub depth: Option<u32>,
    /// Most nodes (1–500, default 100), nearest first.
    pub limit: Option<u32>,
}

/// The subgraph around an entity, for drawing: nodes within `depth` hops (nearest first, at
/// most `limit`) and every relationship among them, labelled in plain words. Alerts, load
/// runs, tokens and audit entries are left out.
#[utoipa::path(
    get,
    path = "/api/entities/{id}/neighborhood",
    tag = "graph",
    params(
        ("id" = String, Path, description = "Entity id at the centre"),
        NeighborhoodQuery
    ),
    responses(
        (status = 200, description = "Nodes and edges", body = Neighborhood),
        (status = 400, description = "depth or limit is not a number"),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "No such entity"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn neighborhood(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    q: Result<Query<NeighborhoodQuery>, QueryRejection>,
) -> Result<Json<Neighborhood>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let depth = Depth::new(q.depth.unwrap_or(Depth::DEFAULT));
    let limit = NodeLimit::new(q.limit.unwrap_or(NodeLimit::DEFAULT));
    explore::neighborhood(&state.graph, &id, depth, limit, caller.scope())
        .await?
        .map(Json)
        .ok_or_else(|| no_entity(&id))
}

/// Query of `GET /api/paths`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathsQuery {
    /// Entity id where the paths start.
    pub from: Option<String>,
    /// Entity id where they end.
    pub to: Option<String>,
    /// Longest path searched, in hops (1–8, default 6).
    pub max_hops: Option<u32>,
}

/// The shortest paths connecting two entities (at most 5, within `max_hops`), each step
/// named in plain words in Chinese and English, kin terms included. The search is bounded in
/// time (`api.query_timeout_ms`): past it Neo4j stops the query and the answer is 503.
#[utoipa::path(
    get,
    path = "/api/paths",
    tag = "graph",
    params(PathsQuery),
    responses(
        (status = 200, description = "The shortest paths, possibly none (with a note)", body = PathsResponse),
        (status = 400, description = "from or to missing, or the same"),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "An id names no entity"),
        (status = 503, description = "Neo4j unavailable, or the search ran past api.query_timeout_ms and was stopped")
    )
)]
pub async fn paths(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<PathsQuery>, QueryRejection>,
) -> Result<Json<PathsResponse>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let from = required(&q.from, "from")?;
    let to = required(&q.to, "to")?;
    let max_hops = MaxHops::new(q.max_hops.unwrap_or(MaxHops::DEFAULT));
    let ends = PathEnds::new(from, to)
        .ok_or_else(|| ApiError::BadRequest("from and to are the same entity".into()))?;
    let timeout = std::time::Duration::from_millis(state.settings.api.query_timeout_ms);
    match explore::paths(&state.graph, &ends, max_hops, caller.scope(), timeout).await? {
        Paths::Found(found) => Ok(Json(found)),
        Paths::UnknownEntities(ids) => Err(no_entity(&ids.join(", "))),
        Paths::TimedOut => Err(ApiError::TimedOut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_lists_the_paths() {
        use utoipa::OpenApi;
        let doc = GraphApi::openapi();
        for path in [
            "/api/search",
            "/api/entities/{id}",
            "/api/entities/{id}/neighborhood",
            "/api/paths",
        ] {
            assert!(doc.paths.paths.contains_key(path), "{path}");
        }
    }
}
