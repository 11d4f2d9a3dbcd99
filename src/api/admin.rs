//! Admin routes: the token lifecycle (create, list, revoke, rotate; each change audited with
//! the token's name, role and scope) and reading the audit log (see `crate::tokens` and
//! `crate::audit`). A token bound to a region scope is refused here (403): it could otherwise
//! make itself an unscoped token or read what every token did.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::domain::Role;
use crate::tokens::{self, TokenAction, TokenChange, TokenInfo};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/audit", get(list_audit))
        .route("/api/tokens", post(create_token).get(list_tokens))
        .route("/api/tokens/{name_or_id}/revoke", post(revoke_token))
        .route("/api/tokens/{name_or_id}/rotate", post(rotate_token))
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
    caller.require_unscoped("read the audit log")?;
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
    /// Name (who holds it); must not be taken.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Optional region scope: org ids the token is bound to (it sees those orgs, the orgs
    /// below them and what hangs from them; see docs/model.md). Unknown ids are refused.
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    /// Optional expiry: a date `YYYY-MM-DD` (works through that day, UTC) or a duration
    /// such as `90d`, `12h`, `4w`.
    pub expires: Option<String>,
}

/// A new (or rotated) token, shown once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Generated id.
    pub id: String,
    /// Region scope (org ids), if any.
    pub scope: Option<Vec<String>>,
    /// Expiry (RFC 3339), if any.
    pub expires_at: Option<String>,
    /// The token itself; only its hash is stored.
    pub token: String,
}

impl From<tokens::Issued> for TokenResponse {
    fn from(issued: tokens::Issued) -> Self {
        Self {
            name: issued.info.name,
            role: issued.info.role,
            id: issued.info.id,
            scope: issued.info.scope,
            expires_at: issued.info.expires_at,
            token: issued.secret,
        }
    }
}

/// Queues the audit entry of a token change made by `caller`.
async fn audit_change(state: &AppState, caller: &Caller, action: TokenAction, info: &TokenInfo) {
    let change = TokenChange::new(action, info);
    let entry = change.audit_entry(&caller.name, caller.role.as_str(), "API", 200);
    state.audit.send(entry).await;
}

#[utoipa::path(post, path = "/api/tokens", tag = "admin", request_body = TokenRequest,
    responses((status = 201, description = "The new token, shown once", body = TokenResponse),
              (status = 400, description = "Bad name, scope or expiry", content_type = "application/problem+json"),
              (status = 403, description = "Admins only", content_type = "application/problem+json"),
              (status = 409, description = "The name is taken", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    caller.require(Role::Admin, "create tokens")?;
    caller.require_unscoped("create tokens")?;
    let expires_at = match body.expires.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(tokens::parse_expiry(text, chrono::Utc::now())?),
        _ => None,
    };
    let issued = tokens::create_scoped(
        &state.graph,
        &body.name,
        body.role,
        body.scope,
        expires_at,
        &caller.name,
    )
    .await?;
    audit_change(&state, &caller, TokenAction::Create, &issued.info).await;
    Ok((StatusCode::CREATED, Json(issued.into())))
}

#[utoipa::path(get, path = "/api/tokens", tag = "admin",
    responses((status = 200, description = "Every token, oldest first, without secrets", body = [TokenInfo]),
              (status = 403, description = "Admins only", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_tokens(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    caller.require(Role::Admin, "list tokens")?;
    caller.require_unscoped("list tokens")?;
    Ok(Json(tokens::list(&state.graph).await?))
}

#[utoipa::path(post, path = "/api/tokens/{name_or_id}/revoke", tag = "admin",
    params(("name_or_id" = String, Path, description = "The token's name or id")),
    responses((status = 200, description = "The revoked token; it stops working at once", body = TokenInfo),
              (status = 403, description = "Admins only", content_type = "application/problem+json"),
              (status = 404, description = "No such token", content_type = "application/problem+json"),
              (status = 409, description = "Already revoked", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
) -> Result<Json<TokenInfo>, ApiError> {
    caller.require(Role::Admin, "revoke tokens")?;
    caller.require_unscoped("revoke tokens")?;
    let info = tokens::revoke(&state.graph, &key, &caller.name).await?;
    state.tokens.clear();
    audit_change(&state, &caller, TokenAction::Revoke, &info).await;
    Ok(Json(info))
}

#[utoipa::path(post, path = "/api/tokens/{name_or_id}/rotate", tag = "admin",
    params(("name_or_id" = String, Path, description = "The token's name or id")),
    responses((status = 200, description = "The new secret, shown once; the old one stops working at once", body = TokenResponse),
              (status = 403, description = "Admins only", content_type = "application/problem+json"),
              (status = 404, description = "No such token", content_type = "application/problem+json"),
              (status = 409, description = "The token is revoked", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn rotate_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
) -> Result<Json<TokenResponse>, ApiError> {
    caller.require(Role::Admin, "rotate tokens")?;
    caller.require_unscoped("rotate tokens")?;
    let issued = tokens::rotate(&state.graph, &key, &caller.name).await?;
    state.tokens.clear();
    audit_change(&state, &caller, TokenAction::Rotate, &issued.info).await;
    Ok(Json(issued.into()))
}
