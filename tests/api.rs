//! The HTTP service against the real Neo4j, through `spawn_app()` on port 0.

mod common;

use common::{load_and_scan_examples, spawn_app, spawn_app_with, TestApp};
use neo4rs::query;
use serde_json::{json, Value};

#[tokio::test]
async fn every_api_call_needs_a_valid_token_and_the_right_role() {
    let app = spawn_app().await;
    let anonymous = app
        .client
        .get(format!("{}/api/alerts", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        anonymous.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = anonymous.json().await.unwrap();
    assert_eq!(problem["status"], 401);
    assert_eq!(app.get("gx_wrong", "/api/alerts").await.status(), 401);
    assert_eq!(app.get(&app.viewer, "/api/alerts").await.status(), 200);
    // Viewers read; they do not triage, read the audit log or create tokens.
    let triage = app
        .post(
            &app.viewer,
            "/api/alerts/al-x/triage",
            json!({"status": "in_review"}),
        )
        .await;
    assert_eq!(triage.status(), 403);
    assert_eq!(app.get(&app.investigator, "/api/audit").await.status(), 403);
    let token = app
        .post(
            &app.investigator,
            "/api/tokens",
            json!({"name": "x", "role": "admin"}),
        )
        .await;
    assert_eq!(token.status(), 403);
    let created = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "new-viewer", "role": "viewer"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let new_token = created["token"].as_str().unwrap().to_string();
    assert_eq!(app.get(&new_token, "/api/patterns").await.status(), 200);
    // Health needs no token.
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = app
        .client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("guanxi_http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("guanxi_alert_page_cache_hits_total"),
        "{metrics}"
    );
}

#[tokio::test]
async fn alerts_are_listed_filtered_paginated_and_triaged_with_an_audit_trail() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let all: Value = app
        .get(&app.viewer, "/api/alerts?per_page=5")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 16);
    assert_eq!(all["alerts"].as_array().unwrap().len(), 5);
    assert_eq!(all["alerts"][0]["severity"], "high", "most severe first");
    // A list row is a summary: what the inbox shows, not the evidence (GET /api/alerts/{id}).
    let row = all["alerts"][0].as_object().unwrap();
    let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "first_seen",
            "id",
            "last_seen",
            "pattern",
            "severity",
            "status",
            "subjects",
            "summary"
        ]
    );
    assert!(!row["summary"]["zh"].as_str().unwrap().is_empty());
    assert!(!row["summary"]["en"].as_str().unwrap().is_empty());
    let page4: Value = app
        .get(&app.viewer, "/api/alerts?per_page=5&page=4")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page4["alerts"].as_array().unwrap().len(), 1);
    let kin: Value = app
        .get(&app.viewer, "/api/alerts?pattern=kin-supplier")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kin["total"], 4);
    let dongshan: Value = app
        .get(&app.viewer, "/api/alerts?org=o-dongshan")
        .await
        .json()
        .await
        .unwrap();
    assert!(dongshan["total"].as_i64().unwrap() >= 6, "{dongshan}");
    let bad = app.get(&app.viewer, "/api/alerts?sort=drop").await;
    assert_eq!(bad.status(), 400);

    let id = kin["alerts"][0]["id"].as_str().unwrap().to_string();
    let one: Value = app
        .get(&app.viewer, &format!("/api/alerts/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(one["evidence"]["relationships"].as_array().unwrap().len() >= 3);
    assert_eq!(
        app.get(&app.viewer, "/api/alerts/al-none").await.status(),
        404
    );

    let triaged = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{id}/triage"),
            json!({"status": "in_review", "note": "核实中"}),
        )
        .await;
    assert_eq!(triaged.status(), 200);
    let triaged: Value = triaged.json().await.unwrap();
    assert_eq!(triaged["status"], "in_review");
    assert_eq!(triaged["history"][0]["by"], "test-investigator");
    assert_eq!(triaged["history"][0]["note"], "核实中");
    let again = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{id}/triage"),
            json!({"status": "new"}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let in_review: Value = app
        .get(&app.viewer, "/api/alerts?status=in_review")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(in_review["total"], 1);

    // The audit log shows who read and changed what (written in the background).
    let mut found = false;
    for _ in 0..20 {
        let audit: Value = app
            .get(&app.admin, "/api/audit?token=test-investigator")
            .await
            .json()
            .await
            .unwrap();
        found = audit.as_array().unwrap().iter().any(|e| {
            e["route"] == "/api/alerts/{id}/triage"
                && e["entity_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x == &json!(id))
        });
        if found {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found, "the triage is in the audit log");
}

/// Alert id -> status, as the first page of `GET /api/alerts` (all of them) shows.
async fn statuses(app: &TestApp) -> std::collections::BTreeMap<String, String> {
    let page: Value = app
        .get(&app.viewer, "/api/alerts?per_page=500")
        .await
        .json()
        .await
        .unwrap();
    page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn alert_pages_are_kept_until_this_service_changes_alerts_or_their_time_to_live_ends() {
    // A long time to live: a write made around this service (another replica, simulated by
    // writing to Neo4j directly) is not seen until this service changes alerts itself.
    let app = spawn_app_with(|s| s.api.alerts_cache_ms = 60_000).await;
    load_and_scan_examples(&app.db.graph).await;
    let before = statuses(&app).await;
    assert_eq!(before.len(), 16);
    let mut ids = before.keys();
    let (elsewhere, here) = (ids.next().unwrap().clone(), ids.next().unwrap().clone());
    app.db
        .graph
        .run(
            query("MATCH (a:Alert {id: $id}) SET a.status = 'confirmed'")
                .param("id", elsewhere.as_str()),
        )
        .await
        .unwrap();
    assert_eq!(
        statuses(&app).await[&elsewhere],
        "new",
        "served from memory"
    );
    let triaged = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{here}/triage"),
            json!({"status": "in_review"}),
        )
        .await;
    assert_eq!(triaged.status(), 200);
    let after = statuses(&app).await;
    assert_eq!(after[&here], "in_review", "a triage here shows at once");
    assert_eq!(
        after[&elsewhere], "confirmed",
        "and every kept page was dropped"
    );

    // A short time to live: the write made elsewhere shows once it has passed.
    drop(app); // releases the test database
    let app = spawn_app_with(|s| s.api.alerts_cache_ms = 200).await;
    load_and_scan_examples(&app.db.graph).await;
    let first = statuses(&app).await;
    let id = first.keys().next().unwrap().clone();
    app.db
        .graph
        .run(query("MATCH (a:Alert {id: $id}) SET a.status = 'dismissed'").param("id", id.as_str()))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(statuses(&app).await[&id], "dismissed");
}

/// The paths of one page (3 entries) of the test viewer's audit entries.
async fn audit_paths(app: &TestApp, page: u32) -> Vec<String> {
    let entries: Value = app
        .get(
            &app.admin,
            &format!("/api/audit?per_page=3&page={page}&token=test-viewer"),
        )
        .await
        .json()
        .await
        .unwrap();
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_across_batches_and_older_single_entries() {
    let app = spawn_app().await;
    // Two entries as builds before audit batches stored them (one node each).
    app.db
        .graph
        .run(query(
            "UNWIND [1, 2] AS i
             CREATE (:AuditEntry {at: datetime('2026-01-01T00:00:00Z') + duration({minutes: i}),
                                  token: 'old-admin', role: 'admin', method: 'GET',
                                  route: '/api/alerts', path: '/api/alerts?old=' + i,
                                  entity_ids: [], status: 200})",
        ))
        .await
        .unwrap();
    for i in 0..5 {
        let path = format!("/api/entities/e-{i}");
        assert_eq!(app.get(&app.viewer, &path).await.status(), 404);
        // Let each request land in its own batch now and then.
        if i % 2 == 0 {
            tokio::time::sleep(guanxi::audit::AUDIT_WINDOW * 2).await;
        }
    }
    tokio::time::sleep(guanxi::audit::AUDIT_WINDOW * 3).await;
    let mut viewer = audit_paths(&app, 1).await;
    viewer.extend(audit_paths(&app, 2).await);
    assert_eq!(
        viewer,
        [
            "/api/entities/e-4",
            "/api/entities/e-3",
            "/api/entities/e-2",
            "/api/entities/e-1",
            "/api/entities/e-0"
        ],
        "newest first, each once"
    );
    // Without a filter, the older single entries come after every batch.
    let all: Value = app
        .get(&app.admin, "/api/audit?per_page=1000")
        .await
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths[paths.len() - 2..],
        ["/api/alerts?old=2", "/api/alerts?old=1"],
        "{paths:?}"
    );
}

#[tokio::test]
async fn portraits_and_patterns_are_served() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let patterns: Value = app
        .get(&app.viewer, "/api/patterns")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        patterns.as_array().unwrap().len(),
        guanxi::domain::PatternId::ALL.len()
    );
    let portrait: Value = app
        .get(&app.viewer, "/api/orgs/o-dongshan/portrait")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(portrait["dimensions"].as_array().unwrap().len(), 7);
    assert_eq!(
        app.get(&app.viewer, "/api/orgs/o-none/portrait")
            .await
            .status(),
        404
    );
    let region: Value = app
        .get(
            &app.viewer,
            &format!("/api/regions/{}/portraits", "%E9%9D%92%E6%BA%AA%E5%8E%BF"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(region.as_array().unwrap().len() >= 5, "{region}");
}

#[tokio::test]
async fn an_unreachable_neo4j_is_a_503_not_a_500() {
    let app = spawn_app().await;
    let mut settings = app.db.settings.clone();
    settings.neo4j.uri = "bolt://127.0.0.1:1".into();
    settings.neo4j.connection_timeout_secs = 2;
    let graph = guanxi::db::connect(&settings.neo4j).unwrap();
    let state = guanxi::api::state(graph, settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(guanxi::api::serve(listener, state));
    let response = app
        .client
        .get(format!("{base}/api/alerts"))
        .bearer_auth(&app.viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let problem: Value = response.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("unavailable"),
        "{problem}"
    );
    let ready = app
        .client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_every_listed_route_answers() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let doc: Value = app
        .get(&app.viewer, "/api/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().expect("paths");
    let routes = [
        ("get", "/healthz"),
        ("get", "/readyz"),
        ("get", "/metrics"),
        ("get", "/api/openapi.json"),
        ("get", "/api/patterns"),
        ("get", "/api/alerts"),
        ("get", "/api/alerts/{id}"),
        ("post", "/api/alerts/{id}/triage"),
        ("get", "/api/orgs/{id}/portrait"),
        ("get", "/api/regions/{region}/portraits"),
        ("get", "/api/audit"),
        ("post", "/api/tokens"),
        ("get", "/api/tokens"),
        ("post", "/api/tokens/{name_or_id}/revoke"),
        ("post", "/api/tokens/{name_or_id}/rotate"),
        ("post", "/api/scans"),
        ("get", "/api/scans/{id}"),
        ("post", "/api/ingest/{table}"),
        ("get", "/api/search"),
        ("get", "/api/entities/{id}"),
        ("get", "/api/entities/{id}/neighborhood"),
        ("get", "/api/entities/{id}/history"),
        ("get", "/api/paths"),
        ("get", "/api/identity/candidates"),
        ("post", "/api/identity/decisions"),
        ("get", "/api/loads"),
        ("delete", "/api/kinship/{a}/{b}"),
        ("delete", "/api/companies/{company}/roles/{person}/{role}"),
        ("delete", "/api/people/{person}/posts/{org}/{title}"),
        ("delete", "/api/entities/{id}"),
        ("post", "/api/loads/{id}/undo"),
        ("get", "/api/tips"),
        ("get", "/api/tips/{id}"),
        ("post", "/api/cases"),
        ("get", "/api/cases"),
        ("get", "/api/cases/{id}"),
        ("post", "/api/cases/{id}/items"),
        ("delete", "/api/cases/{id}/items/{item}"),
        ("post", "/api/cases/{id}/notes"),
        ("post", "/api/cases/{id}/status"),
        ("get", "/api/cases/{id}/graph"),
        ("get", "/api/cases/dispositions"),
        ("post", "/api/alerts/triage"),
        ("get", "/api/overview"),
        ("get", "/api/regions"),
        ("get", "/api/filters"),
        ("post", "/api/filters"),
        ("delete", "/api/filters/{id}"),
        ("get", "/api/watchlist"),
        ("post", "/api/watchlist"),
        ("delete", "/api/watchlist/{id}"),
        ("get", "/api/watchlist/news"),
        ("post", "/api/watchlist/seen"),
        ("get", "/api/cases/{id}/report.docx"),
        ("get", "/api/timeline/{id}"),
        ("get", "/api/export.ftm"),
    ];
    for (method, path) in routes {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not documented"
        );
    }
    assert_eq!(
        paths
            .values()
            .map(|p| p.as_object().unwrap().len())
            .sum::<usize>(),
        routes.len(),
        "documented routes: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // Every documented GET answers (a 404 for a made-up id is a problem document, never the router's empty 404).
    for (method, path) in routes.iter().filter(|(m, _)| *m == "get") {
        let concrete = path
            .replace("{id}", "o-dongshan")
            .replace("{region}", "青溪县");
        let concrete = if concrete == "/api/search" {
            "/api/search?q=王建国".to_string()
        } else if concrete == "/api/paths" {
            "/api/paths?from=p-wang-jianguo&to=c-hongtu".to_string()
        } else {
            concrete
        };
        let response = app.get(&app.admin, &concrete).await;
        let status = response.status().as_u16();
        let problem = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v == "application/problem+json");
        assert!(status != 404 || problem, "{method} {concrete}: router 404");
        assert!(status < 500, "{method} {concrete}: {status}");
    }
}
