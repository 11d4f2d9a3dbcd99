//! Shared helpers for integration tests: every test talks to a real Neo4j.
//!
//! Isolation: Neo4j Community has one user database, so tests that touch it run one at a
//! time (a lock within the process, and a file lock across test processes) and each starts
//! from an empty graph (`delete_all_data`), with the schema in place. Namespacing per test
//! was rejected because the schema's uniqueness constraint spans the whole id space.

#![allow(dead_code)]

use std::sync::OnceLock;

use guanxi::db;
use guanxi::settings::Settings;
use neo4rs::Graph;
use tokio::sync::{Mutex, MutexGuard};

fn db_lock() -> &'static Mutex<()> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| Mutex::new(()))
}

/// An exclusive lock on a file shared by every test process of this checkout, so that test
/// binaries run at the same time (by hand, or by several developers' commands) never wipe
/// the one database under each other.
struct ProcessLock(std::fs::File);

impl ProcessLock {
    async fn acquire() -> Self {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".guanxi/test-db.lock");
        let _ = std::fs::create_dir_all(path.parent().unwrap());
        tokio::task::spawn_blocking(move || {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .expect("test lock file");
            // SAFETY: flock on a descriptor we own; blocks until the other process releases it.
            let rc =
                unsafe { libc::flock(std::os::unix::io::AsRawFd::as_raw_fd(&file), libc::LOCK_EX) };
            assert_eq!(rc, 0, "flock failed");
            ProcessLock(file)
        })
        .await
        .expect("lock task")
    }
}

impl Drop for ProcessLock {
    fn drop(&mut self) {
        // SAFETY: as above; closing the file would release it too.
        unsafe {
            libc::flock(
                std::os::unix::io::AsRawFd::as_raw_fd(&self.0),
                libc::LOCK_UN,
            )
        };
    }
}

/// A clean graph, held exclusively by one test until dropped.
pub struct TestDb {
    /// Connected pool (created on this test's runtime).
    pub graph: Graph,
    /// The settings it was built from (env overrides apply, as for the CLI).
    pub settings: Settings,
    _across_processes: ProcessLock,
    _exclusive: MutexGuard<'static, ()>,
}

/// Starts the local Neo4j if nothing answers at `NEO4J_URI`, applies the schema, wipes all
/// data and returns the graph, holding the database lock for the caller's lifetime.
pub async fn clean_graph() -> TestDb {
    let exclusive = db_lock().lock().await;
    let across_processes = ProcessLock::acquire().await;
    let settings = Settings::load(None).expect("settings");
    let graph = db::local::ensure_server(&settings, &|step| eprintln!("test setup: {step}"))
        .await
        .expect("a Neo4j server for the tests (see README: Java 17 and Maven are needed)");
    db::delete_all_data(&graph).await.expect("wipe");
    TestDb {
        graph,
        settings,
        _across_processes: across_processes,
        _exclusive: exclusive,
    }
}

/// Runs a read query and returns one column of every row.
pub async fn column<T: serde::de::DeserializeOwned>(
    graph: &Graph,
    query: neo4rs::Query,
    name: &str,
) -> Vec<T> {
    let mut rows = graph.execute(query).await.expect("query");
    let mut values = Vec::new();
    while let Some(row) = rows.next().await.expect("row") {
        values.push(row.get::<T>(name).expect("column"));
    }
    values
}

/// A running guanxi service on a free port against the real Neo4j, with one token per role.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The clean database (held for the test's lifetime).
    pub db: TestDb,
    /// HTTP client.
    pub client: reqwest::Client,
    /// Admin token.
    pub admin: String,
    /// Investigator token.
    pub investigator: String,
    /// Viewer token.
    pub viewer: String,
}

impl TestApp {
    /// GET with a token.
    pub async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// POST JSON with a token.
    pub async fn post(
        &self,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request")
    }
}

/// Starts the service on port 0 over a clean graph and creates a token per role.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with changed settings.
pub async fn spawn_app_with(configure: impl FnOnce(&mut guanxi::settings::Settings)) -> TestApp {
    use guanxi::api;
    use guanxi::domain::Role;
    use guanxi::tokens;
    let db = clean_graph().await;
    let mut settings = db.settings.clone();
    // A spool per service: a batch one test left unstored is never replayed into another's.
    settings.audit.spool = temp_spool("app");
    configure(&mut settings);
    let state = api::state(db.graph.clone(), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(api::serve(listener, state));
    let admin = tokens::create_token(&db.graph, "test-admin", Role::Admin)
        .await
        .unwrap();
    let investigator = tokens::create_token(&db.graph, "test-investigator", Role::Investigator)
        .await
        .unwrap();
    let viewer = tokens::create_token(&db.graph, "test-viewer", Role::Viewer)
        .await
        .unwrap();
    TestApp {
        base,
        db,
        client: reqwest::Client::new(),
        admin,
        investigator,
        viewer,
    }
}

/// A fresh audit spool path in the temporary folder, unique in this process.
pub fn temp_spool(tag: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir()
        .join(format!("guanxi-audit-{}", std::process::id()))
        .join(format!("{tag}-{n}.jsonl"))
}

/// Loads `examples/` into the test database and runs a scan as of 2026-11-26.
pub async fn load_and_scan_examples(graph: &Graph) {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"));
    let mut options = guanxi::load::LoadOptions::new(&dir);
    options.report_dir =
        std::env::temp_dir().join(format!("guanxi-examples-{}", std::process::id()));
    let summary = guanxi::load::load_dir(graph, &options)
        .await
        .expect("load examples");
    assert_eq!(summary.rejected(), 0);
    scan_examples_day(graph).await;
}

/// A whole scan as of 2026-11-26, the day the examples' expected alerts are for.
pub async fn scan_examples_day(graph: &Graph) {
    let options = guanxi::scan::ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    };
    guanxi::scan::run_scan_once(graph, &options)
        .await
        .expect("scan");
}

/// Every stored alert's id with one of its properties (`status` or `last_scan`).
pub async fn alerts_by_id(
    graph: &Graph,
    property: &'static str,
) -> std::collections::BTreeMap<String, String> {
    let text = match property {
        "status" => "MATCH (a:Alert) RETURN [a.id, a.status] AS row",
        "last_scan" => "MATCH (a:Alert) RETURN [a.id, a.last_scan] AS row",
        other => panic!("no alert property {other} in the test helper"),
    };
    let rows: Vec<Vec<String>> = column(graph, neo4rs::query(text), "row").await;
    rows.into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

/// The operators of a query's plan, space-separated, for the tests that check plans (no
/// `AllNodesScan`, no `CartesianProduct`). `guanxi.explain` is registered by the local
/// launcher; neo4rs does not expose the plan that EXPLAIN sends back.
pub async fn plan_of(graph: &Graph, text: &str, params: neo4rs::BoltMap) -> String {
    let operators: Vec<Vec<String>> = column(
        graph,
        neo4rs::query("CALL guanxi.explain($query, $params) YIELD operators RETURN operators")
            .param("query", text)
            .param("params", neo4rs::BoltType::Map(params)),
        "operators",
    )
    .await;
    operators.concat().join(" ")
}

/// Runs the `guanxi` binary with `args` (the environment as the test has it).
pub fn guanxi(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(args)
        .output()
        .expect("run guanxi")
}

/// A command's exit status, stdout and stderr, for assertions and their messages.
pub fn text(output: &std::process::Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `guanxi serve` on a free port against `settings`' Neo4j, with its own audit spool and no
/// scheduled scans; returns the process and its base URL once it serves.
pub fn start_service(
    settings: &Settings,
    spool: &std::path::Path,
) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("NEO4J_URI", &settings.neo4j.uri)
        .env("GUANXI_AUDIT_SPOOL", spool)
        .env("GUANXI_SCAN_SCHEDULE", "")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start guanxi serve");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the service stopped before it served")
            .unwrap();
        if let Some(address) = line.strip_prefix("guanxi serving on ") {
            break address.trim().to_string();
        }
    };
    // Keep reading its log so that it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, base)
}
