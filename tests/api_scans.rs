//! The scan and ingest routes (`POST /api/scans`, `GET /api/scans/{id}`,
//! `POST /api/ingest/{table}`), against the real Neo4j. The scan lock and the schedule
//! themselves are tested in `tests/runs.rs`.

mod common;

use std::time::{Duration, Instant};

use common::{load_and_scan_examples, spawn_app, TestApp};
use guanxi::scan::runs;
use serde_json::{json, Value};

async fn wait_until_finished(app: &TestApp, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let response = app.get(&app.admin, &format!("/api/scans/{id}")).await;
        assert_eq!(response.status(), 200);
        let run: Value = response.json().await.unwrap();
        if run["status"] != "running" {
            return run;
        }
        assert!(Instant::now() < deadline, "scan {id} still running: {run}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_admin_starts_a_scan_and_follows_it_to_the_end() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let body = json!({"as_of": "2026-11-26"});

    let refused = app
        .post(&app.investigator, "/api/scans", body.clone())
        .await;
    assert_eq!(refused.status(), 403);

    let bad = app
        .post(
            &app.admin,
            "/api/scans",
            json!({"patterns": ["no-such-pattern"]}),
        )
        .await;
    assert_eq!(bad.status(), 400);

    let started = app.post(&app.admin, "/api/scans", body.clone()).await;
    assert_eq!(started.status(), 202);
    let started: Value = started.json().await.unwrap();
    assert_eq!(started["status"], "running");
    let id = started["id"].as_str().unwrap().to_string();

    let run = wait_until_finished(&app, &id).await;
    assert_eq!(run["status"], "done", "{run}");
    assert_eq!(run["trigger"], "api");
    assert_eq!(run["requested_by"], "test-admin");
    assert_eq!(run["as_of"], "2026-11-26");
    assert!(
        run["started_at"].is_string() && run["finished_at"].is_string(),
        "{run}"
    );
    assert_eq!(run["progress"]["phase"], "done");
    // Every pattern of the one list runs.
    let patterns = guanxi::domain::PatternId::ALL.len();
    assert_eq!(run["progress"]["patterns_done"], patterns);
    assert_eq!(run["progress"]["patterns_total"], patterns);
    assert!(run["counts"]["alerts"].as_i64().unwrap() >= 10, "{run}");
    assert!(run["counts"]["kin"].as_i64().unwrap() > 0, "{run}");
    assert!(run["error"].is_null());

    // Admins read every run, investigators the runs they started (issue 13): the admin's
    // run is absent for the investigator and the viewer; an unknown one is 404.
    for token in [&app.viewer, &app.investigator] {
        assert_eq!(
            app.get(token, &format!("/api/scans/{id}")).await.status(),
            404
        );
    }
    assert_eq!(
        app.get(&app.admin, "/api/scans/api-nope").await.status(),
        404
    );

    // The lock released, so an empty body starts another (all patterns as of today).
    let again = app
        .client
        .post(format!("{}/api/scans", app.base))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 202);
    let again: Value = again.json().await.unwrap();
    let run = wait_until_finished(&app, again["id"].as_str().unwrap()).await;
    assert_eq!(run["status"], "done", "{run}");
}

#[tokio::test]
async fn a_second_scan_while_one_runs_is_a_conflict() {
    let app = spawn_app().await;
    // Another replica holds the lock (an owner this process never started).
    let other = runs::try_lock(&app.db.graph, "api-other-replica", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(other.acquired);
    let refused = app.post(&app.admin, "/api/scans", json!({})).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = refused.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("api-other-replica"),
        "{problem}"
    );
    assert!(runs::release_lock(&app.db.graph, "api-other-replica")
        .await
        .unwrap());

    // Two POSTs at once: at most one starts (the other is 409 unless the first is done).
    let (a, b) = tokio::join!(
        app.post(&app.admin, "/api/scans", json!({})),
        app.post(&app.admin, "/api/scans", json!({}))
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&202), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 202 || *s == 409),
        "{statuses:?}"
    );
    for response in [a, b] {
        if response.status() == 202 {
            let started: Value = response.json().await.unwrap();
            wait_until_finished(&app, started["id"].as_str().unwrap()).await;
        }
    }
}

fn late_payment(id: &str) -> Value {
    json!({
        "id": id,
        "payer_id": "c-dongshan-hw",
        "payee_id": "o-dongshan",
        "amount": 18000,
        "purpose": "保洁费",
        "paid_on": "2018-03-09",
        "recorded_on": "2018-05-20",
        "handler_id": "p-li-mingde"
    })
}

#[tokio::test]
async fn an_ingested_late_payment_comes_back_with_its_alert() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let before = alert_scans(&app).await;
    let started = Instant::now();
    let response = app
        .post(
            &app.admin,
            "/api/ingest/payments?as_of=2026-11-26",
            json!([late_payment("pay-ds-clean-2018")]),
        )
        .await;
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    eprintln!(
        "ingest → late-deposit alert: {:.0} ms over HTTP (server: {:.0} ms, of which scan {:.0} ms)",
        elapsed.as_secs_f64() * 1000.0,
        body["seconds"].as_f64().unwrap() * 1000.0,
        body["scan"]["seconds"].as_f64().unwrap() * 1000.0
    );
    assert_eq!(body["loaded"], 1, "{body}");
    assert_eq!(body["rejected"], json!([]));
    assert_eq!(body["scan"]["status"], "done", "{body}");
    let alerts = body["alerts"].as_array().unwrap();
    let late = alerts
        .iter()
        .find(|a| a["pattern"] == "late-deposit")
        .unwrap_or_else(|| panic!("no late-deposit alert in {body}"));
    let subjects: Vec<&str> = late["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(subjects.contains(&"pay-ds-clean-2018"), "{late}");
    assert!(subjects.contains(&"p-li-mingde"), "{late}");
    assert_eq!(late["facts"]["days"], 72, "{late}");
    // Only alerts about the new row: not the 2017 late payment of the same handler.
    assert!(alerts.iter().all(|a| a["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            a["evidence"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| &n["id"])
        )
        .any(|s| s == "pay-ds-clean-2018")));
    // Stored like any alert, and the follow-up scan is a run like any other.
    let id = late["id"].as_str().unwrap();
    assert_eq!(
        app.get(&app.investigator, &format!("/api/alerts/{id}"))
            .await
            .status(),
        200
    );
    let run_id = body["scan"]["id"].as_str().unwrap();
    let run: Value = app
        .get(&app.admin, &format!("/api/scans/{run_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["trigger"], "ingest");
    assert_eq!(run["status"], "done");
    // A focused scan: a payment cannot change kinship, so none is derived.
    assert_eq!(run["counts"]["kin"], 0, "{run}");

    // Alerts about anything else are left alone: every alert the response does not name
    // keeps the scan that last raised it (the scan ran no pattern over the whole graph).
    let returned: std::collections::BTreeSet<&str> =
        alerts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    let after = alert_scans(&app).await;
    let untouched: Vec<_> = after
        .iter()
        .filter(|(id, _)| !returned.contains(id.as_str()))
        .collect();
    assert_eq!(
        untouched.len(),
        before.len(),
        "one new alert, the others kept"
    );
    for (id, scan) in untouched {
        assert_eq!(before.get(id), Some(scan), "alert {id} was touched");
    }
    assert!(before.values().all(|scan| scan != run_id));
}

/// Every stored alert's id and the scan that last raised it.
async fn alert_scans(app: &TestApp) -> std::collections::BTreeMap<String, String> {
    common::alerts_by_id(&app.db.graph, "last_scan").await
}

#[tokio::test]
async fn ingest_rejects_bad_rows_like_the_loader_and_loads_the_rest() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let mut bad_date = late_payment("pay-bad-date");
    bad_date["paid_on"] = json!("2018-13-45");
    let mut unknown = late_payment("pay-unknown-payer");
    unknown["payer_id"] = json!("c-nobody");
    let response = app
        .post(
            &app.admin,
            "/api/ingest/payments?as_of=2026-11-26",
            json!([late_payment("pay-good"), bad_date, unknown]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["read"], 3, "{body}");
    assert_eq!(body["loaded"], 1, "{body}");
    let rejected = body["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{body}");
    assert!(rejected.iter().all(|r| r["file"] == "ingest:payments"));
    let date = rejected.iter().find(|r| r["line"] == 2).expect("row 2");
    assert_eq!(date["column"], "paid_on");
    assert!(!date["reason"].as_str().unwrap().is_empty());
    let reference = rejected.iter().find(|r| r["line"] == 3).expect("row 3");
    assert_eq!(reference["column"], "payer_id");
    assert!(
        reference["reason"].as_str().unwrap().contains("c-nobody"),
        "{reference}"
    );
    let stored: Vec<String> = common::column(
        &app.db.graph,
        neo4rs::query(
            "MATCH (p:Payment) WHERE p.id IN ['pay-good', 'pay-bad-date', 'pay-unknown-payer'] RETURN p.id AS id",
        ),
        "id",
    )
    .await;
    assert_eq!(stored, vec!["pay-good".to_string()]);
    let alerts = body["alerts"].as_array().unwrap();
    assert!(
        alerts.iter().any(|a| a["pattern"] == "late-deposit"),
        "{body}"
    );

    // A body that is not an array of objects is refused outright.
    let refused = app
        .post(&app.admin, "/api/ingest/payments", json!({"id": "x"}))
        .await;
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn ingest_takes_csv_and_refuses_unknown_tables_and_other_roles() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let csv = "id,payer_id,payee_id,amount,purpose,paid_on,recorded_on,handler_id,contract_id\n\
               pay-csv-1,c-dongshan-hw,o-dongshan,\"20,000.00\",保洁费,2018年3月9日,2018-05-20,p-li-mingde,\n\
               pay-csv-2,c-dongshan-hw,o-dongshan,2万,保洁费,not a date,,p-li-mingde,\n";
    let post_csv = |token: String, table: &str| {
        app.client
            .post(format!("{}/api/ingest/{table}?as_of=2026-11-26", app.base))
            .bearer_auth(token)
            .header("content-type", "text/csv; charset=utf-8")
            .body(csv)
            .send()
    };
    let response = post_csv(app.admin.clone(), "payments").await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["loaded"], 1, "{body}");
    // CSV lines count as in a file: the header is line 1.
    assert_eq!(body["rejected"][0]["line"], 3, "{body}");
    assert_eq!(body["rejected"][0]["column"], "paid_on", "{body}");
    assert!(body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["pattern"] == "late-deposit"
            && a["subjects"]
                .as_array()
                .unwrap()
                .contains(&json!("pay-csv-1"))));

    let unknown = post_csv(app.admin.clone(), "salaries").await.unwrap();
    assert_eq!(unknown.status(), 400);
    let problem: Value = unknown.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("payments"),
        "{problem}"
    );

    assert_eq!(
        post_csv(app.viewer.clone(), "payments")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        post_csv(app.investigator.clone(), "payments")
            .await
            .unwrap()
            .status(),
        403
    );

    // Missing required columns: nothing loads, the problem says which.
    let missing = app
        .client
        .post(format!("{}/api/ingest/payments", app.base))
        .bearer_auth(&app.admin)
        .header("content-type", "text/csv")
        .body("id,payer_id\npay-x,c-dongshan-hw\n")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let problem: Value = missing.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("paid_on"),
        "{problem}"
    );
}

#[tokio::test]
async fn an_ingested_role_runs_its_patterns_whole_and_keeps_only_the_findings_about_it() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let before = alert_scans(&app).await;
    // 赵丽 (the village secretary 王建国's niece) becomes legal representative of 王氏,
    // which won 东山村's 文化长廊喷绘 (k-ds-ad-3), approved by 王建国.
    let response = app
        .post(
            &app.admin,
            "/api/ingest/company_roles?as_of=2026-11-26",
            json!([{"company_id": "c-wangshi", "person_id": "p-zhao-li-reg", "role": "法定代表人"}]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["loaded"], 1, "{body}");
    assert_eq!(body["scan"]["status"], "done", "{body}");
    let alerts = body["alerts"].as_array().unwrap();
    let kin = alerts
        .iter()
        .find(|a| {
            a["pattern"] == "kin-supplier"
                && a["subjects"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("k-ds-ad-3"))
        })
        .unwrap_or_else(|| panic!("no kin-supplier alert about k-ds-ad-3 in {body}"));
    assert!(
        kin["subjects"]
            .as_array()
            .unwrap()
            .contains(&json!("c-wangshi")),
        "{kin}"
    );
    // Alerts that do not name the ingested ids were not stored again.
    let returned: std::collections::BTreeSet<&str> =
        alerts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    let after = alert_scans(&app).await;
    for (id, scan) in &after {
        if !returned.contains(id.as_str()) {
            assert_eq!(before.get(id), Some(scan), "alert {id} was touched");
        }
    }
}
