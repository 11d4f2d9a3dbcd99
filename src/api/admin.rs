//! Admin routes: creating tokens and reading the audit log (see `crate::tokens` and
//! `crate::audit`).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::domain::Role;
use crate::tokens;

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/audit", get(list_audit))
        .route("/api/tokens", post(create_token))
}

/// Page of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this token name.
    pub token: Option<String>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Entries per page (1–1000, default 100).
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, description = "Audit entries, newest first", body = [AuditEntry]),
              (status = 403, description = "Admins only", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_audit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    caller.require(Role::Admin, "read the audit log")?;
    let filter = AuditFilter {
        token: q.token.filter(|t| !t.is_empty()),
        page: q.page.unwrap_or(1).max(1) as usize,
        per_page: q.per_page.unwrap_or(100).clamp(1, 1000) as usize,
    };
    Ok(Json(audit::list(&state.graph, &filter).await?))
}

/// Body of `POST /api/tokens`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    /// Name (who holds it).
    pub name: String,
    /// Role.
    pub role: Role,
}

/// A new token, shown once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The token itself; only its hash is stored.
    pub token: String,
}

#[utoipa::path(post, path = "/api/tokens", tag = "admin", request_body = TokenRequest,
    responses((status = 201, description = "The new token, shown once", body = TokenResponse),
              (status = 403, description = "Admins only", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    caller.require(Role::Admin, "create tokens")?;
    let name = body.name.trim();
    if name.is_empty() {
        return Err(ApiError::BadRequest("name is empty".into()));
    }
    let token = tokens::create_token(&state.graph, name, body.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            name: name.to_string(),
            role: body.role,
            token,
        }),
    ))
}
