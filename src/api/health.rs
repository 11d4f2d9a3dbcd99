//! Health and operations: `/healthz` (the process lives), `/readyz` (Neo4j answers),
//! `/metrics` (Prometheus counters) and `/api/openapi.json`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use super::error::ApiError;
use super::state::AppState;

/// Prometheus counters, written by the request-counting middleware.
#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    errors: AtomicU64,
    unavailable: AtomicU64,
    micros: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, status: StatusCode, elapsed: Duration) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if status.is_server_error() {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            self.unavailable.fetch_add(1, Ordering::Relaxed);
        }
        self.micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self) -> String {
        let requests = self.requests.load(Ordering::Relaxed);
        format!(
            "# HELP guanxi_http_requests_total HTTP requests answered.\n# TYPE guanxi_http_requests_total counter\nguanxi_http_requests_total {requests}\n\
             # HELP guanxi_http_errors_total HTTP responses with status 500 or more.\n# TYPE guanxi_http_errors_total counter\nguanxi_http_errors_total {}\n\
             # HELP guanxi_neo4j_unavailable_total Responses 503 because Neo4j did not answer.\n# TYPE guanxi_neo4j_unavailable_total counter\nguanxi_neo4j_unavailable_total {}\n\
             # HELP guanxi_http_request_seconds_total Time spent answering requests.\n# TYPE guanxi_http_request_seconds_total counter\nguanxi_http_request_seconds_total {:.6}\n",
            self.errors.load(Ordering::Relaxed),
            self.unavailable.load(Ordering::Relaxed),
            self.micros.load(Ordering::Relaxed) as f64 / 1e6
        )
    }
}

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
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render()
            + &state.alert_pages.render_metrics()
            + &state.notify.metrics().render(),
    )
}
