//! The accept loop of `guanxi serve`, in place of `axum::serve`, for the limits it lacks:
//! a client must send a request's headers within `api.header_read_timeout_ms` or its
//! connection is closed (a slowloris holds nothing for long), and at most
//! `api.max_connections` connections are served at once. Past the cap the loop stops
//! accepting: further connections wait in the kernel's listen backlog (their clients see a
//! slow connect, not an error) and are accepted as served ones close. The whole-request
//! bound (`api.request_timeout_ms`) is [`request_timeout`], a middleware inside
//! authentication so that a request cut off is audited.
//!
//! Shutdown is graceful as before: on the signal the loop stops accepting, idle connections
//! close, and requests in flight finish (their audit entries are written before the
//! service's own flush).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::error::ApiError;
use super::state::AppState;
use crate::settings::ApiSettings;

/// Serves `app` on `listener` until `shutdown` completes, then waits for the connections
/// in flight to finish.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    settings: &ApiSettings,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let header_timeout = Duration::from_millis(settings.header_read_timeout_ms);
    let slots = Arc::new(Semaphore::new(
        usize::try_from(settings.max_connections.max(1)).unwrap_or(usize::MAX),
    ));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first, then accept: past the cap, connections wait in the backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                app.clone().oneshot(request.map(axum::body::Body::new))
            });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that went away or was too slow with its headers: nothing to answer.
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Answers 503 problem+json when a request takes longer than `api.request_timeout_ms`
/// (reading its body included); the handler's work is dropped, and the reads it made carry
/// the same limit as their transaction timeout ([`crate::db::with_read_timeout`]), so Neo4j
/// stops them too rather than running on to the server's own limit.
pub async fn request_timeout(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limit = Duration::from_millis(state.settings.api.request_timeout_ms);
    let work = crate::db::with_read_timeout(limit, next.run(request));
    match tokio::time::timeout(limit, work).await {
        Ok(response) => response,
        Err(_) => ApiError::TimedOut.into_response(),
    }
}
