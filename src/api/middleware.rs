//! The middleware every request passes: request counting for `/metrics`, security headers
//! on every response (and `no-store` on `/api`, whose answers are full of personal data),
//! the answer to a panicking handler (a bare 500, the panic kept to the log), and for `/api`
//! bearer authentication, the audit entry of the request, and the caller's role's view of
//! every answer (`api::mask`, `crate::views`).

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;
use crate::audit::AuditEntry;

/// Counts and times every request for `/metrics`, labelled with its route's template
/// (`/api/alerts/{id}`), never its path: ids would multiply the series and leak.
pub async fn count_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let response = next.run(request).await;
    crate::metrics::record_request(
        &method,
        route.as_deref(),
        response.status(),
        started.elapsed(),
    );
    response
}

/// The `Content-Security-Policy` of every response. The page loads its scripts and styles
/// from this origin only (`/assets/`, `/vendor/`) and talks only to `/api`; styles allow
/// `'unsafe-inline'` because the page colours score cells with `style` attributes and
/// ECharts positions its tooltips the same way (no inline script is allowed). Images allow
/// `data:`/`blob:` for the page's empty favicon and ECharts' canvas exports.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
    font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// Security headers on every response, `Cache-Control: no-store` on `/api`, and a
/// problem+json body for a 4xx that the framework answered in plain text (a path value that
/// is not UTF-8, a body over the limit, an unknown `/api` route).
pub async fn harden_response(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let mut response = next.run(request).await;
    let status = response.status();
    if (is_api || status == StatusCode::PAYLOAD_TOO_LARGE)
        && status.is_client_error()
        && !is_problem(&response)
    {
        response = as_problem(response).await;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if is_api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The framework's plain-text refusal as problem+json, its text (short, about the request,
/// never about the server) as the detail.
async fn as_problem(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    let text = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty());
    let detail = text.unwrap_or_else(|| match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            "the request body is larger than this route accepts".into()
        }
        other => other.canonical_reason().unwrap_or("bad request").into(),
    });
    let mut problem = ApiError::Rejected { status, detail }.into_response();
    // Keep what the refusal said in headers (`Allow` on a 405, say), not its old body's.
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name, value.clone());
        }
    }
    problem
}

fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"))
}

/// The answer to a request whose handler panicked (`CatchPanicLayer`): a 500 problem+json
/// that says nothing of the cause; the panic message goes to the log.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::Internal(anyhow::anyhow!("a request handler panicked: {message}")).into_response()
}

/// Bearer authentication, audit and the role's view for every `/api` route. Every request
/// is audited with the client's address, refused ones too: a missing or unknown token (401)
/// as token `""`, a wrong role (403) under the token's name.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let entry = AuditEntry {
        at: String::new(),
        token: String::new(),
        role: String::new(),
        method: request.method().to_string(),
        path: request.uri().path().to_string(),
        entity_ids: named_entities(&request),
        search: (route == SEARCH_ROUTE)
            .then(|| searched_text(&request))
            .flatten(),
        route,
        status: 0,
        token_change: None,
        client: client_address(&request),
    };
    let token = bearer_token(&request);
    let caller = match identify(&state, token).await {
        Ok(caller) => caller,
        Err(error) => {
            // Refused before any handler ran (401, or 503 when Neo4j is away): audited all
            // the same, without a token name.
            let response = error.into_response();
            audit(&state, entry, None, response.status()).await;
            return Ok(response);
        }
    };
    let viewed_route = entry.route.clone();
    request.extensions_mut().insert(caller.clone());
    let response = next.run(request).await;
    audit(&state, entry, Some(&caller), response.status()).await;
    Ok(super::mask::view_response(caller.role, &viewed_route, response).await)
}

/// The request's bearer token, if it presents one.
fn bearer_token(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The caller behind a bearer token.
async fn identify(state: &AppState, token: Option<String>) -> Result<Caller, ApiError> {
    let token = token.ok_or(ApiError::Unauthorized)?;
    state
        .tokens
        .caller(&state.graph, &token)
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// Queues the request's audit entry with its caller (if known) and answer.
async fn audit(
    state: &AppState,
    mut entry: AuditEntry,
    caller: Option<&Caller>,
    status: StatusCode,
) {
    entry.at = chrono::Utc::now().to_rfc3339();
    if let Some(caller) = caller {
        entry.token = caller.name.clone();
        entry.role = caller.role.as_str().into();
    }
    entry.status = i64::from(status.as_u16());
    state.audit.send(entry).await;
}

/// The client's address, as the accept loop recorded it (`ConnectInfo`, see `api::serve`).
fn client_address(request: &Request) -> Option<String> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.to_string())
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

/// Entity ids a request names: path segments after a resource, and `from`/`to`/`id`/`org`/`entity` query values.
fn named_entities(request: &Request) -> Vec<String> {
    let mut ids = Vec::new();
    let segments: Vec<&str> = request.uri().path().split('/').collect();
    for pair in segments.windows(2) {
        if matches!(pair[0], "entities" | "alerts" | "orgs" | "tips") && !pair[1].is_empty() {
            ids.push(percent_decode(pair[1]));
        }
    }
    if let Some(q) = request.uri().query() {
        for part in q.split('&') {
            if let Some((k, v)) = part.split_once('=') {
                if matches!(k, "from" | "to" | "id" | "org" | "entity") {
                    ids.push(percent_decode(v));
                }
            }
        }
    }
    ids
}

/// Decodes `%XX` escapes (and `+` as a space), working on bytes: a path may hold raw bytes
/// above ASCII, so slicing the text after a `%` could cut a character in two (a panic).
/// Invalid UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::{panic_response, percent_decode};

    #[tokio::test]
    async fn a_panic_answers_a_bare_500_problem() {
        let response = panic_response(Box::new(String::from("secret detail")));
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(!body.contains("secret"), "{body}");
    }

    #[test]
    fn percent_decoding_survives_raw_bytes_and_broken_escapes() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        // A raw multi-byte character right after `%` used to be sliced in two (a panic).
        assert_eq!(percent_decode("%中"), "%中");
        assert_eq!(percent_decode("%aé%"), "%aé%");
        assert_eq!(percent_decode("%e4%b8%ad"), "中");
    }
}
