//! Scans as jobs (`POST /api/scans`, `GET /api/scans/{id}`, the scan lock, the schedule) and
//! `POST /api/ingest/{table}`, against the real Neo4j.

mod common;

use std::time::{Duration, Instant};

use common::{clean_graph, load_and_scan_examples, spawn_app, TestApp};
use guanxi::api::{self, jobs};
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
    assert_eq!(run["progress"]["patterns_done"], 10);
    assert_eq!(run["progress"]["patterns_total"], 10);
    assert!(run["counts"]["alerts"].as_i64().unwrap() >= 10, "{run}");
    assert!(run["counts"]["kin"].as_i64().unwrap() > 0, "{run}");
    assert!(run["error"].is_null());

    // Any role may read a run; an unknown one is 404.
    assert_eq!(
        app.get(&app.viewer, &format!("/api/scans/{id}"))
            .await
            .status(),
        200
    );
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
    let other = jobs::try_lock(&app.db.graph, "api-other-replica", Duration::from_secs(60))
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
    assert!(jobs::release_lock(&app.db.graph, "api-other-replica")
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

#[tokio::test]
async fn a_command_line_scan_takes_the_same_lock_and_is_recorded() {
    let db = clean_graph().await;
    let scan = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
            .args(["scan", "--format", "json", "--as-of", "2026-11-26"])
            .output()
            .expect("guanxi scan runs")
    };
    // A service replica is scanning: the command line refuses, naming it.
    let other = jobs::try_lock(&db.graph, "api-other-replica", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(other.acquired);
    let refused = scan();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("api-other-replica"), "{stderr}");
    assert!(jobs::release_lock(&db.graph, "api-other-replica")
        .await
        .unwrap());

    let done = scan();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let runs: Vec<String> = common::column(
        &db.graph,
        neo4rs::query("MATCH (r:ScanRun) RETURN r.trigger + ' ' + r.status AS run"),
        "run",
    )
    .await;
    assert_eq!(runs, ["cli done"]);
    // ...and it gave the lock back.
    let after = jobs::try_lock(&db.graph, "api-after-cli", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(after.acquired);
    jobs::release_lock(&db.graph, "api-after-cli")
        .await
        .unwrap();
}

#[tokio::test]
async fn two_replicas_never_both_hold_the_scan_lock() {
    let db = clean_graph().await;
    // Two service states with their own connection pools, as two replicas would have.
    let other_graph = guanxi::db::connect(&db.settings.neo4j).unwrap();
    let one = api::state(db.graph.clone(), db.settings.clone());
    let two = api::state(other_graph, db.settings.clone());
    let ttl = Duration::from_secs(30);
    for round in 0..25 {
        let (owner_one, owner_two) = (format!("one-{round}"), format!("two-{round}"));
        let (a, b) = tokio::join!(
            jobs::try_lock(&one.graph, &owner_one, ttl),
            jobs::try_lock(&two.graph, &owner_two, ttl)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.acquired != b.acquired, "round {round}: {a:?} {b:?}");
        let (winner, loser) = if a.acquired {
            (owner_one, b)
        } else {
            (owner_two, a)
        };
        assert_eq!(loser.holder.as_deref(), Some(winner.as_str()));
        assert!(jobs::release_lock(&one.graph, &winner).await.unwrap());
    }
    let lock_nodes: Vec<i64> = common::column(
        &db.graph,
        neo4rs::query("MATCH (l:ScanLock) RETURN count(l) AS n"),
        "n",
    )
    .await;
    assert_eq!(lock_nodes, vec![1]);

    // The whole start path too: of two scans started at once, one runs.
    let request = |id: &str| jobs::ScanRequest {
        id: id.into(),
        trigger: jobs::Trigger::Api,
        requested_by: "test".into(),
        options: guanxi::scan::ScanOptions::default(),
    };
    let (a, b) = tokio::join!(
        jobs::start_scan(&one, request("api-one")),
        jobs::start_scan(&two, request("api-two"))
    );
    assert!(a.is_ok() != b.is_ok(), "{:?} {:?}", a.is_ok(), b.is_ok());
    let (started, refused) = match (a, b) {
        (Ok(s), Err(e)) | (Err(e), Ok(s)) => (s, e),
        _ => unreachable!(),
    };
    assert!(
        matches!(refused, jobs::StartError::Busy { .. }),
        "{refused}"
    );
    let outcome = started.handle.await.unwrap();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);

    // A holder that stops renewing loses the lock after its time to live; its run is failed.
    let dead = request("api-dead-replica");
    let short = Duration::from_secs(1);
    assert!(
        jobs::try_lock(&one.graph, &dead.id, short)
            .await
            .unwrap()
            .acquired
    );
    db.graph
        .run(neo4rs::query(
            "CREATE (:ScanRun {id: 'api-dead-replica', status: 'running'})",
        ))
        .await
        .unwrap();
    let early = jobs::try_lock(&two.graph, "api-survivor", ttl)
        .await
        .unwrap();
    assert!(!early.acquired);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let taken = jobs::try_lock(&two.graph, "api-survivor", ttl)
        .await
        .unwrap();
    assert!(taken.acquired, "{taken:?}");
    assert!(!jobs::renew_lock(&one.graph, &dead.id, ttl).await.unwrap());
    let dead_run = jobs::scan_run(&db.graph, "api-dead-replica")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dead_run.status, "failed");
    assert!(dead_run.error.unwrap().contains("abandoned"));
    assert!(jobs::release_lock(&two.graph, "api-survivor")
        .await
        .unwrap());
}

#[tokio::test]
async fn a_scheduled_pass_scans_once_per_occurrence() {
    let db = clean_graph().await;
    let state = api::state(db.graph.clone(), db.settings.clone());
    let occurrence = chrono::Utc::now();
    let id = jobs::scheduled_id(&occurrence);
    match jobs::scheduled_pass(&state, &occurrence).await.unwrap() {
        jobs::PassOutcome::Ran(outcome) => {
            assert_eq!(outcome.id, id);
            assert!(outcome.result.is_ok(), "{:?}", outcome.result);
        }
        other => panic!("expected a scan, got {other:?}"),
    }
    // Another replica waking for the same occurrence finds it done.
    match jobs::scheduled_pass(&state, &occurrence).await.unwrap() {
        jobs::PassOutcome::AlreadyRan(again) => assert_eq!(again, id),
        other => panic!("expected already ran, got {other:?}"),
    }
    let run = jobs::scan_run(&db.graph, &id).await.unwrap().unwrap();
    assert_eq!(run.status, "done");
    assert_eq!(run.trigger.as_deref(), Some("schedule"));
    // A pass while another scan holds the lock leaves the occurrence to it.
    assert!(
        jobs::try_lock(&db.graph, "api-long-scan", Duration::from_secs(60))
            .await
            .unwrap()
            .acquired
    );
    let later = occurrence + chrono::Duration::days(1);
    match jobs::scheduled_pass(&state, &later).await.unwrap() {
        jobs::PassOutcome::Busy { holder } => assert_eq!(holder.as_deref(), Some("api-long-scan")),
        other => panic!("expected busy, got {other:?}"),
    }
    jobs::release_lock(&db.graph, "api-long-scan")
        .await
        .unwrap();
}

#[test]
fn the_default_schedule_is_nightly_at_two_and_a_bad_one_is_a_clear_error() {
    use chrono::{TimeZone, Timelike};
    let settings = guanxi::settings::Settings::default();
    assert_eq!(settings.scan.schedule, "0 0 2 * * *");
    let cron = settings.scan.cron().unwrap().expect("a schedule");
    let from = chrono::Local
        .with_ymd_and_hms(2026, 3, 4, 13, 30, 0)
        .unwrap();
    let next = cron.find_next_occurrence(&from, false).unwrap();
    assert_eq!((next.hour(), next.minute(), next.second()), (2, 0, 0));
    assert_eq!(next.date_naive(), from.date_naive().succ_opt().unwrap());
    // Five fields work too.
    let mut five = settings.scan.clone();
    five.schedule = "30 3 * * 1".into();
    assert!(five.cron().unwrap().is_some());
    // Empty: no scheduled scans.
    five.schedule = String::new();
    assert!(five.cron().unwrap().is_none());

    let dir = std::env::temp_dir().join(format!("guanxi-schedule-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("guanxi.toml");
    std::fs::write(&file, "[scan]\nschedule = \"every night at two\"\n").unwrap();
    let error = guanxi::settings::Settings::load_with(Some(&file), |_| None).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("scan.schedule"), "{message}");
    assert!(message.contains("every night at two"), "{message}");
    let error = guanxi::settings::Settings::load_with(None, |name| {
        (name == "GUANXI_SCAN_SCHEDULE").then(|| "0 0 25 * * *".to_string())
    })
    .unwrap_err();
    assert!(error.to_string().contains("scan.schedule"), "{error}");
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
    let rows: Vec<Vec<String>> = common::column(
        &app.db.graph,
        neo4rs::query("MATCH (a:Alert) RETURN [a.id, a.last_scan] AS row"),
        "row",
    )
    .await;
    rows.into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
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
