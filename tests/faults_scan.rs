//! Fault test against the real Neo4j (issue 14): Neo4j killed (`kill -9`) while `guanxi scan`
//! runs, then restarted. The killed scan exits non-zero saying what happened; its scan lock
//! stays taken until its time to live passes (a scan started at once is refused, saying so),
//! its run shows as `interrupted` once the lock has expired and as `failed` once the next scan
//! has taken the lock over; that rerun succeeds and the graph equals the one a clean load and
//! scan build. It kills the server, so it runs on a private Neo4j on a free port
//! (`common/private_server.rs`), never the shared test database.

mod common;
#[path = "common/private_server.rs"]
mod private_server;
#[path = "faults/shared.rs"]
mod shared;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use guanxi::db;
use guanxi::scan::runs::scan_run;
use neo4rs::{query, Graph};
use private_server::{ok, refused, PrivateServer};
use shared::{is_running, snapshot};

/// The scan lock's time to live in this test: long enough to outlast Neo4j's restart (so that
/// a scan started right after it is refused), short enough not to wait minutes.
const LOCK_TTL_SECS: u64 = 60;

fn scan(server: &PrivateServer) -> Command {
    let mut command = server.command(&["scan", "--as-of", "2026-11-26", "--format", "json"]);
    command.env("GUANXI_SCAN_LOCK_TTL_SECS", LOCK_TTL_SECS.to_string());
    command
}

/// The scan run holding the scan lock, once it has recorded its run.
async fn running_scan(graph: &Graph) -> Option<String> {
    let text = "MATCH (l:ScanLock {name: 'scan'}) WHERE l.owner IS NOT NULL \
                MATCH (r:ScanRun {id: l.owner}) RETURN r.id AS id";
    let mut rows = graph.execute(query(text)).await.ok()?;
    rows.next().await.ok()??.get::<String>("id").ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neo4j_killed_mid_scan_then_the_rerun_after_the_lock_expires_builds_the_clean_graph() {
    let server = PrivateServer::new("faults-scan");
    let data = server.scratch.join("small");
    let data_arg = data.to_str().unwrap();
    let reports = server.scratch.join("reports");
    let load = || ok(server.guanxi(&["load", data_arg, "--report-dir", reports.to_str().unwrap()]));
    ok(server.guanxi(&["gen", "--out", data_arg, "--preset", "small", "--seed", "7"]));
    ok(server.guanxi(&["db", "start"]));
    load();
    ok(scan(&server).output().unwrap());
    let graph = db::connect(&server.settings().neo4j).unwrap();
    let clean = snapshot(&graph).await;
    assert_eq!(clean.unresolved, 0);
    assert!(!clean.same_as.is_empty() && !clean.kin.is_empty() && !clean.alerts.is_empty());

    // The same data loaded again into an empty graph, then a scan killed mid-way: Neo4j dies
    // as soon as the scan holds the lock and has recorded its run.
    db::delete_all_data(&graph).await.unwrap();
    load();
    let killed = scan(&server)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start guanxi scan");
    let local = db::local::LocalServer::new(&server.settings()).unwrap();
    let pid = local.running_pid().expect("the private server runs");
    let mut run = None;
    for _ in 0..6000 {
        run = running_scan(&graph).await;
        if run.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let run = run.expect("the scan never took the lock");
    unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    let killed_at = Instant::now();
    while is_running(pid) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let output = tokio::task::spawn_blocking(move || killed.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("the killed scan said: {stderr}");
    assert!(
        !output.status.success(),
        "the scan ended before Neo4j was killed: {stderr}"
    );
    assert!(
        stderr.contains(&format!("scan run {run} failed")),
        "{stderr}"
    );
    assert!(stderr.contains("scan.lock_ttl_secs"), "{stderr}");

    // Neo4j restarts; the dead scan's lock holds until its time to live passes.
    let graph = db::local::ensure_server(&server.settings(), &|step| eprintln!("restart: {step}"))
        .await
        .expect("Neo4j restarts");
    let restarted = killed_at.elapsed();
    assert!(
        restarted < Duration::from_secs(LOCK_TTL_SECS - 10),
        "the restart took {restarted:?}: too close to the lock's time to live to test it"
    );
    let out = refused(scan(&server).output().unwrap(), "a scan is already running");
    assert!(out.contains(&run) && out.contains("expires at"), "{out}");
    let status = scan_run(&graph, &run)
        .await
        .unwrap()
        .expect("the run")
        .status;
    assert_eq!(status, "running", "the lock has not expired yet");

    // Once the lock has expired, the run shows as interrupted, not running forever.
    let deadline = Instant::now() + Duration::from_secs(LOCK_TTL_SECS + 30);
    let interrupted = loop {
        let record = scan_run(&graph, &run).await.unwrap().expect("the run");
        if record.status != "running" || Instant::now() > deadline {
            break record;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(interrupted.status, "interrupted", "{interrupted:?}");
    assert!(interrupted.finished_at.is_none(), "{interrupted:?}");

    // The rerun takes the expired lock over (recording the dead run as failed) and builds the
    // clean graph.
    ok(scan(&server).output().unwrap());
    let failed = scan_run(&graph, &run).await.unwrap().expect("the run");
    assert_eq!(failed.status, "failed", "{failed:?}");
    assert!(
        failed.error.as_deref().unwrap_or("").contains("abandoned"),
        "{failed:?}"
    );
    assert_eq!(snapshot(&graph).await, clean);
}
