//! Notifications against the real Neo4j and a local receiver (an axum server on
//! 127.0.0.1:0 inside the test): a scan of the examples sends each alert it opened once per
//! target (a second scan sends nothing), DingTalk messages are markdown with a valid
//! signature, filters keep other alerts out, and a receiver that is down or hangs neither
//! slows the scan nor goes unnoticed on `/metrics`.

mod common;
#[path = "common/receiver.rs"]
mod receiver;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use common::{clean_graph, column};
use guanxi::notify::Notifier;
use guanxi::scan::runs::{start_scan, ScanRequest, Scanner, Trigger};
use hmac::{Hmac, Mac};
use receiver::{receiver, targets, Received};
use serde_json::{json, Value};

const SECRET: &str = "SEC-test-secret";

async fn load_examples(graph: &neo4rs::Graph) {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"));
    let mut options = guanxi::load::LoadOptions::new(&dir);
    options.report_dir = std::env::temp_dir().join(format!("guanxi-notify-{}", std::process::id()));
    let summary = guanxi::load::load_dir(graph, &options)
        .await
        .expect("load examples");
    assert_eq!(summary.rejected(), 0);
}

/// Runs a whole scan as of 2026-11-26 through the scan lock; returns its wall time.
async fn scan(scanner: &Scanner) -> Duration {
    let started = Instant::now();
    let request = ScanRequest::new(
        &scanner.settings,
        Trigger::Cli,
        "test",
        Vec::new(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
    )
    .unwrap();
    let outcome = start_scan(scanner, request)
        .await
        .expect("scan starts")
        .handle
        .await
        .unwrap();
    outcome.result.expect("scan");
    started.elapsed()
}

/// Alert ids by severity and pattern, as stored.
async fn stored_alerts(graph: &neo4rs::Graph) -> Vec<(String, String, String)> {
    let rows: Vec<Vec<String>> = column(
        graph,
        neo4rs::query("MATCH (a:Alert) RETURN [a.id, a.severity, a.pattern] AS row ORDER BY a.id"),
        "row",
    )
    .await;
    rows.into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}

fn ids_of(received: &Received, path: &str) -> Vec<String> {
    let mut ids: Vec<String> = received
        .lock()
        .unwrap()
        .get(path)
        .map(|requests| {
            requests
                .iter()
                .filter_map(|(_, body)| body["alert"]["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

#[tokio::test]
async fn each_new_alert_reaches_each_target_once_signed_and_filtered() {
    let db = clean_graph().await;
    load_examples(&db.graph).await;
    let (base, received) = receiver().await;
    let targets = targets(&format!(
        "[[notify]]\nkind = \"webhook\"\nname = \"all\"\nurl = \"{base}/all\"\n\
         [[notify]]\nkind = \"dingtalk\"\nurl = \"{base}/ding?access_token=t\"\nsecret = \"{SECRET}\"\nmin_severity = \"high\"\n\
         [[notify]]\nkind = \"webhook\"\nurl = \"{base}/kin\"\npatterns = [\"kin-supplier\"]\n\
         [[notify]]\nkind = \"webhook\"\nurl = \"{base}/town\"\nscope = [\"o-dongshan\"]\n"
    ));
    let mut scanner = Scanner::new(db.graph.clone(), Arc::new(db.settings.clone()));
    scanner.notify = Notifier::start(db.graph.clone(), targets);
    scan(&scanner).await;
    assert!(scanner.notify.drain(Duration::from_secs(60)).await);

    let alerts = stored_alerts(&db.graph).await;
    assert!(!alerts.is_empty(), "the examples raise alerts");
    let all: Vec<String> = alerts.iter().map(|a| a.0.clone()).collect();
    assert_eq!(
        ids_of(&received, "all"),
        all,
        "each alert once to the JSON target"
    );
    let kin: Vec<String> = alerts
        .iter()
        .filter(|a| a.2 == "kin-supplier")
        .map(|a| a.0.clone())
        .collect();
    assert!(!kin.is_empty());
    assert_eq!(
        ids_of(&received, "kin"),
        kin,
        "the pattern filter keeps others out"
    );
    let mut town: Vec<String> = column(
        &db.graph,
        neo4rs::query("MATCH (a:Alert) WHERE 'o-dongshan' IN a.scope_orgs RETURN a.id AS id"),
        "id",
    )
    .await;
    town.sort();
    assert!(!town.is_empty() && town.len() < alerts.len());
    assert_eq!(
        ids_of(&received, "town"),
        town,
        "the scope filter keeps others out"
    );
    let body = received.lock().unwrap()["all"][0].1.clone();
    assert_eq!(body["event"], "alert.new");
    assert!(body["pattern"]["title_zh"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert!(body["alert"]["summary"]["zh"].as_str().is_some());

    let high = alerts.iter().filter(|a| a.1 == "high").count();
    assert!(
        high > 0 && high < alerts.len(),
        "the examples mix severities"
    );
    let ding = received.lock().unwrap()["ding"].clone();
    assert_eq!(ding.len(), high, "min_severity keeps lower alerts out");
    for (query, body) in &ding {
        assert_eq!(body["msgtype"], "markdown");
        let text = body["markdown"]["text"].as_str().unwrap();
        assert!(body["markdown"]["title"]
            .as_str()
            .unwrap()
            .starts_with("新预警"));
        assert!(text.contains("Severity"), "{text}");
        let params: BTreeMap<String, String> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(params["access_token"], "t");
        let timestamp = &params["timestamp"];
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{timestamp}\n{SECRET}").as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(params["sign"], expected, "DingTalk signature");
        let age = chrono::Utc::now().timestamp_millis() - timestamp.parse::<i64>().unwrap();
        assert!((0..120_000).contains(&age), "timestamp in ms, now");
    }

    // Alerts that stay open are not opened again: the next scan sends nothing.
    let before = received
        .lock()
        .unwrap()
        .values()
        .map(Vec::len)
        .sum::<usize>();
    scan(&scanner).await;
    assert!(scanner.notify.drain(Duration::from_secs(60)).await);
    let after = received
        .lock()
        .unwrap()
        .values()
        .map(Vec::len)
        .sum::<usize>();
    assert_eq!(after, before, "a second scan sends nothing new");
    assert_eq!(scanner.notify.metrics().sent() as usize, before);
    assert_eq!(scanner.notify.metrics().failed(), 0);
}

#[tokio::test]
async fn a_receiver_that_is_down_neither_slows_the_scan_nor_goes_unnoticed() {
    let db = clean_graph().await;
    load_examples(&db.graph).await;
    let (base, received) = receiver().await;
    // A port that was free a moment ago: nothing listens there now.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };

    // Without targets first, for the wall time to compare with.
    let plain = Scanner::new(db.graph.clone(), Arc::new(db.settings.clone()));
    scan(&plain).await;
    let without = scan(&plain).await;
    db.graph
        .run(neo4rs::query("MATCH (a:Alert) DETACH DELETE a"))
        .await
        .unwrap();

    let mut settings = db.settings.clone();
    settings.audit.spool = common::temp_spool("notify");
    settings.notify = targets(&format!(
        "[[notify]]\nkind = \"webhook\"\nname = \"closed\"\nurl = \"http://{closed}/hook\"\nretries = 1\nbackoff_ms = 100\n\
         [[notify]]\nkind = \"webhook\"\nname = \"hanging\"\nurl = \"{base}/slow\"\ntimeout_secs = 1\nretries = 0\n"
    ));
    let state = guanxi::api::state(db.graph.clone(), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(guanxi::api::serve(listener, state.clone()));
    // The first scan after the wipe opens every alert again: each goes to both targets.
    let with = scan(&state.scanner()).await;
    assert!(
        with < without * 2 + Duration::from_secs(5),
        "a scan with receivers down took {with:?}, without targets {without:?}"
    );

    let deadline = Instant::now() + Duration::from_secs(30);
    let failed = loop {
        let text = reqwest::get(format!("{api}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let failed: u64 = text
            .lines()
            .find_map(|l| l.strip_prefix("guanxi_notify_failed_total "))
            .expect("the failure counter is on /metrics")
            .parse()
            .unwrap();
        assert!(text.contains("guanxi_notify_queue_depth "), "{text}");
        if failed >= 2 || Instant::now() > deadline {
            break failed;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        failed >= 2,
        "failures of both receivers on /metrics: {failed}"
    );
    // The failures by target and kind, on the process's recorder (the hanging receiver's
    // come one timeout per alert later).
    let text = reqwest::get(format!("{api}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.lines()
            .any(|l| l
                .starts_with("guanxi_notify_failures_total{target=\"closed\",kind=\"delivery\"} ")),
        "{text}"
    );
    assert!(
        ids_of(&received, "slow").is_empty(),
        "nothing came back from the hanging receiver"
    );
}

#[tokio::test]
async fn an_ingest_notifies_the_alert_it_opened() {
    let (base, received) = receiver().await;
    let app = common::spawn_app_with(|settings| {
        settings.notify = targets(&format!(
            "[[notify]]\nkind = \"webhook\"\nname = \"ingest\"\nurl = \"{base}/ingest\"\n"
        ));
    })
    .await;
    // Scanned without the service: nothing is sent for the examples' alerts.
    common::load_and_scan_examples(&app.db.graph).await;
    let response = app
        .post(
            &app.admin,
            "/api/ingest/payments?as_of=2026-11-26",
            json!([{
                "id": "pay-ds-clean-2018", "payer_id": "c-dongshan-hw", "payee_id": "o-dongshan",
                "amount": 18000, "purpose": "保洁费", "paid_on": "2018-03-09",
                "recorded_on": "2018-05-20", "handler_id": "p-li-mingde"
            }]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let late: Vec<String> = body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["pattern"] == "late-deposit")
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(late.len(), 1, "{body}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while ids_of(&received, "ingest").is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        ids_of(&received, "ingest"),
        late,
        "the ingest's new alert, and only it"
    );
}

#[tokio::test]
async fn the_command_line_scan_delivers_before_it_exits() {
    let db = clean_graph().await;
    load_examples(&db.graph).await;
    let (base, received) = receiver().await;
    let config =
        std::env::temp_dir().join(format!("guanxi-notify-cli-{}.toml", std::process::id()));
    std::fs::write(
        &config,
        format!("[[notify]]\nkind = \"webhook\"\nname = \"cli\"\nurl = \"{base}/cli\"\n"),
    )
    .unwrap();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["scan", "--as-of", "2026-11-26"])
        .env("GUANXI_CONFIG", &config)
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let alerts = stored_alerts(&db.graph).await;
    let all: Vec<String> = alerts.into_iter().map(|a| a.0).collect();
    assert!(!all.is_empty());
    assert_eq!(
        ids_of(&received, "cli"),
        all,
        "delivered before the command ended"
    );
    assert!(
        stderr.contains(&format!("notifications: {} sent, 0 failed", all.len())),
        "{stderr}"
    );
}
