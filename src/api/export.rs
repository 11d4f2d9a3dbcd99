//! HTTP for exports ([`crate::ftm::export`]): `GET /api/export.ftm?entity=ID&depth=N`,
//! `?case=ID` or `?all=true`, FollowTheMoney JSON lines (`application/x-ndjson`). Any role
//! exports an entity and its surroundings, as it reads them on entity pages and
//! neighbourhoods (a viewer's export is written through his view by the library: no ID
//! numbers, phones or addresses); a case's or the whole graph's export is for investigators
//! and up. A region-scoped token exports only what lies in its scope (an entity or case
//! outside it is a 404, like an unknown id). Every request is audited by the middleware.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::domain::Role;
use crate::ftm::export::{self, Selection, MAX_DEPTH};
use crate::ftm::FtmError;

/// The media type of JSON lines.
const NDJSON: &str = "application/x-ndjson";

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/export.ftm", get(export_ftm))
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(paths(export_ftm))]
pub struct ExportApi;

/// Query of `GET /api/export.ftm`: exactly one of `entity`, `case`, `all`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// An entity: it and what lies within `depth` stored ties of it.
    pub entity: Option<String>,
    /// Steps out from `entity` (0–4, default 1).
    pub depth: Option<u32>,
    /// A case: its entities and the records behind its alerts' evidence (investigators).
    pub case: Option<String>,
    /// `true`: every record but tips (investigators).
    pub all: Option<bool>,
}

impl From<FtmError> for ApiError {
    fn from(error: FtmError) -> Self {
        match error {
            FtmError::Db(e) => e.into(),
            FtmError::Case(e) => e.into(),
            FtmError::Load(e) => e.into(),
            e @ FtmError::NotFound(_) => ApiError::NotFound(e.to_string()),
            e @ (FtmError::BadLine { .. } | FtmError::Io { .. }) => {
                ApiError::Internal(anyhow::Error::new(e))
            }
        }
    }
}

/// Records and the stored ties between them as FollowTheMoney entities, one JSON object a
/// line (`{"id", "schema", "properties"}`): Person, Company, PublicBody / Organization,
/// Position + Occupancy, Family, Ownership, Directorship, Employment, Contract,
/// CallForTenders, ContractAward, Payment, UnknownLink. Ids are stable (`gx-person-<id>`).
#[utoipa::path(
    get,
    path = "/api/export.ftm",
    tag = "graph",
    params(ExportQuery),
    responses(
        (status = 200, description = "FtM JSON lines, viewed for the caller's role", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "Not exactly one of entity, case, all=true; or depth over 4", content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token"),
        (status = 403, description = "Viewers export entities only", content_type = "application/problem+json"),
        (status = 404, description = "No such entity or case (or outside the token's region scope)", content_type = "application/problem+json"),
        (status = 503, description = "Neo4j unavailable")
    ),
    security(("bearer" = []))
)]
pub async fn export_ftm(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let all = q.all == Some(true);
    let selection = match (q.entity, q.case, all) {
        (Some(id), None, false) => {
            let depth = q.depth.unwrap_or(1);
            if depth > MAX_DEPTH {
                return Err(ApiError::BadRequest(format!(
                    "depth {depth} is over {MAX_DEPTH}"
                )));
            }
            Selection::Entity { id, depth }
        }
        (None, Some(id), false) => {
            caller.require(Role::Investigator, "export a case")?;
            Selection::Case(id)
        }
        (None, None, true) => {
            caller.require(Role::Investigator, "export the whole graph")?;
            Selection::All
        }
        _ => {
            return Err(ApiError::BadRequest(
                "give exactly one of entity=ID, case=ID or all=true".into(),
            ))
        }
    };
    let entities = export::export(&state.graph, &selection, caller.scope(), caller.role).await?;
    let headers = [
        (header::CONTENT_TYPE, NDJSON.to_string()),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"guanxi.ftm.json\"".to_string(),
        ),
    ];
    Ok((headers, export::to_lines(&entities)).into_response())
}
