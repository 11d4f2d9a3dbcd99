//! HTTP for timelines ([`crate::timeline`]): `GET /api/timeline/{id}?from=&to=`. Any role
//! reads an entity's timeline (viewers through their view, `views::Shape::Timeline`: no
//! tip text, no notes); a case's timeline is for investigators and up, like the case. A
//! region-scoped token sees only what lies in its scope, and anything else is the same 404
//! as an unknown id.

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
use crate::timeline::{self, DateRange, Event, EventKind, Timeline, TimelineError};

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/timeline/{id}", get(entity_timeline))
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(entity_timeline),
    components(schemas(Timeline, Event, EventKind))
)]
pub struct TimelineApi;

/// Query of `GET /api/timeline/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// First day (YYYY-MM-DD); events that end before it are left out.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); events that begin after it are left out.
    pub to: Option<String>,
}

impl From<TimelineError> for ApiError {
    fn from(error: TimelineError) -> Self {
        match error {
            TimelineError::Db(e) => e.into(),
            TimelineError::Case(e) => e.into(),
            e @ (TimelineError::BadDate { .. } | TimelineError::BadRange { .. }) => {
                ApiError::BadRequest(e.to_string())
            }
        }
    }
}

/// The dated events around a person, org, company or case, oldest first: posts, company
/// roles, kin ties, contracts, payments, tips, alerts and their triage (a case: its items'
/// events and its own status changes and notes).
#[utoipa::path(
    get,
    path = "/api/timeline/{id}",
    tag = "graph",
    params(("id" = String, Path, description = "Entity id or case number"), TimelineQuery),
    responses(
        (status = 200, description = "The events, oldest first", body = Timeline),
        (status = 400, description = "from or to is not a date, or from is after to"),
        (status = 401, description = "No valid bearer token"),
        (status = 403, description = "Viewers do not read a case's timeline"),
        (status = 404, description = "No such entity or case (or outside the token's region scope)"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn entity_timeline(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    q: Result<Query<TimelineQuery>, QueryRejection>,
) -> Result<Json<Timeline>, ApiError> {
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let range = DateRange::parse(q.from.as_deref(), q.to.as_deref())?;
    let found = timeline::timeline(&state.graph, &id, caller.scope(), range)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no entity or case {id}")))?;
    if found.kind == "Case" {
        caller.require(Role::Investigator, "read a case's timeline")?;
    }
    Ok(Json(found))
}
