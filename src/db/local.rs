//! The local Neo4j server: a real Neo4j 5.26 Community DBMS run by a small Java launcher
//! (`neo4j-launcher/`, jars from Maven Central), so every machine gets the same database
//! without Docker. A release (`scripts/package.sh`) ships the launcher prebuilt, so that an
//! offline machine needs only Java 17. `guanxi db start|stop|status` drive it; the test suite starts it when no
//! server answers at `NEO4J_URI`.
//!
//! Files under the configured home: `data/` (the store), `neo4j.conf` (the effective
//! settings, rewritten on each start), `logs/launcher.log` (the launcher's output),
//! `logs/debug.log` (Neo4j's own log) and `guanxi-neo4j.pid`.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::db::{self, DbError};
use crate::settings::Settings;

/// The launcher's main class; also how a running launcher is recognised in `/proc`.
const LAUNCHER_MAIN_CLASS: &str = "guanxi.launcher.Main";
/// What the launcher prints once the password is set and the server is fully up.
const READY_MARKER: &str = "[guanxi-neo4j] ready";
/// The jar Maven builds (see `neo4j-launcher/pom.xml`, `finalName`).
const LAUNCHER_JAR: &str = "target/guanxi-neo4j-launcher.jar";
/// Where Maven copies Neo4j and its dependencies.
const LAUNCHER_LIB: &str = "target/lib";

/// JVM flags Neo4j needs on Java 17 (the same `--add-opens` its own neo4j.conf sets).
const JVM_FLAGS: &[&str] = &[
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
];

/// Errors running the local server.
#[derive(Debug, thiserror::Error)]
pub enum LocalServerError {
    /// `NEO4J_URI` names a server elsewhere; guanxi only runs one on this machine.
    #[error(
        "NEO4J_URI is {uri}, which is not on this machine; `guanxi db` manages only a local \
         server (use bolt://127.0.0.1:PORT, or manage the remote server yourself)"
    )]
    NotLocal {
        /// The configured URI.
        uri: String,
    },
    /// Something that is not our server listens on the port.
    #[error(
        "port {addr} is already taken by another process (not a Neo4j started by guanxi); \
         stop it, or choose another port with NEO4J_URI=bolt://127.0.0.1:OTHER_PORT"
    )]
    PortTaken {
        /// The address.
        addr: SocketAddr,
    },
    /// A tool the launcher needs is missing.
    #[error("`{tool}` is needed to {purpose} but could not be run: {source}")]
    MissingTool {
        /// The program.
        tool: String,
        /// Why it is needed.
        purpose: &'static str,
        /// The spawn error.
        source: std::io::Error,
    },
    /// Neither the launcher's sources nor its prebuilt jars are where the settings say.
    #[error(
        "the Neo4j launcher is not at {0}: expected its Maven project (pom.xml) or its \
         prebuilt jars (target/guanxi-neo4j-launcher.jar and target/lib/); set [local] \
         launcher_dir in guanxi.toml"
    )]
    LauncherMissing(PathBuf),
    /// Maven failed to build the launcher.
    #[error("building the Neo4j launcher failed (full log: {log}):\n{tail}")]
    Build {
        /// Build log.
        log: PathBuf,
        /// Its last lines.
        tail: String,
    },
    /// The server process ended during start-up.
    #[error("Neo4j exited during start-up ({status}); last lines of {log}:\n{tail}")]
    Exited {
        /// Exit status.
        status: String,
        /// The launcher log.
        log: PathBuf,
        /// Its last lines.
        tail: String,
    },
    /// Bolt did not answer in time.
    #[error("Neo4j did not answer on {addr} within {secs} s; last lines of {log}:\n{tail}")]
    StartTimeout {
        /// Bolt address.
        addr: SocketAddr,
        /// The configured timeout.
        secs: u64,
        /// The launcher log.
        log: PathBuf,
        /// Its last lines.
        tail: String,
    },
    /// The process would not stop.
    #[error("Neo4j (pid {pid}) did not stop after SIGTERM and SIGKILL")]
    WouldNotStop {
        /// Its pid.
        pid: u32,
    },
    /// The server runs but refuses our queries (typically credentials).
    #[error(transparent)]
    Db(#[from] DbError),
    /// File system error.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What `start` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOutcome {
    /// A new server process was started.
    Started {
        /// Its pid.
        pid: u32,
    },
    /// Our server was already running and answering.
    AlreadyRunning {
        /// Its pid.
        pid: u32,
    },
}

/// What `status` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerStatus {
    /// Our server process is alive; `answering` says whether Bolt answered a query.
    Running {
        /// Its pid.
        pid: u32,
        /// Whether it answered `RETURN 1`.
        answering: bool,
    },
    /// No server of ours runs.
    Stopped,
}

/// Handle on the local server described by the settings.
#[derive(Debug, Clone)]
pub struct LocalServer {
    settings: Settings,
    addr: SocketAddr,
    home: PathBuf,
}

impl LocalServer {
    /// Checks that the settings point at this machine and resolves the paths.
    pub fn new(settings: &Settings) -> Result<Self, LocalServerError> {
        let addr =
            loopback_addr(&settings.neo4j.uri).ok_or_else(|| LocalServerError::NotLocal {
                uri: settings.neo4j.uri.clone(),
            })?;
        let home = absolute(&settings.local.home);
        Ok(Self {
            settings: settings.clone(),
            addr,
            home,
        })
    }

    /// The Bolt address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The data folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The launcher's log (start-up messages, errors).
    pub fn log_path(&self) -> PathBuf {
        self.home.join("logs").join("launcher.log")
    }

    /// Neo4j's own log.
    pub fn debug_log_path(&self) -> PathBuf {
        self.home.join("logs").join("debug.log")
    }

    fn pid_path(&self) -> PathBuf {
        self.home.join("guanxi-neo4j.pid")
    }

    /// The pid of our running server, if one runs (stale pid files are ignored).
    pub fn running_pid(&self) -> Option<u32> {
        let pid: u32 = fs::read_to_string(self.pid_path())
            .ok()?
            .trim()
            .parse()
            .ok()?;
        is_our_launcher(pid).then_some(pid)
    }

    /// Whether the server process is alive and whether it answers.
    pub async fn status(&self) -> ServerStatus {
        match self.running_pid() {
            Some(pid) => ServerStatus::Running {
                pid,
                answering: self.answers().await.is_ok(),
            },
            None => ServerStatus::Stopped,
        }
    }

    async fn answers(&self) -> Result<(), DbError> {
        db::connect_and_ping(&self.settings.neo4j, Duration::from_secs(3))
            .await
            .map(|_| ())
    }

    /// Starts the server (building the launcher first if needed) and waits until Bolt
    /// answers a query. Harmless when it already runs. `progress` receives human-readable
    /// steps (building, starting, waiting).
    pub async fn start(&self, progress: &dyn Fn(&str)) -> Result<StartOutcome, LocalServerError> {
        if let Some(pid) = self.running_pid() {
            // Ours, possibly still starting: wait for it rather than start a second one.
            self.wait_until_answering(None, pid).await?;
            return Ok(StartOutcome::AlreadyRunning { pid });
        }
        if TcpStream::connect_timeout(&self.addr, Duration::from_millis(500)).is_ok() {
            return Err(LocalServerError::PortTaken { addr: self.addr });
        }
        self.build_launcher_if_needed(progress)?;

        let logs = self.home.join("logs");
        fs::create_dir_all(&logs).map_err(|source| LocalServerError::Io {
            action: "cannot create",
            path: logs.clone(),
            source,
        })?;
        let log_path = self.log_path();
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|source| LocalServerError::Io {
                action: "cannot open",
                path: log_path.clone(),
                source,
            })?;
        let log_start = log.metadata().map(|m| m.len()).unwrap_or(0);
        let err_log = log.try_clone().map_err(|source| LocalServerError::Io {
            action: "cannot open",
            path: log_path.clone(),
            source,
        })?;

        let launcher = absolute(&self.settings.local.launcher_dir);
        let classpath = format!(
            "{}:{}/*",
            launcher.join(LAUNCHER_JAR).display(),
            launcher.join(LAUNCHER_LIB).display()
        );
        progress(&format!(
            "starting Neo4j on {} (data in {})",
            self.addr,
            self.home.display()
        ));
        let mut command = Command::new(java_binary());
        command
            .arg(format!("-Xmx{}", self.settings.local.heap))
            .args(JVM_FLAGS)
            .arg("-cp")
            .arg(classpath)
            .arg(LAUNCHER_MAIN_CLASS)
            .env("GUANXI_NEO4J_HOME", &self.home)
            .env("GUANXI_NEO4J_LISTEN", self.addr.to_string())
            .env("GUANXI_NEO4J_PAGECACHE", &self.settings.local.page_cache)
            .env(
                "GUANXI_NEO4J_TX_TIMEOUT",
                &self.settings.local.transaction_timeout,
            )
            .env(
                "GUANXI_NEO4J_PASSWORD",
                self.settings.neo4j.password.expose(),
            )
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err_log);
        // Its own process group: a Ctrl-C in the terminal that ran `db start` must not stop it.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|source| LocalServerError::MissingTool {
                tool: java_binary(),
                purpose: "run Neo4j (install Java 17 or set JAVA_HOME)",
                source,
            })?;
        let pid = child.id();
        fs::write(self.pid_path(), pid.to_string()).map_err(|source| LocalServerError::Io {
            action: "cannot write",
            path: self.pid_path(),
            source,
        })?;
        progress("waiting for Bolt to answer");
        let waited = self
            .wait_until_answering(Some((&mut child, log_start)), pid)
            .await;
        if waited.is_err() {
            // Never leave a half-started server behind.
            let _ = terminate(pid, Duration::from_secs(30));
            let _ = fs::remove_file(self.pid_path());
        }
        waited.map(|()| StartOutcome::Started { pid })
    }

    async fn wait_until_answering(
        &self,
        mut child: Option<(&mut std::process::Child, u64)>,
        pid: u32,
    ) -> Result<(), LocalServerError> {
        let timeout = Duration::from_secs(self.settings.local.start_timeout_secs);
        let deadline = Instant::now() + timeout;
        let log_start = child.as_ref().map(|(_, start)| *start).unwrap_or(0);
        loop {
            if let Some((child, _)) = child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(LocalServerError::Exited {
                        status: status.to_string(),
                        log: self.log_path(),
                        tail: log_tail(&self.log_path(), log_start, 30),
                    });
                }
            } else if !is_our_launcher(pid) {
                return Err(LocalServerError::Exited {
                    status: "process gone".into(),
                    log: self.log_path(),
                    tail: log_tail(&self.log_path(), 0, 30),
                });
            }
            match self.answers().await {
                Ok(()) => return Ok(()),
                // Bolt opens before the launcher has set the password, so a refusal only
                // counts once the launcher says it is ready: bad credentials will not get
                // better by waiting.
                Err(e)
                    if e.to_string().to_lowercase().contains("unauthorized")
                        && log_tail(&self.log_path(), log_start, 1000).contains(READY_MARKER) =>
                {
                    return Err(e.into())
                }
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(500)).await
                }
                Err(_) => {
                    return Err(LocalServerError::StartTimeout {
                        addr: self.addr,
                        secs: timeout.as_secs(),
                        log: self.log_path(),
                        tail: log_tail(&self.log_path(), log_start, 30),
                    });
                }
            }
        }
    }

    /// Stops the server cleanly (SIGTERM, then SIGKILL after a minute). Returns the pid that
    /// was stopped, or `None` when nothing was running.
    pub fn stop(&self) -> Result<Option<u32>, LocalServerError> {
        let Some(pid) = self.running_pid() else {
            let _ = fs::remove_file(self.pid_path());
            return Ok(None);
        };
        terminate(pid, Duration::from_secs(60))?;
        let _ = fs::remove_file(self.pid_path());
        Ok(Some(pid))
    }

    /// Builds the launcher with Maven when its jar is missing or older than its sources. A
    /// launcher folder without `pom.xml` is a prebuilt one (an unpacked release ships only
    /// `target/guanxi-neo4j-launcher.jar` and `target/lib/*.jar`): it is used as it is and
    /// Maven is never run, so an offline machine needs only Java.
    fn build_launcher_if_needed(&self, progress: &dyn Fn(&str)) -> Result<(), LocalServerError> {
        let dir = absolute(&self.settings.local.launcher_dir);
        let pom = dir.join("pom.xml");
        let jar = dir.join(LAUNCHER_JAR);
        if !pom.exists() {
            return if jar.is_file() && dir.join(LAUNCHER_LIB).is_dir() {
                Ok(())
            } else {
                Err(LocalServerError::LauncherMissing(dir))
            };
        }
        let built_at = modified(&jar);
        let sources_at = std::iter::once(pom.clone())
            .chain(java_sources(&dir.join("src/main/java")))
            .filter_map(|p| modified(&p))
            .max();
        let up_to_date =
            built_at.is_some() && built_at >= sources_at && dir.join(LAUNCHER_LIB).is_dir();
        if up_to_date {
            return Ok(());
        }
        progress("building the Neo4j launcher with Maven (the first time downloads Neo4j from Maven Central)");
        fs::create_dir_all(self.home.join("logs")).map_err(|source| LocalServerError::Io {
            action: "cannot create",
            path: self.home.join("logs"),
            source,
        })?;
        let build_log = self.home.join("logs").join("launcher-build.log");
        let out = File::create(&build_log).map_err(|source| LocalServerError::Io {
            action: "cannot create",
            path: build_log.clone(),
            source,
        })?;
        let err = out.try_clone().map_err(|source| LocalServerError::Io {
            action: "cannot open",
            path: build_log.clone(),
            source,
        })?;
        let status = Command::new("mvn")
            .args(["-B", "-q", "-f"])
            .arg(&pom)
            .args(["package", "-DskipTests"])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .map_err(|source| LocalServerError::MissingTool {
                tool: "mvn".into(),
                purpose: "build the Neo4j launcher (install Maven)",
                source,
            })?;
        if !status.success() {
            return Err(LocalServerError::Build {
                tail: log_tail(&build_log, 0, 30),
                log: build_log,
            });
        }
        Ok(())
    }
}

/// Starts the local server unless a server already answers at the configured URI, then
/// applies the schema. Returns a connected graph. Used by `demo` and by the test suite, so
/// `cargo test` works on a machine where nothing is running yet.
pub async fn ensure_server(
    settings: &Settings,
    progress: &dyn Fn(&str),
) -> Result<neo4rs::Graph, LocalServerError> {
    if let Ok(graph) = db::connect_and_ping(&settings.neo4j, Duration::from_secs(5)).await {
        db::apply_schema(&graph).await?;
        return Ok(graph);
    }
    let server = LocalServer::new(settings)?;
    server.start(progress).await?;
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    Ok(graph)
}

/// The loopback socket address of a `bolt://` or `neo4j://` URI, if it is on this machine.
fn loopback_addr(uri: &str) -> Option<SocketAddr> {
    let rest = uri.split_once("://").map(|(_, rest)| rest).unwrap_or(uri);
    let host_port = rest.split(['/', '?']).next()?;
    let with_port = if host_port
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        host_port.to_string()
    } else {
        format!("{host_port}:7687")
    };
    let addr = with_port.to_socket_addrs().ok()?.find(|a| a.is_ipv4())?;
    addr.ip().is_loopback().then_some(addr)
}

/// `path` made absolute against the current directory (kept as is if that cannot be read).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Every file under the launcher's source folder (a change to any of them means a rebuild).
fn java_sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn java_binary() -> String {
    match std::env::var("JAVA_HOME") {
        Ok(home) if !home.is_empty() => format!("{home}/bin/java"),
        _ => "java".into(),
    }
}

/// True when `pid` is alive (not a zombie) and runs our launcher class, so that a recycled
/// pid from a stale pid file is never mistaken for the server.
fn is_our_launcher(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the parenthesised command name.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    if matches!(state, Some("Z") | Some("X")) {
        return false;
    }
    fs::read(format!("/proc/{pid}/cmdline"))
        .map(|cmd| String::from_utf8_lossy(&cmd).contains(LAUNCHER_MAIN_CLASS))
        .unwrap_or(false)
}

fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: kill(2) has no memory-safety preconditions; pid was checked to be our launcher.
    unsafe {
        libc::kill(pid as libc::pid_t, sig);
    }
}

/// SIGTERM (Neo4j's shutdown hook closes the store cleanly), then SIGKILL after `grace`.
fn terminate(pid: u32, grace: Duration) -> Result<(), LocalServerError> {
    signal(pid, libc::SIGTERM);
    let deadline = Instant::now() + grace;
    while is_our_launcher(pid) {
        if Instant::now() >= deadline {
            signal(pid, libc::SIGKILL);
            std::thread::sleep(Duration::from_secs(2));
            if is_our_launcher(pid) {
                return Err(LocalServerError::WouldNotStop { pid });
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

/// The last `lines` lines of a log written since byte `from`.
fn log_tail(path: &Path, from: u64, lines: usize) -> String {
    let Ok(mut file) = File::open(path) else {
        return format!("(no log at {})", path.display());
    };
    let _ = file.seek(SeekFrom::Start(from));
    let all: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
    let start = all.len().saturating_sub(lines);
    all[start..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A launcher folder without `pom.xml` (a release's) is used as it is when its jars are
    /// there, and named in the error when they are not: Maven is never the answer offline.
    #[test]
    fn a_prebuilt_launcher_is_never_rebuilt() {
        let dir = std::env::temp_dir().join(format!("guanxi-prebuilt-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut settings = Settings::default();
        settings.neo4j.uri = "bolt://127.0.0.1:7999".into();
        settings.local.home = dir.join("home");
        settings.local.launcher_dir = dir.join("neo4j-launcher");
        let server = LocalServer::new(&settings).unwrap();
        let no_build = |step: &str| panic!("no build expected, got: {step}");

        fs::create_dir_all(dir.join("neo4j-launcher")).unwrap();
        let missing = server.build_launcher_if_needed(&no_build).unwrap_err();
        assert!(
            matches!(missing, LocalServerError::LauncherMissing(_)),
            "{missing}"
        );
        assert!(missing.to_string().contains("prebuilt jars"), "{missing}");

        fs::create_dir_all(dir.join("neo4j-launcher").join(LAUNCHER_LIB)).unwrap();
        fs::write(dir.join("neo4j-launcher").join(LAUNCHER_JAR), b"jar").unwrap();
        server.build_launcher_if_needed(&no_build).unwrap();
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn loopback_uris_are_local_and_others_are_not() {
        assert_eq!(
            loopback_addr("bolt://127.0.0.1:7687"),
            Some("127.0.0.1:7687".parse().unwrap())
        );
        assert_eq!(
            loopback_addr("neo4j://localhost:7700"),
            Some("127.0.0.1:7700".parse().unwrap())
        );
        assert_eq!(
            loopback_addr("bolt://127.0.0.1"),
            Some("127.0.0.1:7687".parse().unwrap())
        );
        assert_eq!(loopback_addr("neo4j+s://abcd.databases.neo4j.io"), None);
        assert_eq!(loopback_addr("bolt://10.1.2.3:7687"), None);
    }
}
