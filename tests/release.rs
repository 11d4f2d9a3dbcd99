//! The offline release as an operator on an intranet meets it: `scripts/package.sh` builds the
//! tarball (with the debug binary cargo built for the tests), the test unpacks it into a
//! temporary folder, checks what it holds, then runs `./guanxi demo` and `./guanxi serve`
//! from there with a `PATH` that holds `java` and nothing else (no `mvn`, no `npm`, no
//! `node`, not even a shell), Maven offline and a `HOME` without `~/.m2`.
//!
//! The demo's Neo4j is private: its own port and home in the temporary folder, so the shared
//! test database is never touched; a guard stops it (and `serve`) even after a failed
//! assertion. One test, because every step needs the one before; it takes about a minute.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/private_server.rs"]
mod private_server;
use private_server::text;

/// The unpacked release and the environment its commands run in; stops what it started.
struct Release {
    /// Scratch folder: the tarball, the unpacked release, the Neo4j home, `HOME`, `PATH`.
    scratch: PathBuf,
    /// `guanxi-<version>/` inside it.
    folder: PathBuf,
    /// The only folder on `PATH`.
    bin: PathBuf,
    /// The demo's Neo4j port.
    bolt_port: u16,
    /// `guanxi serve`, while it runs.
    serve: Option<Child>,
}

impl Release {
    fn neo4j_home(&self) -> PathBuf {
        self.scratch.join("neo4j")
    }

    /// `./guanxi ARGS` from the unpacked folder, in the offline environment.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(self.folder.join("guanxi"));
        command
            .args(args)
            .current_dir(&self.folder)
            .env_clear()
            .env("PATH", &self.bin)
            .env("HOME", self.scratch.join("home"))
            .env("MAVEN_OPTS", "-o")
            .env("NEO4J_URI", format!("bolt://127.0.0.1:{}", self.bolt_port))
            .env("GUANXI_NEO4J_HOME", self.neo4j_home())
            .env("GUANXI_NEO4J_HEAP", "512m")
            .env("GUANXI_NEO4J_PAGE_CACHE", "64m")
            .env("GUANXI_AUDIT_SPOOL", self.scratch.join("audit-spool.jsonl"))
            .env("GUANXI_SCAN_SCHEDULE", "");
        command
    }

    fn guanxi(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .expect("run the unpacked guanxi")
    }

    fn neo4j_pid(&self) -> Option<u32> {
        std::fs::read_to_string(self.neo4j_home().join("guanxi-neo4j.pid"))
            .ok()?
            .trim()
            .parse()
            .ok()
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        // Never leave a server behind, even when an assertion failed.
        if let Some(mut serve) = self.serve.take() {
            let _ = serve.kill();
            let _ = serve.wait();
        }
        let _ = self.guanxi(&["db", "stop"]);
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `java` this machine runs: `$JAVA_HOME/bin/java`, else the first on `PATH`.
fn java() -> PathBuf {
    if let Some(home) = std::env::var_os("JAVA_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(home).join("bin/java");
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("java"))
        .find(|candidate| candidate.is_file())
        .expect("java on PATH (the release needs Java 17)")
}

/// Packages, unpacks and checks the listing; returns the release, its PATH still to fill.
fn package_and_unpack() -> Release {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("guanxi-release-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("home")).unwrap();
    let dist = scratch.join("dist");

    let started = Instant::now();
    let packaged = Command::new("bash")
        .arg(root.join("scripts/package.sh"))
        .arg("--debug")
        .env("DIST_DIR", &dist)
        .env("GUANXI_BIN", env!("CARGO_BIN_EXE_guanxi"))
        .output()
        .unwrap();
    assert!(packaged.status.success(), "{}", text(&packaged));
    eprintln!("package.sh: {:.1} s", started.elapsed().as_secs_f64());

    let version = env!("CARGO_PKG_VERSION");
    let tarball = dist.join(format!("guanxi-{version}-linux-x86_64.tar.gz"));
    assert!(tarball.is_file(), "no {}", tarball.display());
    let unpacked = scratch.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let untar = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .output()
        .unwrap();
    assert!(untar.status.success(), "{}", text(&untar));
    let top: Vec<_> = std::fs::read_dir(&unpacked)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(top, [format!("guanxi-{version}")], "one top folder");
    let folder = unpacked.join(&top[0]);

    for file in [
        "guanxi",
        "neo4j-launcher/target/guanxi-neo4j-launcher.jar",
        "examples/people.csv",
        "examples/expected-alerts.json",
        "docs/data-format.md",
        "INSTALL.md",
        "guanxi.service",
        "guanxi-neo4j.service",
        "guanxi.toml",
        "README.md",
        "SHA256SUMS",
    ] {
        assert!(folder.join(file).is_file(), "the release lacks {file}");
    }
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(folder.join("guanxi"))
            .unwrap()
            .permissions(),
    );
    assert!(mode & 0o111 != 0, "guanxi is not executable ({mode:o})");
    let lib_jars = std::fs::read_dir(folder.join("neo4j-launcher/target/lib"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some(OsStr::new("jar")))
        .count();
    assert!(lib_jars > 100, "only {lib_jars} launcher jars");
    // A prebuilt launcher: no Maven project, so guanxi never tries to build it.
    assert!(!folder.join("neo4j-launcher/pom.xml").exists());
    assert!(!folder.join("neo4j-launcher/src").exists());
    assert_eq!(
        std::fs::read_to_string(folder.join("INSTALL.md")).unwrap(),
        std::fs::read_to_string(root.join("deploy/INSTALL.md")).unwrap()
    );
    // The sample configuration loads with guanxi's own loader.
    guanxi::settings::Settings::load_with(Some(&folder.join("guanxi.toml")), |_| None)
        .expect("the release's guanxi.toml loads");

    let sums = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&folder)
        .output()
        .unwrap();
    assert!(sums.status.success(), "{}", text(&sums));
    let listed = std::fs::read_to_string(folder.join("SHA256SUMS"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(
        listed + 1,
        glob::glob(&format!("{}/**/*", folder.display()))
            .unwrap()
            .filter(|path| path.as_ref().unwrap().is_file())
            .count(),
        "SHA256SUMS lists every file but itself"
    );

    let bin = scratch.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    Release {
        scratch,
        folder,
        bin,
        bolt_port: free_port(),
        serve: None,
    }
}

/// `GET path` on the service: status, content type and body.
fn get(port: u16, path: &str) -> Result<(u16, String, Vec<u8>), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let response = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}{path}"))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.bytes().await.map_err(|e| e.to_string())?.to_vec();
        Ok((status, content_type, body))
    })
}

#[test]
fn the_unpacked_release_runs_the_demo_and_serves_the_page_with_only_java() {
    let mut release = package_and_unpack();

    // Without java: a clear error naming Java 17 (PATH is still empty).
    let no_java = release.guanxi(&["db", "start"]);
    assert!(!no_java.status.success(), "{}", text(&no_java));
    assert!(text(&no_java).contains("Java 17"), "{}", text(&no_java));

    std::os::unix::fs::symlink(java(), release.bin.join("java")).unwrap();
    let started = Instant::now();
    let demo = release.guanxi(&["demo"]);
    let demo_text = text(&demo);
    assert!(demo.status.success(), "{demo_text}");
    eprintln!("demo: {:.1} s", started.elapsed().as_secs_f64());

    // The examples and the launcher came from the release, not from this source tree.
    let examples = release.folder.join("examples");
    assert!(
        demo_text.contains(&format!("loading {}", examples.display())),
        "{demo_text}"
    );
    let pid = release.neo4j_pid().expect("the demo's Neo4j pid file");
    let cmdline = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap())
        .replace('\0', " ");
    assert!(
        cmdline.contains(&format!(
            "{}/neo4j-launcher/target/guanxi-neo4j-launcher.jar",
            release.folder.display()
        )),
        "Neo4j runs another launcher: {cmdline}"
    );

    // The findings the examples plant, as the README promises them.
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(examples.join("expected-alerts.json")).unwrap(),
    )
    .unwrap();
    let stdout = String::from_utf8_lossy(&demo.stdout);
    for alert in expected["alerts"].as_array().unwrap() {
        let pattern = alert["pattern"].as_str().unwrap();
        assert!(
            stdout.contains(&format!("] {pattern} ")),
            "no {pattern} alert: {demo_text}"
        );
    }
    for finding in ["外甥女", "赵丽", "红图广告"] {
        assert!(stdout.contains(finding), "no {finding}: {demo_text}");
    }
    let count: usize = stdout
        .lines()
        .find_map(|line| line.strip_suffix(" alerts")?.trim().parse().ok())
        .expect("the demo's alert count");
    assert!(
        count >= expected["alerts"].as_array().unwrap().len(),
        "{demo_text}"
    );

    // `serve` from the same folder serves the page and its embedded libraries.
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    release.serve = Some(
        release
            .command(&["serve", "--addr", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let (status, content_type, body) = loop {
        match get(port, "/") {
            Ok(answer) => break answer,
            Err(error) if Instant::now() > deadline => panic!("serve never answered: {error}"),
            Err(_) => std::thread::sleep(Duration::from_millis(300)),
        }
    };
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(String::from_utf8_lossy(&body).contains("/assets/app.js"));
    let (status, content_type, body) = get(port, "/vendor/echarts.min.js").unwrap();
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/javascript; charset=utf-8");
    assert!(body.len() > 100_000 && String::from_utf8_lossy(&body).contains("echarts"));

    let mut serve = release.serve.take().unwrap();
    // SAFETY: kill(2) on the child this test spawned and has not yet waited for.
    unsafe { libc::kill(serve.id() as libc::pid_t, libc::SIGTERM) };
    let stopped = serve.wait().unwrap();
    assert!(stopped.success(), "serve did not stop cleanly: {stopped}");

    let stop = release.guanxi(&["db", "stop"]);
    assert!(stop.status.success(), "{}", text(&stop));
    assert!(
        text(&stop).contains(&format!("stopped (pid {pid})")),
        "{}",
        text(&stop)
    );
    assert!(
        TcpListener::bind(("127.0.0.1", release.bolt_port)).is_ok(),
        "the Bolt port is still taken after db stop"
    );
}
