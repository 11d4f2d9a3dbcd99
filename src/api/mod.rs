//! The HTTP service (`guanxi serve`): a JSON API under `/api` for investigators, analysts
//! and scheduled scans, guarded by bearer tokens with roles, audited, with personal
//! identifiers masked for viewers, and the web page at `/`.
//!
//! This module holds only HTTP: each resource file parses requests into typed values,
//! checks the caller's role and calls the same library functions the command line calls
//! (`crate::scan`, `crate::ingest`, `crate::explore`, `crate::portrait`, `crate::audit`,
//! `crate::tokens`). [`ApiError`](error::ApiError) is the only type that knows HTTP statuses.

pub mod admin;
pub mod alerts;
pub mod auth;
pub mod cache;
pub mod cases;
pub mod error;
pub mod export;
pub mod graph;
pub mod health;
pub mod history;
pub mod identity;
pub mod ingest;
pub mod limits;
pub mod loads;
pub mod mask;
pub mod middleware;
pub mod openapi;
pub mod overview;
pub mod params;
pub mod portraits;
pub mod retract;
pub mod scans;
pub mod server;
pub mod state;
pub mod timeline;
pub mod tips;
pub mod watch;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

pub use state::{state, AppState};

/// The largest body of a route other than ingest (tokens, triage, identity decisions: small
/// JSON objects). Ingest's own limit ([`ingest::INGEST_BODY_LIMIT`]) replaces it there.
pub const SMALL_BODY_LIMIT: usize = 1024 * 1024;

/// All routes.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/openapi.json", get(health::openapi_json))
        .merge(alerts::routes())
        .merge(portraits::routes())
        .merge(admin::routes())
        .merge(graph::routes())
        .merge(history::routes())
        .merge(scans::routes())
        .merge(ingest::routes())
        .merge(identity::routes())
        .merge(loads::routes())
        .merge(retract::routes())
        .merge(tips::routes())
        .merge(cases::routes())
        .merge(overview::routes())
        .merge(watch::routes())
        .merge(timeline::routes())
        .merge(export::routes())
        // Inside authentication, so that a panicking handler's 500 is audited like any answer.
        .layer(CatchPanicLayer::custom(self::middleware::panic_response))
        .layer(DefaultBodyLimit::max(SMALL_BODY_LIMIT))
        // Inside authentication: a request cut off is audited.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            server::request_timeout,
        ))
        // Inside authentication: it needs the caller, and its 429s are audited.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::per_token,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            self::middleware::authenticate,
        ));
    Router::new()
        .merge(api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .merge(crate::web::routes())
        .layer(axum::middleware::from_fn(self::middleware::count_requests))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            ingest::INGEST_BODY_LIMIT,
        ))
        // The last line of defence: a panic outside the handlers (middleware) still answers.
        .layer(CatchPanicLayer::custom(self::middleware::panic_response))
        .layer(axum::middleware::from_fn(self::middleware::harden_response))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight and writing their audit
/// entries. The connection limits are [`server`]'s.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let audit = state.audit.clone();
    let settings = state.settings.clone();
    let served =
        server::serve_connections(listener, router(state), &settings.api, shutdown_signal()).await;
    audit.flush().await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
