//! The service process (`guanxi serve`): connect to Neo4j and apply the schema, check the
//! schedule, bind, then run the HTTP API ([`crate::api`]) beside the scheduled scans
//! ([`crate::scan::schedule`]) and the background warm-up of the ingest path
//! ([`crate::ingest::warm_up`]) and of the tips inbox's name automaton. It composes the parts; each part knows nothing of the others.

use std::net::SocketAddr;
use std::time::Duration;

use crate::settings::Settings;
use crate::{api, db, ingest, scan};

/// Binds `addr` and serves until Ctrl-C or SIGTERM.
pub async fn run(settings: Settings, addr: SocketAddr) -> anyhow::Result<()> {
    let graph = db::connect(&settings.neo4j)?;
    if let Err(error) = db::ping(&graph, &settings.neo4j.uri, Duration::from_secs(5)).await {
        // Start anyway: /readyz says not ready and requests get 503 until Neo4j answers.
        tracing::warn!(%error, "Neo4j does not answer yet");
    } else {
        db::apply_schema(&graph).await?;
    }
    // A bad schedule stops the service before it binds.
    settings.scan.cron()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("guanxi serving on http://{}", listener.local_addr()?);
    let state = api::state(graph, settings);
    tokio::spawn(scan::schedule::run_scheduler(state.scanner()));
    let warm = state.graph.clone();
    let tips_cache = state.tips.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match ingest::warm_up(&warm).await {
            Ok(()) => tracing::info!(
                seconds = started.elapsed().as_secs_f64(),
                "ingest path warmed up (query plans)"
            ),
            // Only the first ingest is slower then; the cause chain goes to the log.
            Err(error) => tracing::warn!(error = format!("{error:#}"), "warm-up failed"),
        }
        // The tips inbox's name automaton reads every name once (1.7 s on a county): built
        // here, the first tip an investigator opens costs what every later one does.
        let started = std::time::Instant::now();
        match tips_cache.index(&warm).await {
            Ok(_) => tracing::info!(
                seconds = started.elapsed().as_secs_f64(),
                "tips name automaton built"
            ),
            Err(error) => tracing::warn!(error = format!("{error:#}"), "tips warm-up failed"),
        }
    });
    api::serve(listener, state).await?;
    Ok(())
}
