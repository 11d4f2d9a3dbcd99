//! A private Neo4j for tests that stop, kill or restore the server: its own free port and data
//! folder, driven through the `guanxi` binary as a user drives it, and stopped (its folder
//! removed) when dropped, even after a failed assertion. Included with `#[path]` by the test
//! files that need it (`db_backup.rs`, `db_backup_county.rs`, `faults_scan.rs`), so that the
//! shared test database is never stopped under other tests.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

use guanxi::db::backup::{self, Counts};
use guanxi::settings::Settings;

/// A private server's port, Neo4j home and scratch folder.
pub struct PrivateServer {
    pub port: u16,
    pub home: PathBuf,
    pub scratch: PathBuf,
    /// JVM heap (`512m` unless [`PrivateServer::with_heap`]).
    pub heap: String,
    /// Page cache.
    pub page_cache: String,
}

impl PrivateServer {
    pub fn new(tag: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = std::env::temp_dir().join(format!("guanxi-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        Self {
            port,
            home: base.join("neo4j"),
            scratch: base,
            heap: "512m".into(),
            page_cache: "64m".into(),
        }
    }

    /// The same with another heap and page cache (a county-sized graph needs Neo4j's default
    /// 1 GB heap).
    pub fn with_heap(mut self, heap: &str, page_cache: &str) -> Self {
        self.heap = heap.into();
        self.page_cache = page_cache.into();
        self
    }

    /// `guanxi ARGS` against this server.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_guanxi"));
        command
            .args(args)
            .env("NEO4J_URI", self.uri())
            .env("GUANXI_NEO4J_HOME", &self.home)
            .env("GUANXI_NEO4J_HEAP", &self.heap)
            .env("GUANXI_NEO4J_PAGE_CACHE", &self.page_cache);
        command
    }

    /// Runs `guanxi ARGS` against this server and waits for it.
    pub fn guanxi(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run guanxi")
    }

    pub fn uri(&self) -> String {
        format!("bolt://127.0.0.1:{}", self.port)
    }

    pub fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        settings.neo4j.uri = self.uri();
        settings.local.home = self.home.clone();
        settings.local.heap = self.heap.clone();
        settings.local.page_cache = self.page_cache.clone();
        settings
    }

    pub async fn counts(&self) -> Counts {
        backup::count(&self.settings()).await.expect("count").1
    }

    pub fn answers(&self) -> bool {
        text(&self.guanxi(&["db", "status"])).contains("answering")
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        // Never leave a server behind, even when an assertion failed.
        let _ = self.guanxi(&["db", "stop"]);
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// A command's exit status, stdout and stderr, for assertions and their messages.
pub fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Asserts that the command succeeded; returns its text.
pub fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", text(&output));
    text(&output)
}

/// Asserts that the command failed saying `says`; returns its text.
pub fn refused(output: Output, says: &str) -> String {
    assert!(!output.status.success(), "{}", text(&output));
    assert!(text(&output).contains(says), "{}", text(&output));
    text(&output)
}
