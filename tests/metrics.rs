//! `/metrics` against the real Neo4j: after a load, a scan and a few requests, the scrape
//! parses as Prometheus text and holds the request, query, scan, pattern, load, alert and
//! audit metrics with their whitelisted labels; and the Grafana dashboard in
//! `deploy/grafana/` asks only for metrics the service exports.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{load_and_scan_examples, spawn_app};
use guanxi::domain::PatternId;
use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::PrometheusValue;

/// One series of a scrape: its family, labels and value (a histogram's: its observations).
#[derive(Debug)]
struct Series {
    family: String,
    labels: HashMap<String, String>,
    histogram: bool,
    value: f64,
}

/// The scrape's series, parsed with a Prometheus text-format parser.
fn parse(text: &str) -> Vec<Series> {
    let exposition = parse_prometheus(text).expect("Prometheus text");
    let mut series = Vec::new();
    for (name, family) in &exposition.families {
        for sample in family.iter_samples() {
            let labels = sample
                .get_labelset()
                .expect("labels")
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let (histogram, value) = match &sample.value {
                PrometheusValue::Histogram(h) => (true, h.count.unwrap_or(0) as f64),
                PrometheusValue::Counter(c) => (false, c.value.as_f64()),
                PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => (false, n.as_f64()),
                PrometheusValue::Summary(s) => (false, s.count.unwrap_or(0) as f64),
            };
            series.push(Series {
                family: name.clone(),
                labels,
                histogram,
                value,
            });
        }
    }
    series
}

/// The series of `family` whose labels include every pair of `labels`.
fn find<'a>(scrape: &'a [Series], family: &str, labels: &[(&str, &str)]) -> Vec<&'a Series> {
    scrape
        .iter()
        .filter(|s| s.family == family)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

/// The sum of the values of [`find`]'s series.
fn total(scrape: &[Series], family: &str, labels: &[(&str, &str)]) -> f64 {
    find(scrape, family, labels).iter().map(|s| s.value).sum()
}

/// Asserts a histogram series with `labels` that observed something.
fn assert_histogram(scrape: &[Series], family: &str, labels: &[(&str, &str)]) {
    let found = find(scrape, family, labels);
    assert!(
        found.iter().all(|s| s.histogram) && found.iter().any(|s| s.value > 0.0),
        "no observations of {family} with {labels:?}: {:?}",
        find(scrape, family, &[])
            .iter()
            .map(|s| &s.labels)
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn metrics_show_requests_queries_scans_loads_alerts_and_the_audit_queue() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;

    // An OK, a 404 and a 401, on routes with an id in their path.
    let id: String = common::column(
        &app.db.graph,
        neo4rs::query("MATCH (a:Alert) RETURN a.id AS id ORDER BY a.id LIMIT 1"),
        "id",
    )
    .await
    .into_iter()
    .next()
    .expect("the scan opened alerts");
    assert_eq!(app.get(&app.viewer, "/api/alerts").await.status(), 200);
    let one = format!("/api/alerts/{id}");
    assert_eq!(app.get(&app.investigator, &one).await.status(), 200);
    let missing = "/api/alerts/no-such-alert-4711";
    assert_eq!(app.get(&app.investigator, missing).await.status(), 404);
    assert_eq!(app.get("gx_wrong", "/api/alerts").await.status(), 401);
    // An ingest: a row loaded, a row rejected, and the focused scan that follows.
    let ingest = app
        .post(
            &app.admin,
            "/api/ingest/people",
            serde_json::json!([
                {"id": "p-metrics-1", "name": "钱度量", "birth_date": "1980-01-02"},
                {"id": "p-metrics-2", "name": "孙度量", "birth_date": "not a date"},
            ]),
        )
        .await;
    assert_eq!(ingest.status(), 200);
    let ingest: serde_json::Value = ingest.json().await.unwrap();
    assert_eq!(ingest["loaded"], 1, "{ingest}");

    // Anyone may scrape, as before (the route sits outside /api's authentication).
    let response = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let scrape = parse(&text);

    // Requests: by method, route template and status; never by raw path.
    let duration = guanxi::metrics::HTTP_REQUEST_DURATION;
    let alert = [("method", "GET"), ("route", "/api/alerts/{id}")];
    assert_histogram(&scrape, duration, &[alert[0], alert[1], ("status", "200")]);
    assert_histogram(&scrape, duration, &[alert[0], alert[1], ("status", "404")]);
    assert_histogram(
        &scrape,
        duration,
        &[("route", "/api/alerts"), ("status", "401")],
    );
    let counted = total(
        &scrape,
        guanxi::metrics::HTTP_REQUESTS_TOTAL,
        &[("route", "/api/alerts/{id}"), ("status", "404")],
    );
    assert_eq!(counted, 1.0);
    assert!(
        !text.contains(&id) && !text.contains("no-such-alert-4711"),
        "an id became a label"
    );

    // Neo4j statements by their file: a read of a request, a pattern, a load's upsert.
    let query = guanxi::metrics::NEO4J_QUERY_DURATION;
    for file in [
        guanxi::cypher::ALERT_GET.path,
        "cypher/patterns/kin-supplier.cypher",
        "cypher/load/people.cypher",
    ] {
        assert_histogram(&scrape, query, &[("query", file)]);
    }
    let labels: BTreeSet<&str> = find(&scrape, query, &[])
        .iter()
        .filter_map(|s| s.labels.get("query").map(String::as_str))
        .collect();
    let registered: BTreeSet<&str> = guanxi::cypher::all_files()
        .iter()
        .map(|f| f.path)
        .chain(["other"])
        .collect();
    assert!(labels.is_subset(&registered), "{labels:?}");

    // The scan and each of its patterns.
    assert_histogram(
        &scrape,
        guanxi::metrics::SCAN_DURATION,
        &[("kind", "whole")],
    );
    assert_histogram(
        &scrape,
        guanxi::metrics::SCAN_DURATION,
        &[("kind", "focused")],
    );
    assert_histogram(
        &scrape,
        duration,
        &[
            ("method", "POST"),
            ("route", "/api/ingest/{table}"),
            ("status", "200"),
        ],
    );
    for pattern in PatternId::ALL {
        assert_histogram(
            &scrape,
            guanxi::metrics::PATTERN_DURATION,
            &[("pattern", pattern.as_str())],
        );
    }

    // Rows of the load by table, alerts by status, the audit queue.
    let people = total(
        &scrape,
        guanxi::metrics::LOAD_ROWS_TOTAL,
        &[("table", "people"), ("outcome", "loaded")],
    );
    assert!(people > 0.0, "{text}");
    let rejected = total(
        &scrape,
        guanxi::metrics::LOAD_ROWS_TOTAL,
        &[("table", "people"), ("outcome", "rejected")],
    );
    assert_eq!(rejected, 1.0, "{text}");
    let new = total(&scrape, guanxi::metrics::ALERTS, &[("status", "new")]);
    assert!(new > 0.0, "alerts by status: {text}");
    assert!(
        !find(&scrape, guanxi::metrics::AUDIT_QUEUE_DEPTH, &[]).is_empty(),
        "{text}"
    );

    // Every guanxi metric the service shows is one the metrics module lists (what the
    // dashboard may use).
    for series in &scrape {
        assert!(
            guanxi::metrics::EXPORTED.contains(&series.family.as_str()),
            "{} is exported but not listed in guanxi::metrics::EXPORTED",
            series.family
        );
    }
}

/// The metric family of a series name: a histogram's `_bucket`, `_sum` and `_count` series
/// belong to it.
fn family(series: &str) -> &str {
    ["_bucket", "_sum", "_count"]
        .iter()
        .find_map(|suffix| {
            series
                .strip_suffix(suffix)
                .filter(|base| guanxi::metrics::EXPORTED.contains(base))
        })
        .unwrap_or(series)
}

/// Every `expr` in a Grafana dashboard (panels, rows' panels).
fn exprs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("expr", serde_json::Value::String(expr)) => out.push(expr.clone()),
                    _ => exprs(inner, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| exprs(i, out)),
        _ => {}
    }
}

#[test]
fn the_grafana_dashboard_uses_only_exported_metrics_and_shows_each_of_them() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/grafana/guanxi-dashboard.json"
    );
    let text = std::fs::read_to_string(path).expect("the dashboard");
    let dashboard: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        dashboard["__inputs"][0]["name"], "DS_PROMETHEUS",
        "the datasource is a variable to pick at import"
    );
    let mut found = Vec::new();
    exprs(&dashboard, &mut found);
    assert!(found.len() >= 8, "{found:?}");
    let mut used = BTreeSet::new();
    for expr in &found {
        let mut rest = expr.as_str();
        while let Some(at) = rest.find("guanxi_") {
            let name: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[at + name.len()..];
            let metric = family(&name).to_string();
            assert!(
                guanxi::metrics::EXPORTED.contains(&metric.as_str()),
                "the dashboard asks for {name}, which the service does not export: {expr}"
            );
            used.insert(metric);
        }
    }
    for needed in [
        guanxi::metrics::HTTP_REQUEST_DURATION,
        guanxi::metrics::HTTP_REQUESTS_TOTAL,
        guanxi::metrics::NEO4J_QUERY_DURATION,
        guanxi::metrics::SCAN_DURATION,
        guanxi::metrics::PATTERN_DURATION,
        guanxi::metrics::LOAD_ROWS_TOTAL,
        guanxi::metrics::ALERTS,
        guanxi::metrics::NOTIFY_FAILURES_TOTAL,
        guanxi::metrics::AUDIT_QUEUE_DEPTH,
    ] {
        assert!(used.contains(needed), "no panel shows {needed}");
    }
    for quantile in ["0.50", "0.95", "0.99"] {
        assert!(
            found
                .iter()
                .any(|e| e.contains(&format!("histogram_quantile({quantile}"))
                    && e.contains("guanxi_http_request_duration_seconds_bucket")),
            "request p{quantile}"
        );
    }
    assert!(
        !text.contains("\"uid\": \"prometheus\""),
        "panels use ${{DS_PROMETHEUS}}"
    );
}
