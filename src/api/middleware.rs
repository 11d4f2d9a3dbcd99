//! The middleware every request passes: request counting for `/metrics`, and for `/api`
//! bearer authentication, the audit entry of the request, and masking of personal
//! identifiers in JSON answers to viewers.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;
use crate::audit::AuditEntry;
use crate::domain::Role;

/// Counts every request for `/metrics`.
pub async fn count_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(response.status(), started.elapsed());
    response
}

/// Bearer authentication, audit and masking for every `/api` route.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized)?
        .to_string();
    let caller = state
        .tokens
        .caller(&state.graph, &token)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let entity_ids = named_entities(&request);
    let search = (route == SEARCH_ROUTE)
        .then(|| searched_text(&request))
        .flatten();
    request.extensions_mut().insert(caller.clone());
    let response = next.run(request).await;
    state
        .audit
        .send(AuditEntry {
            at: chrono::Utc::now().to_rfc3339(),
            token: caller.name.clone(),
            role: caller.role.as_str().into(),
            method,
            route,
            path,
            entity_ids,
            status: i64::from(response.status().as_u16()),
            token_change: None,
            search,
        })
        .await;
    if caller.role == Role::Viewer {
        return Ok(mask_response(response).await);
    }
    Ok(response)
}

/// The route whose query text the audit keeps.
const SEARCH_ROUTE: &str = "/api/search";

/// The `q` of a search request, decoded (what the caller typed).
fn searched_text(request: &Request) -> Option<String> {
    let query = request.uri().query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "q")
        .map(|(_, value)| value.into_owned())
}

/// Entity ids a request names: path segments after a resource, and `from`/`to`/`id`/`org` query values.
fn named_entities(request: &Request) -> Vec<String> {
    let mut ids = Vec::new();
    let segments: Vec<&str> = request.uri().path().split('/').collect();
    for pair in segments.windows(2) {
        if matches!(pair[0], "entities" | "alerts" | "orgs") && !pair[1].is_empty() {
            ids.push(percent_decode(pair[1]));
        }
    }
    if let Some(q) = request.uri().query() {
        for part in q.split('&') {
            if let Some((k, v)) = part.split_once('=') {
                if matches!(k, "from" | "to" | "id" | "org") {
                    ids.push(percent_decode(v));
                }
            }
        }
    }
    ids
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn mask_response(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut value) => {
            super::mask::mask_json(&mut value);
            let body = serde_json::to_vec(&value).unwrap_or_default();
            let mut response = Response::from_parts(parts, Body::from(body));
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}
