//! Fault tests against the real Neo4j (issue 14): a load or an ingest interrupted by a crash
//! (Neo4j killed, the connection dropped, the service killed), then rerun or retried, ends in
//! the graph a clean run builds: the same node counts per label, relationship counts per
//! type, identity links, kin and alerts, and no record left unresolved. RELIABILITY.md lists
//! each fault with what was lost (nothing).

mod common;
#[path = "faults/shared.rs"]
mod shared;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{clean_graph, column, start_service};
use guanxi::domain::Role;
use guanxi::load::runs::{self, LoadRunStatus};
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::{run_scan_once, ScanOptions};
use guanxi::{db, tokens};
use neo4rs::{query, Graph};
use shared::{is_running, snapshot, Snapshot};
use tokio::io::AsyncWriteExt;

async fn scan(graph: &Graph) {
    let options = ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    };
    run_scan_once(graph, &options).await.expect("scan");
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-faults-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(dir: &Path) -> LoadOptions {
    let mut options = LoadOptions::new(dir);
    options.report_dir = temp_dir("reports");
    options
}

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

/// The graph a clean run builds: empty graph, `setup`, then a full scan.
async fn clean_run_of(graph: &Graph, dir: &Path) -> Snapshot {
    db::delete_all_data(graph).await.unwrap();
    load_dir(graph, &options(dir)).await.expect("clean load");
    scan(graph).await;
    snapshot(graph).await
}

async fn count(graph: &Graph, text: &str) -> i64 {
    column::<i64>(graph, query(text), "n").await[0]
}

/// Neo4j killed (`kill -9`) while `guanxi load` writes the people table, restarted, and the
/// same load run again: the graph a clean load builds. Runs on the shared test server while
/// holding the test database lock, and restarts it before letting go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neo4j_killed_mid_load_then_the_rerun_builds_the_clean_graph() {
    let db = clean_graph().await;
    let data = temp_dir("small");
    guanxi::gen::generate(&guanxi::gen::GenOptions {
        out: data.clone(),
        preset: guanxi::gen::Preset::Small,
        seed: 7,
    })
    .unwrap();
    let clean = clean_run_of(&db.graph, &data).await;
    assert_eq!(clean.unresolved, 0);
    assert!(!clean.same_as.is_empty() && !clean.kin.is_empty() && !clean.alerts.is_empty());

    db::delete_all_data(&db.graph).await.unwrap();
    let reports = temp_dir("crash-reports");
    let load = Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["load", data.to_str().unwrap(), "--batch-size", "5"])
        .arg("--report-dir")
        .arg(&reports)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start guanxi load");
    // Kill Neo4j once some people are written, long before identity resolution.
    let server = guanxi::db::local::LocalServer::new(&db.settings).unwrap();
    let pid = server
        .running_pid()
        .expect("the test server is the local one");
    let mut written = 0;
    for _ in 0..3000 {
        written = count(&db.graph, "MATCH (n:Person) RETURN count(n) AS n").await;
        if written >= 50 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(written >= 50, "the load never wrote people");
    unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    while is_running(pid) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let output = tokio::task::spawn_blocking(move || load.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the load ended before Neo4j was killed"
    );
    assert!(stderr.contains("the load failed"), "{stderr}");

    // Restart (Neo4j recovers from its transaction log) and look at what the crash left.
    let graph = db::local::ensure_server(&db.settings, &|step| eprintln!("restart: {step}"))
        .await
        .expect("Neo4j restarts");
    let left = snapshot(&graph).await;
    assert!(
        left.unresolved > 0,
        "the crash left no unresolved record: {left:?}"
    );
    let page = runs::list(&graph, 0, 10, Duration::ZERO).await.unwrap();
    assert_eq!(page.runs.len(), 1, "{page:?}");
    assert_eq!(page.runs[0].status, LoadRunStatus::Interrupted, "{page:?}");

    // The rerun finishes the job: unchanged rows are skipped, and identity resolution takes
    // the records the crashed run left unresolved.
    let summary = load_dir(&graph, &options(&data)).await.expect("rerun");
    assert!(summary.tables.iter().all(|t| t.error.is_none()));
    scan(&graph).await;
    assert_eq!(snapshot(&graph).await, clean);
    let page = runs::list(&graph, 0, 10, runs::STALE_AFTER).await.unwrap();
    assert_eq!(page.runs[0].status, LoadRunStatus::Complete, "{page:?}");
    assert_eq!(page.total, 2);
}

/// People rows for an ingest: pairs with the same name and birth date (certain identity
/// links), enough rows for several write batches.
fn people_body() -> Vec<u8> {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let born = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap();
    let rows: Vec<serde_json::Value> = (0..3000)
        .map(|i| {
            let k = i % 1500;
            let name: String = std::iter::once('欧')
                .chain(
                    k.to_string()
                        .chars()
                        .map(|d| DIGITS[d as usize - '0' as usize]),
                )
                .collect();
            serde_json::json!({
                "id": format!("ft-{i}"),
                "name": name,
                "birth_date": (born + chrono::Days::new(k as u64)).to_string(),
                "address": format!("青溪县枫林镇测试路{}号", k % 300),
            })
        })
        .collect();
    serde_json::to_vec(&rows).unwrap()
}

/// What a client does: POST the same body until it is answered 200 (a 5xx or 429, or no
/// answer, is retried; a 4xx other than 429 is a failure).
async fn ingest_until_done(base: &str, token: &str, body: &[u8]) {
    let client = reqwest::Client::new();
    for _ in 0..60 {
        let answer = client
            .post(format!("{base}/api/ingest/people"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await;
        match answer {
            Ok(r) if r.status() == 200 => return,
            Ok(r) if r.status().is_client_error() && r.status() != 429 => {
                panic!("ingest refused: {} {}", r.status(), r.text().await.unwrap())
            }
            _ => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
    panic!("the ingest never succeeded");
}

/// Sends the whole ingest request on a raw connection, waits `after`, then drops the
/// connection without reading the answer.
async fn ingest_and_drop(base: &str, token: &str, body: &[u8], after: Duration) {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/ingest/people HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    tokio::time::sleep(after).await;
    drop(stream);
}

/// An ingest whose connection drops mid-request (several times, at several moments), then
/// the same body retried: nothing duplicated, nothing unresolved, the clean graph.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingest_whose_connection_drops_then_retried_builds_the_clean_graph() {
    let app = common::spawn_app().await;
    let graph = app.db.graph.clone();
    let body = people_body();
    let clean = clean_ingest_of(&graph, &app.base, &app.admin, &body).await;
    assert_eq!(clean.unresolved, 0);
    assert!(clean.same_as.len() >= 1500, "{}", clean.same_as.len());

    reset_keeping_tokens(&graph).await;
    load_dir(&graph, &options(&examples())).await.unwrap();
    for millis in [0, 20, 80, 200, 400] {
        ingest_and_drop(&app.base, &app.admin, &body, Duration::from_millis(millis)).await;
    }
    // A dropped request is cancelled by the server (its run marked failed) or, when the drop
    // came too late to stop it, ends complete: wait until none is still running.
    wait_for_no_running_load(&graph).await;
    let dropped = runs::list(&graph, 0, 5, runs::STALE_AFTER).await.unwrap();
    let statuses: Vec<_> = dropped.runs.iter().map(|r| r.status).collect();
    eprintln!("dropped ingests ended: {statuses:?}");
    assert!(
        statuses.contains(&LoadRunStatus::Failed),
        "no drop cut an ingest short: {statuses:?}"
    );
    ingest_until_done(&app.base, &app.admin, &body).await;
    scan(&graph).await;
    assert_eq!(snapshot(&graph).await, clean);
}

async fn wait_for_no_running_load(graph: &Graph) {
    let mut page = runs::list(graph, 0, 100, runs::STALE_AFTER).await.unwrap();
    for _ in 0..600 {
        page = runs::list(graph, 0, 100, runs::STALE_AFTER).await.unwrap();
        if page.runs.iter().all(|r| r.status != LoadRunStatus::Running) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("a load run is still running after a minute: {page:#?}");
}

/// The service killed (`kill -9`) while it ingests, started again, and the same body
/// retried: the clean graph.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_killed_during_an_ingest_then_retried_builds_the_clean_graph() {
    let db = clean_graph().await;
    let graph = db.graph.clone();
    let token = tokens::create_token(&graph, "faults", Role::Admin)
        .await
        .unwrap();
    let body = people_body();
    let (mut service, base) = start_service(&db.settings, &temp_dir("spool").join("audit.jsonl"));
    let clean = clean_ingest_of(&graph, &base, &token, &body).await;
    assert_eq!(clean.unresolved, 0);

    reset_keeping_tokens(&graph).await;
    load_dir(&graph, &options(&examples())).await.unwrap();
    let request = {
        let (base, token, body) = (base.clone(), token.clone(), body.clone());
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{base}/api/ingest/people"))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
        })
    };
    // Kill once the ingest has written some of its rows.
    for _ in 0..2000 {
        let n = count(
            &graph,
            "MATCH (n:Person) WHERE n.id STARTS WITH 'ft-' RETURN count(n) AS n",
        )
        .await;
        if n > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    service.kill().unwrap(); // SIGKILL
    service.wait().unwrap();
    assert!(
        request.await.unwrap().is_err(),
        "the ingest was answered before the kill"
    );

    let (mut again, base) = start_service(&db.settings, &temp_dir("spool").join("audit.jsonl"));
    ingest_until_done(&base, &token, &body).await;
    scan(&graph).await;
    let after = snapshot(&graph).await;
    unsafe { libc::kill(again.id() as i32, libc::SIGTERM) };
    again.wait().unwrap();
    assert_eq!(after, clean);
}

/// An empty graph but for the tokens and the audit log (the service's tokens live there).
async fn reset_keeping_tokens(graph: &Graph) {
    let text = "MATCH (n) WHERE NOT n:ApiToken AND NOT n:AuditBatch AND NOT n:AuditEntry AND NOT n:AuditHead DETACH DELETE n";
    graph.run(query(text)).await.unwrap();
}

/// The graph a clean ingest builds: the examples loaded, the body ingested once, a scan
/// (the service's tokens kept).
async fn clean_ingest_of(graph: &Graph, base: &str, token: &str, body: &[u8]) -> Snapshot {
    reset_keeping_tokens(graph).await;
    load_dir(graph, &options(&examples())).await.unwrap();
    ingest_until_done(base, token, body).await;
    scan(graph).await;
    snapshot(graph).await
}
