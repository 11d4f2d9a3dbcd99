//! Identity review routes: the possible identity links by status, and a reviewer's decision
//! on one (confirm, reject, undo). Investigators and up only: the candidates are two
//! records' personal data side by side, unmasked, which viewers never see. Each handler
//! parses its request into typed values and calls `crate::identity::review`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use utoipa::OpenApi;

use super::auth::Caller;
use super::error::ApiError;
use super::params::{one_of, paging};
use super::state::AppState;
use crate::domain::Role;
use crate::identity::review::{
    self, Decision, ReviewCandidate, ReviewError, ReviewPage, ReviewRecord, ReviewStatus,
};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/identity/candidates", get(list_candidates))
        .route("/api/identity/decisions", post(post_decision))
}

/// The OpenAPI paths of this module (merged into the document).
#[derive(OpenApi)]
#[openapi(
    paths(list_candidates, post_decision),
    components(schemas(
        ReviewPage,
        ReviewCandidate,
        ReviewRecord,
        ReviewStatus,
        Decision,
        DecisionRequest
    ))
)]
pub struct IdentityApi;

impl From<ReviewError> for ApiError {
    fn from(error: ReviewError) -> Self {
        match error {
            ReviewError::Db(e) => e.into(),
            e @ ReviewError::UnknownPair { .. } => ApiError::NotFound(e.to_string()),
            e @ ReviewError::Unchanged { .. } => ApiError::Conflict(e.to_string()),
        }
    }
}

/// Query of `GET /api/identity/candidates`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    /// `pending` (default), `confirmed` or `rejected`.
    pub status: Option<String>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Candidates per page (1–500, default 50).
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/identity/candidates", tag = "identity", params(CandidateQuery),
    responses((status = 200, description = "A page of possible identity links, both records side by side (unmasked), highest score first", body = ReviewPage),
              (status = 400, description = "Bad status", content_type = "application/problem+json"),
              (status = 401, description = "No or wrong token", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not see unmasked records", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_candidates(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<CandidateQuery>, QueryRejection>,
) -> Result<Json<ReviewPage>, ApiError> {
    caller.require(Role::Investigator, "review identities")?;
    // Review pairs records from anywhere in the graph.
    caller.require_unscoped("review identities")?;
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let status = one_of("status", q.status.as_deref())?.unwrap_or(ReviewStatus::Pending);
    let (page, per_page) = paging(q.page, q.per_page, 50, 500)?;
    let page = review::list_candidates(&state.graph, status, page, per_page).await?;
    Ok(Json(page))
}

/// Body of `POST /api/identity/decisions`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecisionRequest {
    /// One record id.
    pub a: String,
    /// The other record id (the pair is found in either order).
    pub b: String,
    /// `confirm`, `reject` or `undo`.
    pub decision: String,
    /// Why.
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/identity/decisions", tag = "identity",
    request_body = DecisionRequest,
    responses((status = 200, description = "The link after the decision", body = ReviewCandidate),
              (status = 400, description = "Bad body or decision word", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not review identities", content_type = "application/problem+json"),
              (status = 404, description = "No possible identity link between the two records", content_type = "application/problem+json"),
              (status = 409, description = "The link already has that status", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn post_decision(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Result<Json<DecisionRequest>, JsonRejection>,
) -> Result<Json<ReviewCandidate>, ApiError> {
    caller.require(Role::Investigator, "review identities")?;
    // Review pairs records from anywhere in the graph.
    caller.require_unscoped("review identities")?;
    let Json(body) = body.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let decision: Decision = one_of("decision", Some(body.decision.as_str()))?
        .ok_or_else(|| ApiError::BadRequest("decision is required".into()))?;
    if body.a.trim().is_empty() || body.b.trim().is_empty() {
        return Err(ApiError::BadRequest("a and b name two records".into()));
    }
    let decided = review::decide(
        &state.graph,
        body.a.trim(),
        body.b.trim(),
        decision,
        &caller.name,
        &body.note,
    )
    .await;
    // Noted whatever the outcome (a failure may come after the write landed): the next
    // scan's alerts may change with the identity.
    state.changes.note();
    Ok(Json(decided?))
}
