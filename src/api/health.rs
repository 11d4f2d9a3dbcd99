//! Health and operations: `/healthz` (the process lives), `/readyz` (Neo4j answers),
//! `/metrics` (Prometheus text: `crate::metrics`, and the per-instance counters) and `/api/openapi.json`.

use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use super::error::ApiError;
use super::state::AppState;

#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "The process is alive", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "health",
    responses((status = 200, description = "This document", body = Object)))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}

#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Neo4j answers", body = String),
              (status = 503, description = "Neo4j does not answer", content_type = "application/problem+json")))]
pub async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    crate::db::ping(
        &state.graph,
        &state.settings.neo4j.uri,
        Duration::from_secs(2),
    )
    .await?;
    Ok("ready")
}

#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    // A scrape never fails for the alert counts: their gauges keep their last values.
    if let Err(error) = crate::metrics::refresh_alerts(&state.graph).await {
        tracing::debug!(%error, "/metrics: the alert counts were not refreshed");
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::render()
            + &state.alert_pages.render_metrics()
            + &state.notify.metrics().render(),
    )
}
