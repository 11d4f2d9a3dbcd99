//! What every handler shares: the graph, the configuration, token lookups, the audit log,
//! the alert page cache and the handle on which this service notes its
//! writes to alerts (so that the cache notices).

use std::sync::Arc;
use std::time::Duration;

use neo4rs::Graph;

use super::auth::TokenCache;
use super::cache::AlertListCache;
use super::limits::TokenLimits;
use crate::audit::AuditLog;
use crate::scan::runs::Scanner;
use crate::scan::AlertChanges;
use crate::settings::Settings;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The graph.
    pub graph: Graph,
    /// Configuration.
    pub settings: Arc<Settings>,
    /// Token lookups.
    pub tokens: Arc<TokenCache>,
    /// Audit entries on their way to Neo4j.
    pub audit: AuditLog,
    /// Recent `GET /api/alerts` pages.
    pub alert_pages: Arc<AlertListCache>,
    /// Recent `GET /api/regions/{region}/portraits` tables, per (region, region scope): they
    /// change with alerts, so the same change handle and time to live apply.
    pub region_portraits: Arc<AlertListCache>,
    /// Noted at every write of this service that can change alert lists.
    pub changes: AlertChanges,
    /// Per-token concurrency and rate limits.
    pub limits: Arc<TokenLimits>,
    /// The tips inbox's name automaton, kept between tips (built again after a load).
    pub tips: Arc<crate::tips::MatcherCache>,
    /// Sends the alerts this service's scans open to the `[[notify]]` targets.
    pub notify: crate::notify::Notifier,
}

impl AppState {
    /// What scans started by this service use: the same graph and configuration, and the
    /// service's alert change handle.
    pub fn scanner(&self) -> Scanner {
        Scanner {
            graph: self.graph.clone(),
            settings: self.settings.clone(),
            changes: self.changes.clone(),
            notify: self.notify.clone(),
        }
    }
}

/// Builds the state: connection, token cache, and the background audit writer.
pub fn state(graph: Graph, settings: Settings) -> AppState {
    // Before the audit writer starts: it notes its queue on the recorder.
    crate::metrics::install();
    let changes = AlertChanges::default();
    let graph_for_notify = graph.clone();
    AppState {
        audit: AuditLog::start(graph.clone(), settings.audit.spool.clone()),
        graph,
        tokens: Arc::new(TokenCache::default()),
        alert_pages: Arc::new(AlertListCache::new(
            Duration::from_millis(settings.api.alerts_cache_ms),
            changes.clone(),
        )),
        region_portraits: Arc::new(AlertListCache::new(
            Duration::from_millis(settings.api.alerts_cache_ms),
            changes.clone(),
        )),
        changes,
        notify: crate::notify::Notifier::start(graph_for_notify, settings.notify.clone()),
        limits: Arc::new(TokenLimits::new(&settings.api)),
        tips: Arc::default(),
        settings: Arc::new(settings),
    }
}
