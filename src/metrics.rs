//! What `/metrics` exports, in one place: the metric names, the helpers the rest of the crate
//! calls to record (`metrics::record_query(origin, elapsed)`, ...), the process's one
//! Prometheus recorder (`metrics` crate + `metrics-exporter-prometheus`) and its rendering.
//!
//! Labels come from whitelists only, so that their number stays small and no user text or
//! id reaches a label: routes are axum's route templates (`/api/alerts/{id}`), queries the
//! registered `.cypher` paths ([`crate::cypher::all_files`]), patterns [`PatternId`],
//! statuses [`AlertStatus`], tables the loader's mapping. Anything else becomes `other`.
//!
//! The recorder is installed once per process ([`install`], from [`crate::api::state`]):
//! tests start many services in one process, and a global recorder can only be set once.
//! Until it is installed (the command line never does) recording costs nothing.
//! A few counters are kept per service instance and rendered beside it
//! (`guanxi_notify_*` of [`crate::notify::NotifyMetrics`], the alert page cache's).

use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ::metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use neo4rs::Graph;

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::{AlertStatus, PatternId};

/// HTTP requests answered, by `method`, `route` (template) and `status`.
pub const HTTP_REQUESTS_TOTAL: &str = "guanxi_http_requests_total";
/// Time to answer a request, by `method`, `route` and `status` (histogram).
pub const HTTP_REQUEST_DURATION: &str = "guanxi_http_request_duration_seconds";
/// HTTP responses with status 500 or more.
pub const HTTP_ERRORS_TOTAL: &str = "guanxi_http_errors_total";
/// Responses 503 because Neo4j did not answer.
pub const NEO4J_UNAVAILABLE_TOTAL: &str = "guanxi_neo4j_unavailable_total";
/// Time of one Neo4j statement, by `query` (its `.cypher` path; histogram).
pub const NEO4J_QUERY_DURATION: &str = "guanxi_neo4j_query_duration_seconds";
/// Time of one scan, by `kind` (`whole` or `focused`; histogram).
pub const SCAN_DURATION: &str = "guanxi_scan_duration_seconds";
/// Time of one pattern in a scan (query, store, retire), by `pattern` (histogram).
pub const PATTERN_DURATION: &str = "guanxi_pattern_duration_seconds";
/// Rows of loads and ingests, by `table` and `outcome` (`loaded` or `rejected`).
pub const LOAD_ROWS_TOTAL: &str = "guanxi_load_rows_total";
/// Alerts in the graph, by `status` (gauge, counted at each scrape).
pub const ALERTS: &str = "guanxi_alerts";
/// Notifications given up on, by `target` (its name) and `kind` (`delivery`, `watchlist`,
/// `queue_full`).
pub const NOTIFY_FAILURES_TOTAL: &str = "guanxi_notify_failures_total";
/// Audit entries accepted and not yet stored in Neo4j (in memory or in the spool; gauge).
pub const AUDIT_QUEUE_DEPTH: &str = "guanxi_audit_queue_depth";

/// Every metric name `/metrics` exports: the recorder's above, and the per-instance counters
/// rendered beside them. The Grafana dashboard may use these and no others (a test checks).
pub const EXPORTED: &[&str] = &[
    HTTP_REQUESTS_TOTAL,
    HTTP_REQUEST_DURATION,
    HTTP_ERRORS_TOTAL,
    NEO4J_UNAVAILABLE_TOTAL,
    NEO4J_QUERY_DURATION,
    SCAN_DURATION,
    PATTERN_DURATION,
    LOAD_ROWS_TOTAL,
    ALERTS,
    NOTIFY_FAILURES_TOTAL,
    AUDIT_QUEUE_DEPTH,
    "guanxi_notify_sent_total",
    "guanxi_notify_failed_total",
    "guanxi_notify_queue_depth",
    "guanxi_alert_page_cache_hits_total",
    "guanxi_alert_page_cache_misses_total",
];

/// Histogram buckets (seconds): 1 ms to 10 min, for requests and queries as for scans.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    120.0, 300.0, 600.0,
];

/// How often histogram samples are folded into their buckets when nobody scrapes.
const UPKEEP: Duration = Duration::from_secs(5);

/// The longest a scrape waits for the alert counts; past it the last counts stay.
const ALERT_COUNT_TIMEOUT: Duration = Duration::from_secs(2);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's recorder (once; later calls return the same handle).
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if ::metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed: /metrics stays empty");
        }
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP);
                upkeep.run_upkeep();
            })
            .expect("a thread for the metrics upkeep");
        describe();
        handle
    })
}

fn describe() {
    use ::metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(HTTP_REQUESTS_TOTAL, "HTTP requests answered.");
    describe_histogram!(
        HTTP_REQUEST_DURATION,
        Unit::Seconds,
        "Time to answer an HTTP request."
    );
    describe_counter!(HTTP_ERRORS_TOTAL, "HTTP responses with status 500 or more.");
    describe_counter!(
        NEO4J_UNAVAILABLE_TOTAL,
        "Responses 503 because Neo4j did not answer."
    );
    describe_histogram!(
        NEO4J_QUERY_DURATION,
        Unit::Seconds,
        "Time of one Neo4j statement, by its .cypher file."
    );
    describe_histogram!(SCAN_DURATION, Unit::Seconds, "Time of one scan.");
    describe_histogram!(
        PATTERN_DURATION,
        Unit::Seconds,
        "Time of one pattern in a scan: query, store and retire."
    );
    describe_counter!(
        LOAD_ROWS_TOTAL,
        "Rows of loads and ingests, loaded or rejected."
    );
    describe_gauge!(ALERTS, "Alerts in the graph by status.");
    describe_counter!(NOTIFY_FAILURES_TOTAL, "Notifications given up on.");
    describe_gauge!(
        AUDIT_QUEUE_DEPTH,
        "Audit entries accepted and not yet stored in Neo4j."
    );
}

/// The recorder's metrics in Prometheus' text format (empty before [`install`]).
pub fn render() -> String {
    HANDLE.get().map(|h| h.render()).unwrap_or_default()
}

/// Counts one answered request. `route` is the matched route template (`None`: no route
/// matched, labelled `unmatched`); the raw path never becomes a label.
pub fn record_request(
    method: &axum::http::Method,
    route: Option<&str>,
    status: axum::http::StatusCode,
    elapsed: Duration,
) {
    use axum::http::Method;
    let method = match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let labels = [
        ("method", method.to_string()),
        ("route", route.unwrap_or("unmatched").to_string()),
        ("status", status.as_u16().to_string()),
    ];
    counter!(HTTP_REQUESTS_TOTAL, &labels).increment(1);
    histogram!(HTTP_REQUEST_DURATION, &labels).record(elapsed.as_secs_f64());
    if status.is_server_error() {
        counter!(HTTP_ERRORS_TOTAL).increment(1);
    }
    if status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
        counter!(NEO4J_UNAVAILABLE_TOTAL).increment(1);
    }
}

/// The `query` label of `origin`: a registered `.cypher` path, or `other` (origins that
/// name an operation, or carry a table or file beside the path).
fn query_label(origin: &str) -> &'static str {
    static PATHS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let paths = PATHS.get_or_init(|| cypher::all_files().iter().map(|f| f.path).collect());
    paths.get(origin).copied().unwrap_or("other")
}

/// Times one Neo4j statement from `origin` (see [`crate::db`] for where this is called).
pub fn record_query(origin: &str, elapsed: Duration) {
    histogram!(NEO4J_QUERY_DURATION, "query" => query_label(origin)).record(elapsed.as_secs_f64());
}

/// Times one scan, whole or focused.
pub fn record_scan(focused: bool, elapsed: Duration) {
    let kind = if focused { "focused" } else { "whole" };
    histogram!(SCAN_DURATION, "kind" => kind).record(elapsed.as_secs_f64());
}

/// Times one pattern of a scan.
pub fn record_pattern(pattern: PatternId, seconds: f64) {
    histogram!(PATTERN_DURATION, "pattern" => pattern.as_str()).record(seconds);
}

/// Counts the rows of one table of a load or ingest (`table` from the loader's mapping).
pub fn record_load_rows(table: &str, loaded: u64, rejected: u64) {
    let table = table.to_string();
    counter!(LOAD_ROWS_TOTAL, "table" => table.clone(), "outcome" => "loaded").increment(loaded);
    counter!(LOAD_ROWS_TOTAL, "table" => table, "outcome" => "rejected").increment(rejected);
}

/// What went wrong with a notification.
#[derive(Debug, Clone, Copy)]
pub enum NotifyFailure {
    /// Given up on after its retries.
    Delivery,
    /// The target's watchlist could not be read: nothing sent to it this time.
    Watchlist,
    /// A scan's notifications dropped on a full queue (target `*`).
    QueueFull,
}

/// Counts one notification failure of the target named `target` (a name from the
/// configuration, never its URL).
pub fn record_notify_failure(target: &str, kind: NotifyFailure) {
    let kind = match kind {
        NotifyFailure::Delivery => "delivery",
        NotifyFailure::Watchlist => "watchlist",
        NotifyFailure::QueueFull => "queue_full",
    };
    counter!(NOTIFY_FAILURES_TOTAL, "target" => target.to_string(), "kind" => kind).increment(1);
}

/// Audit entries waiting in this process, summed over its audit writers (tests run several).
static AUDIT_WAITING: AtomicI64 = AtomicI64::new(0);

/// Notes `delta` more (or fewer) audit entries waiting for Neo4j.
pub fn audit_waiting(delta: i64) {
    let now = AUDIT_WAITING.fetch_add(delta, Ordering::Relaxed) + delta;
    // A batch stored twice (its removal from the spool failed) is subtracted twice.
    gauge!(AUDIT_QUEUE_DEPTH).set(now.max(0) as f64);
}

/// Counts the alerts by status (one registered query, at most [`ALERT_COUNT_TIMEOUT`]) and
/// sets the `guanxi_alerts` gauges. On failure the last counts stay, and the error is
/// returned for the log.
pub async fn refresh_alerts(graph: &Graph) -> Result<(), DbError> {
    let started = Instant::now();
    let file = cypher::METRICS_ALERTS_BY_STATUS;
    let statuses: Vec<&str> = AlertStatus::ALL.iter().map(|s| s.as_str()).collect();
    let statement = neo4rs::query(file.text)
        .param("statuses", statuses)
        .extra("tx_timeout", crate::db::tx_timeout_ms(ALERT_COUNT_TIMEOUT));
    let counted = tokio::time::timeout(ALERT_COUNT_TIMEOUT, async {
        let mut rows = graph.execute(statement).await.origin(file.path)?;
        let mut counts = Vec::new();
        while let Some(row) = rows.next().await.origin(file.path)? {
            let status = row.get::<String>("status").unwrap_or_default();
            counts.push((status, row.get::<i64>("alerts").unwrap_or(0)));
        }
        Ok::<_, DbError>(counts)
    })
    .await
    .map_err(|_| DbError::Unreachable {
        uri: "the alert counts".into(),
        reason: format!("no answer within {ALERT_COUNT_TIMEOUT:?}"),
    })??;
    record_query(file.path, started.elapsed());
    for (status, alerts) in counted {
        if let Some(status) = AlertStatus::parse(&status) {
            gauge!(ALERTS, "status" => status.as_str()).set(alerts as f64);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_registered_paths_become_query_labels() {
        assert_eq!(
            query_label(cypher::ALERT_GET.path),
            "cypher/alerts/get.cypher"
        );
        assert_eq!(
            query_label("cypher/load/people.cypher (table people, x.csv)"),
            "other"
        );
        assert_eq!(query_label("MATCH (n) RETURN n"), "other");
    }

    #[test]
    fn every_exported_name_is_a_guanxi_name_once() {
        let unique: HashSet<&str> = EXPORTED.iter().copied().collect();
        assert_eq!(unique.len(), EXPORTED.len());
        assert!(EXPORTED.iter().all(|n| n.starts_with("guanxi_")));
    }
}
