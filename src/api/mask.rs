//! The role's view of every `/api` answer (`crate::views`), applied in one place by the
//! middleware so that no route can forget it: this file knows which [`Shape`] each route
//! answers with. A route missing from [`shape_of`], or an answer that is not JSON, is
//! refused to a role that does not read everything (a new route stays closed to viewers
//! until its view is written here).

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::domain::Role;
use crate::views::{self, Shape};

/// The shape of a successful answer of `route` (axum's matched path).
pub fn shape_of(route: &str) -> Option<Shape> {
    Some(match route {
        "/api/patterns" | "/api/openapi.json" => Shape::Document,
        "/api/search" => Shape::Search,
        "/api/entities/{id}" => Shape::Entity,
        "/api/entities/{id}/neighborhood" | "/api/cases/{id}/graph" => Shape::Neighborhood,
        "/api/paths" => Shape::Paths,
        "/api/alerts" => Shape::AlertList,
        "/api/alerts/{id}" | "/api/alerts/{id}/triage" => Shape::Alert,
        "/api/orgs/{id}/portrait" | "/api/regions/{region}/portraits" => Shape::Portrait,
        "/api/identity/candidates" => Shape::IdentityReview,
        "/api/scans" | "/api/scans/{id}" => Shape::ScanRun,
        "/api/overview" => Shape::Overview,
        "/api/regions" => Shape::Regions,
        "/api/filters" | "/api/filters/{id}" => Shape::Filters,
        "/api/timeline/{id}" => Shape::Timeline,
        _ => return None,
    })
}

/// Routes whose handler writes its answer for the caller's role itself, through the same
/// views (`crate::report`: the case report's Word document; `crate::ftm`: FollowTheMoney
/// exports): passed as they are.
const VIEWED_BY_HANDLER: &[&str] = &["/api/cases/{id}/report.docx", "/api/export.ftm"];

/// The largest answer the view rewrites (the largest pages are a few MiB).
const VIEW_LIMIT: usize = 64 * 1024 * 1024;

/// `response` as `role` may read it: JSON rewritten by the role's view, problems by the
/// problem view; an empty body and the framework's plain-text refusals of a request (4xx,
/// made problems by `harden_response`) pass; anything else is refused with a 403.
pub async fn view_response(role: Role, route: &str, response: Response) -> Response {
    if role >= Role::Investigator {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let is_problem = content_type.starts_with("application/problem+json");
    if VIEWED_BY_HANDLER.contains(&route) && !is_problem {
        return response;
    }
    let shape = if is_problem {
        Some(Shape::Problem)
    } else if content_type.contains("json") {
        shape_of(route)
    } else {
        None
    };
    if shape.is_none() && response.status().is_client_error() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, VIEW_LIMIT).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    if bytes.is_empty() {
        return Response::from_parts(parts, Body::empty());
    }
    let Some(shape) = shape else {
        return no_view(role);
    };
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return no_view(role);
    };
    views::apply(role, shape, &mut value);
    let body = serde_json::to_vec(&value).unwrap_or_default();
    let mut response = Response::from_parts(parts, Body::from(body));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// The refusal of an answer that has no view for the caller's role.
fn no_view(role: Role) -> Response {
    ApiError::Forbidden {
        role: role.as_str(),
        action: "read this answer (it has no view for this role)",
    }
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_without_a_view_are_refused_to_viewers() {
        let plain = (StatusCode::OK, "110105194912310021").into_response();
        let refused = view_response(Role::Viewer, "/api/entities/{id}", plain).await;
        assert_eq!(refused.status(), 403);
        let json = axum::Json(serde_json::json!({"id_number": "110105194912310021"}));
        let unknown = view_response(Role::Viewer, "/api/new-route", json.into_response()).await;
        assert_eq!(unknown.status(), 403);
        let json = axum::Json(serde_json::json!({"id_number": "110105194912310021"}));
        let whole = view_response(Role::Investigator, "/api/new-route", json.into_response());
        assert_eq!(whole.await.status(), 200);
    }

    #[tokio::test]
    async fn a_viewer_gets_the_entity_view() {
        let json = axum::Json(serde_json::json!({
            "kind": "Person",
            "properties": {"id_number": "110105194912310021", "address": "东山村3组12号"}
        }));
        let response = view_response(Role::Viewer, "/api/entities/{id}", json.into_response());
        let body = axum::body::to_bytes(response.await.into_body(), 4096)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"kind": "Person", "properties": {"id_number": "110105********0021"}})
        );
    }
}
