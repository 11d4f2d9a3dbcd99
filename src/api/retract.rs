//! HTTP for retractions ([`crate::retract`]): admin only, unscoped tokens only (a retraction
//! changes what every scope sees). The reason is the required query parameter `reason`
//! (`DELETE /api/kinship/p-1/p-2?reason=...`): a query parameter rather than a body because
//! many clients and proxies drop the body of a `DELETE`. Each handler parses the path, calls
//! `retract::retract` then `retract::recompute_derived` as `guanxi retract` does, and queues
//! an audit entry with the reason beside the request's own entry.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::delete;
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::domain::{CompanyRole, Role};
use crate::retract::{self, RetractError, Retraction, Target};
use crate::scan::runs::Trigger;

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/kinship/{a}/{b}", delete(retract_kinship))
        .route(
            "/api/companies/{company}/roles/{person}/{role}",
            delete(retract_role),
        )
        .route(
            "/api/people/{person}/posts/{org}/{title}",
            delete(retract_position),
        )
        .route("/api/entities/{id}", delete(retract_entity))
}

/// The OpenAPI description of these endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(retract_kinship, retract_role, retract_position, retract_entity),
    components(schemas(Retraction, RetractOutcome))
)]
pub struct RetractApi;

impl From<RetractError> for ApiError {
    fn from(error: RetractError) -> Self {
        match error {
            RetractError::Db(e) => e.into(),
            e @ RetractError::NoReason => ApiError::BadRequest(e.to_string()),
            e @ RetractError::NotFound(_) => ApiError::NotFound(e.to_string()),
            e @ RetractError::AlreadyRetracted { .. } => ApiError::Conflict(e.to_string()),
            e @ RetractError::Recompute(_) => ApiError::Internal(e.into()),
        }
    }
}

/// Query of every retraction route.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReasonQuery {
    /// Why (required, non-empty); kept in the tombstone, the history and the audit log.
    pub reason: Option<String>,
}

/// What a retraction did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetractOutcome {
    /// The retraction (tombstone).
    pub retraction: Retraction,
    /// The scan run that recomputed the derived facts, when it ran.
    pub scan: Option<String>,
    /// Alerts that scan retired.
    pub retired: usize,
    /// Why the derived facts could not be recomputed yet (the next scan does it): the
    /// retraction stands all the same.
    pub recompute_error: Option<String>,
}

/// The use case behind every route: admin and unscoped, a reason, the retraction, the
/// recompute, the audit entry with the reason.
async fn run(
    state: &AppState,
    caller: &Caller,
    target: Target,
    q: Result<Query<ReasonQuery>, QueryRejection>,
) -> Result<Json<RetractOutcome>, ApiError> {
    caller.require(Role::Admin, "retract facts")?;
    caller.require_unscoped("retract facts")?;
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let reason = q.reason.unwrap_or_default();
    let outcome = retract::retract(&state.graph, &target, &caller.name, &reason).await;
    let entry = retract::audit_entry(
        &target,
        outcome.as_ref(),
        (&caller.name, caller.role.as_str(), "DELETE"),
        &reason,
    );
    state.audit.send(entry).await;
    let retraction = outcome?;
    state.changes.note();
    let (scan, retired, recompute_error) =
        match retract::recompute_derived(&state.scanner(), Trigger::Api, &caller.name).await {
            Ok(summary) => (Some(summary.scan.clone()), summary.retired_total(), None),
            Err(error) => {
                tracing::warn!(%error, retraction = %retraction.id, "recompute after a retraction");
                (None, 0, Some(error.to_string()))
            }
        };
    state.changes.note();
    Ok(Json(RetractOutcome {
        retraction,
        scan,
        retired,
        recompute_error,
    }))
}

#[utoipa::path(delete, path = "/api/kinship/{a}/{b}", tag = "admin",
    params(("a" = String, Path, description = "One person"), ("b" = String, Path, description = "The other person"), ReasonQuery),
    responses((status = 200, description = "The family ties between the two people (either direction) are retracted; derived facts recomputed", body = RetractOutcome),
              (status = 400, description = "No reason", content_type = "application/problem+json"),
              (status = 403, description = "Admins only (and unscoped tokens)", content_type = "application/problem+json"),
              (status = 404, description = "No family tie between them: nothing changed", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn retract_kinship(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((a, b)): Path<(String, String)>,
    q: Result<Query<ReasonQuery>, QueryRejection>,
) -> Result<Json<RetractOutcome>, ApiError> {
    run(&state, &caller, Target::Kinship { a, b }, q).await
}

#[utoipa::path(delete, path = "/api/companies/{company}/roles/{person}/{role}", tag = "admin",
    params(("company" = String, Path, description = "The company"), ("person" = String, Path, description = "The person (or corporate shareholder)"),
           ("role" = String, Path, description = "The role: legal_rep, shareholder, director, supervisor, manager, employee (or its Chinese word)"), ReasonQuery),
    responses((status = 200, description = "The role is retracted; derived facts recomputed", body = RetractOutcome),
              (status = 400, description = "No reason, or not a role word", content_type = "application/problem+json"),
              (status = 403, description = "Admins only (and unscoped tokens)", content_type = "application/problem+json"),
              (status = 404, description = "No such role: nothing changed", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn retract_role(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((company, person, role)): Path<(String, String, String)>,
    q: Result<Query<ReasonQuery>, QueryRejection>,
) -> Result<Json<RetractOutcome>, ApiError> {
    caller.require(Role::Admin, "retract facts")?;
    let role = CompanyRole::parse(&role).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let target = Target::Role {
        company,
        person,
        role,
    };
    run(&state, &caller, target, q).await
}

#[utoipa::path(delete, path = "/api/people/{person}/posts/{org}/{title}", tag = "admin",
    params(("person" = String, Path, description = "The person"), ("org" = String, Path, description = "The org"),
           ("title" = String, Path, description = "The post's title (every post of that title there)"), ReasonQuery),
    responses((status = 200, description = "The post is retracted (and Official with the last one); derived facts recomputed", body = RetractOutcome),
              (status = 400, description = "No reason", content_type = "application/problem+json"),
              (status = 403, description = "Admins only (and unscoped tokens)", content_type = "application/problem+json"),
              (status = 404, description = "No such post: nothing changed", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn retract_position(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((person, org, title)): Path<(String, String, String)>,
    q: Result<Query<ReasonQuery>, QueryRejection>,
) -> Result<Json<RetractOutcome>, ApiError> {
    run(&state, &caller, Target::Position { person, org, title }, q).await
}

#[utoipa::path(delete, path = "/api/entities/{id}", tag = "admin",
    params(("id" = String, Path, description = "Entity id"), ReasonQuery),
    responses((status = 200, description = "The entity is retracted (softly: it leaves every pattern, search and view, and stays in the history); derived facts recomputed", body = RetractOutcome),
              (status = 400, description = "No reason", content_type = "application/problem+json"),
              (status = 403, description = "Admins only (and unscoped tokens)", content_type = "application/problem+json"),
              (status = 404, description = "No such entity: nothing changed", content_type = "application/problem+json"),
              (status = 409, description = "Already retracted", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn retract_entity(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    q: Result<Query<ReasonQuery>, QueryRejection>,
) -> Result<Json<RetractOutcome>, ApiError> {
    run(&state, &caller, Target::Entity { id }, q).await
}
