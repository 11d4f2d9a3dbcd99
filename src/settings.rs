//! One typed configuration for every subcommand: defaults, then an optional TOML file, then
//! environment variables (which win). Secrets are wrapped so they never reach a log or `Debug`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// A value that must never be printed (passwords, tokens).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is handed to the party that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything guanxi can be configured with.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the graph lives (any Neo4j 5 server reachable over Bolt).
    pub neo4j: Neo4jSettings,
    /// The local Neo4j server that `guanxi db start` runs when `neo4j.uri` is on this machine.
    pub local: LocalNeo4jSettings,
    /// Pattern parameter overrides: `[patterns.late-deposit] max_days = 45`.
    pub patterns:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, toml::Value>>,
    /// Scheduled scans of `guanxi serve`.
    pub scan: ScanSettings,
    /// The HTTP service.
    pub api: ApiSettings,
    /// The audit log's local spool.
    pub audit: AuditSettings,
    /// Cases (线索/案件).
    pub cases: CaseSettings,
    /// Where alerts a scan or ingest opened are sent (`[[notify]]`, see `crate::notify`).
    pub notify: Vec<crate::notify::Target>,
}

/// Cases: the dispositions a case may be closed with.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseSettings {
    /// The dispositions (处置方式) a closing may choose from, as the inspectors' own words.
    pub dispositions: Vec<String>,
}

impl Default for CaseSettings {
    fn default() -> Self {
        Self {
            dispositions: [
                "予以了结",
                "谈话提醒",
                "批评教育",
                "诫勉",
                "立案处理",
                "移送",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// Where the service keeps audit entries on their way to Neo4j.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// The local append-only spool file (created owner-only): every audit entry is written
    /// here and fsync'd before Neo4j stores it, and stays until Neo4j has it.
    pub spool: PathBuf,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            spool: PathBuf::from(".guanxi/audit-spool.jsonl"),
        }
    }
}

/// The HTTP service (`guanxi serve`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiSettings {
    /// Milliseconds a page of `GET /api/alerts` is served from memory. A scan, ingest, load
    /// or triage through this service makes every kept page stale at once; this bounds how
    /// long a change made through another replica takes to show. 0 turns the cache off.
    pub alerts_cache_ms: u64,
    /// Milliseconds a long API read (`GET /api/paths`) may run in Neo4j: the query carries
    /// it as its transaction timeout, so the server stops it, and the request answers 503.
    pub query_timeout_ms: u64,
    /// Requests one token may have in flight at once; more answer 429. 0: no limit.
    pub max_concurrent_per_token: u32,
    /// Requests one token may start per minute (a token bucket that refills evenly, holding
    /// at most this many); more answer 429 with `Retry-After`. 0: no limit.
    pub requests_per_minute_per_token: u32,
    /// Milliseconds a client may take to send a request's headers; then the connection is
    /// closed.
    pub header_read_timeout_ms: u64,
    /// Milliseconds a request may take, body and answer included (503 past it). Ingest and
    /// scans run longer than reads: keep it above the slowest ingest.
    pub request_timeout_ms: u64,
    /// Connections served at once; more wait in the listen backlog until one closes.
    pub max_connections: u32,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            alerts_cache_ms: 1000,
            query_timeout_ms: 5000,
            max_concurrent_per_token: 32,
            requests_per_minute_per_token: 6000,
            header_read_timeout_ms: 10_000,
            request_timeout_ms: 300_000,
            max_connections: 1024,
        }
    }
}

/// Scheduled scans (`guanxi serve`) and the lock that keeps scans one at a time.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanSettings {
    /// When to scan: a cron expression with optional seconds, in the server's local time
    /// (`0 0 2 * * *`: every night at 02:00). Empty disables scheduled scans.
    pub schedule: String,
    /// Seconds a scan lock lasts without renewal: a replica that dies while scanning blocks
    /// others at most this long. A running scan renews it well before it expires.
    pub lock_ttl_secs: u64,
}

impl Default for ScanSettings {
    fn default() -> Self {
        Self {
            schedule: "0 0 2 * * *".into(),
            lock_ttl_secs: 120,
        }
    }
}

impl ScanSettings {
    /// The parsed schedule, `None` when disabled (empty), or an error naming the setting.
    pub fn cron(&self) -> Result<Option<croner::Cron>, SettingsError> {
        let expression = self.schedule.trim();
        if expression.is_empty() {
            return Ok(None);
        }
        croner::Cron::new(expression)
            .with_seconds_optional()
            .parse()
            .map(Some)
            .map_err(|e| SettingsError::Schedule {
                value: self.schedule.clone(),
                reason: e.to_string(),
            })
    }
}

/// Connection to the Neo4j server.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Neo4jSettings {
    /// `bolt://host:port` or `neo4j://host:port` (`+s`/`+ssc` variants for TLS).
    pub uri: String,
    /// User name.
    pub user: String,
    /// Password.
    pub password: Secret,
    /// Database name; `None` uses the server's default database.
    pub database: Option<String>,
    /// Maximum connections in the pool.
    pub max_connections: usize,
    /// Seconds to wait for a connection, and (neo4rs uses the same timeout) for any single read
    /// from the server: long loads and scans need it generous.
    pub connection_timeout_secs: u64,
}

impl Default for Neo4jSettings {
    fn default() -> Self {
        Self {
            uri: "bolt://127.0.0.1:7687".into(),
            user: "neo4j".into(),
            password: Secret::new(DEFAULT_LOCAL_PASSWORD),
            database: None,
            max_connections: 16,
            connection_timeout_secs: 300,
        }
    }
}

/// The password the local development server is given when none is configured. It only
/// protects a server bound to the loopback interface; set `NEO4J_PASSWORD` to change it.
pub const DEFAULT_LOCAL_PASSWORD: &str = "guanxi-local";

/// The embedded Neo4j that `guanxi db start` manages.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LocalNeo4jSettings {
    /// Folder for the database files and the server's logs.
    pub home: PathBuf,
    /// The Java launcher: its Maven project in a source tree (built on first start), or its
    /// prebuilt jars in an unpacked release. Default: [`shipped_dir`]`("neo4j-launcher")`.
    pub launcher_dir: PathBuf,
    /// JVM heap, in Java's notation (`768m`, `1g`).
    pub heap: String,
    /// Neo4j page cache size (`256m`, `1g`).
    pub page_cache: String,
    /// How long `db start` waits for Bolt to answer.
    pub start_timeout_secs: u64,
    /// Neo4j's `db.transaction.timeout` (`10m`, `90s`): no transaction runs longer; a query
    /// that sets its own, shorter timeout (the API's reads) ends sooner.
    pub transaction_timeout: String,
}

impl Default for LocalNeo4jSettings {
    fn default() -> Self {
        Self {
            home: PathBuf::from(".guanxi/neo4j"),
            launcher_dir: shipped_dir("neo4j-launcher", LAUNCHER_MARKER),
            heap: "1g".into(),
            page_cache: "512m".into(),
            start_timeout_secs: 180,
            transaction_timeout: "10m".into(),
        }
    }
}

/// What the launcher folder of a release holds (the prebuilt jar, see `db::local`).
const LAUNCHER_MARKER: &str = "target/guanxi-neo4j-launcher.jar";

/// A folder that ships with guanxi (`neo4j-launcher`, `examples`), looked for in this order:
/// 1. next to the running binary (`std::env::current_exe()`'s folder, symlinks resolved), as
///    in an unpacked release (`guanxi-<version>/guanxi` beside `guanxi-<version>/examples/`),
///    when that folder holds `marker` (a file every shipped copy has): cargo makes an empty
///    `target/<profile>/examples/` beside the binaries it builds, which is no dataset;
/// 2. the source tree the binary was built from (`CARGO_MANIFEST_DIR`), as for `cargo run`
///    and the tests.
pub fn shipped_dir(name: &str, marker: &str) -> PathBuf {
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.to_path_buf()));
    shipped_dir_from(beside_binary.as_deref(), name, marker)
}

/// [`shipped_dir`] with the binary's folder given.
fn shipped_dir_from(binary_dir: Option<&Path>, name: &str, marker: &str) -> PathBuf {
    binary_dir
        .map(|dir| dir.join(name))
        .filter(|dir| dir.join(marker).is_file())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
}

impl Neo4jSettings {
    /// The connection timeout as a duration.
    pub fn connection_timeout(&self) -> Duration {
        Duration::from_secs(self.connection_timeout_secs)
    }
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The configuration file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The configuration file is not valid TOML for these settings.
    #[error("invalid configuration file {path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: toml::de::Error,
    },
    /// An environment variable has a value of the wrong type.
    #[error("environment variable {name}={value:?} is not valid: {reason}")]
    Env {
        /// Variable name.
        name: &'static str,
        /// Its value (never a secret: secrets are not parsed).
        value: String,
        /// What was expected.
        reason: &'static str,
    },
    /// `scan.schedule` is not a cron expression.
    #[error("scan.schedule = {value:?} is not a valid cron expression ({reason}); expected e.g. \"0 0 2 * * *\" (sec min hour day month weekday)")]
    Schedule {
        /// The configured value.
        value: String,
        /// What the parser said.
        reason: String,
    },
}

/// The default configuration file, read when present and no other file is given.
pub const DEFAULT_CONFIG_FILE: &str = "guanxi.toml";

/// Every environment variable [`Settings::load`] reads (a unit test keeps this list equal to
/// what it asks for), plus `GUANXI_LOG`, the log filter the command line reads. Deployment
/// files (docker-compose.yml) are checked against it, so that a misspelt name cannot be
/// silently ignored.
pub const ENV_VARS: [&str; 24] = [
    "GUANXI_CONFIG",
    "GUANXI_LOG",
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_USERNAME",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
    "NEO4J_MAX_CONNECTIONS",
    "NEO4J_CONNECTION_TIMEOUT_SECS",
    "GUANXI_NEO4J_HOME",
    "GUANXI_NEO4J_HEAP",
    "GUANXI_NEO4J_PAGE_CACHE",
    "GUANXI_NEO4J_START_TIMEOUT_SECS",
    "GUANXI_NEO4J_TX_TIMEOUT",
    "GUANXI_SCAN_SCHEDULE",
    "GUANXI_SCAN_LOCK_TTL_SECS",
    "GUANXI_AUDIT_SPOOL",
    "GUANXI_API_ALERTS_CACHE_MS",
    "GUANXI_API_QUERY_TIMEOUT_MS",
    "GUANXI_API_MAX_CONCURRENT_PER_TOKEN",
    "GUANXI_API_REQUESTS_PER_MINUTE_PER_TOKEN",
    "GUANXI_API_HEADER_READ_TIMEOUT_MS",
    "GUANXI_API_REQUEST_TIMEOUT_MS",
    "GUANXI_API_MAX_CONNECTIONS",
];

impl Settings {
    /// Loads settings: defaults, then `file` (or `guanxi.toml` if it exists, or the file named by
    /// `GUANXI_CONFIG`), then environment overrides.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        Self::load_with(file, |name| std::env::var(name).ok())
    }

    /// Like [`Settings::load`], with the environment given as a lookup function (for tests).
    pub fn load_with(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingsError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| env("GUANXI_CONFIG").map(PathBuf::from))
            .or_else(|| {
                let default = PathBuf::from(DEFAULT_CONFIG_FILE);
                default.exists().then_some(default)
            });
        let mut settings = match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| SettingsError::Read {
                        path: path.clone(),
                        source,
                    })?;
                toml::from_str(&text).map_err(|source| SettingsError::Parse { path, source })?
            }
            None => Settings::default(),
        };
        settings.apply_env(env)?;
        settings.scan.cron()?;
        Ok(settings)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), SettingsError> {
        let non_empty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = non_empty("NEO4J_URI") {
            self.neo4j.uri = v;
        }
        if let Some(v) = non_empty("NEO4J_USER").or_else(|| non_empty("NEO4J_USERNAME")) {
            self.neo4j.user = v;
        }
        if let Some(v) = env("NEO4J_PASSWORD") {
            self.neo4j.password = Secret::new(v);
        }
        if let Some(v) = non_empty("NEO4J_DATABASE") {
            self.neo4j.database = Some(v);
        }
        if let Some(v) = non_empty("NEO4J_MAX_CONNECTIONS") {
            self.neo4j.max_connections = parse_number("NEO4J_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = non_empty("NEO4J_CONNECTION_TIMEOUT_SECS") {
            self.neo4j.connection_timeout_secs = parse_number("NEO4J_CONNECTION_TIMEOUT_SECS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_NEO4J_HOME") {
            self.local.home = PathBuf::from(v);
        }
        if let Some(v) = non_empty("GUANXI_NEO4J_HEAP") {
            self.local.heap = v;
        }
        if let Some(v) = non_empty("GUANXI_NEO4J_PAGE_CACHE") {
            self.local.page_cache = v;
        }
        if let Some(v) = non_empty("GUANXI_NEO4J_START_TIMEOUT_SECS") {
            self.local.start_timeout_secs = parse_number("GUANXI_NEO4J_START_TIMEOUT_SECS", v)?;
        }
        if let Some(v) = env("GUANXI_SCAN_SCHEDULE") {
            self.scan.schedule = v;
        }
        if let Some(v) = non_empty("GUANXI_SCAN_LOCK_TTL_SECS") {
            self.scan.lock_ttl_secs = parse_number("GUANXI_SCAN_LOCK_TTL_SECS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_ALERTS_CACHE_MS") {
            self.api.alerts_cache_ms = parse_number("GUANXI_API_ALERTS_CACHE_MS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_AUDIT_SPOOL") {
            self.audit.spool = PathBuf::from(v);
        }
        if let Some(v) = non_empty("GUANXI_API_QUERY_TIMEOUT_MS") {
            self.api.query_timeout_ms = parse_number("GUANXI_API_QUERY_TIMEOUT_MS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_MAX_CONCURRENT_PER_TOKEN") {
            self.api.max_concurrent_per_token =
                parse_number("GUANXI_API_MAX_CONCURRENT_PER_TOKEN", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_REQUESTS_PER_MINUTE_PER_TOKEN") {
            self.api.requests_per_minute_per_token =
                parse_number("GUANXI_API_REQUESTS_PER_MINUTE_PER_TOKEN", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_HEADER_READ_TIMEOUT_MS") {
            self.api.header_read_timeout_ms = parse_number("GUANXI_API_HEADER_READ_TIMEOUT_MS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_REQUEST_TIMEOUT_MS") {
            self.api.request_timeout_ms = parse_number("GUANXI_API_REQUEST_TIMEOUT_MS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_API_MAX_CONNECTIONS") {
            self.api.max_connections = parse_number("GUANXI_API_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = non_empty("GUANXI_NEO4J_TX_TIMEOUT") {
            self.local.transaction_timeout = v;
        }
        Ok(())
    }
}

fn parse_number<T: std::str::FromStr>(
    name: &'static str,
    value: String,
) -> Result<T, SettingsError> {
    value.trim().parse().map_err(|_| SettingsError::Env {
        name,
        value,
        reason: "expected a whole number",
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_shipped_folder_beside_the_binary_counts_only_with_its_marker() {
        let root = std::env::temp_dir().join(format!("guanxi-shipped-{}", std::process::id()));
        let examples = root.join("examples");
        std::fs::create_dir_all(&examples).unwrap();
        let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        // Cargo's empty `target/<profile>/examples/`: not a dataset.
        assert_eq!(
            super::shipped_dir_from(Some(&root), "examples", "people.csv"),
            source_tree
        );
        std::fs::write(examples.join("people.csv"), "id,name\n").unwrap();
        assert_eq!(
            super::shipped_dir_from(Some(&root), "examples", "people.csv"),
            examples
        );
        assert_eq!(
            super::shipped_dir_from(None, "examples", "people.csv"),
            source_tree
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn environment_overrides_file_and_defaults() {
        let dir = std::env::temp_dir().join(format!("guanxi-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("guanxi.toml");
        std::fs::write(
            &file,
            "[neo4j]\nuri = \"bolt://db.example:7687\"\nuser = \"inspector\"\n[local]\nheap = \"2g\"\n",
        )
        .unwrap();
        let settings =
            Settings::load_with(Some(&file), env_of(&[("NEO4J_USER", "auditor")])).unwrap();
        assert_eq!(settings.neo4j.uri, "bolt://db.example:7687");
        assert_eq!(settings.neo4j.user, "auditor");
        assert_eq!(settings.local.heap, "2g");
        assert_eq!(settings.local.page_cache, "512m");
    }

    #[test]
    fn secrets_are_never_printed() {
        let settings =
            Settings::load_with(None, env_of(&[("NEO4J_PASSWORD", "hunter2-secret")])).unwrap();
        assert_eq!(settings.neo4j.password.expose(), "hunter2-secret");
        assert!(!format!("{settings:?}").contains("hunter2-secret"));
    }

    #[test]
    fn bad_numbers_in_the_environment_are_named() {
        let err =
            Settings::load_with(None, env_of(&[("NEO4J_MAX_CONNECTIONS", "many")])).unwrap_err();
        assert!(err.to_string().contains("NEO4J_MAX_CONNECTIONS"), "{err}");
    }

    /// The release's sample configuration (`deploy/guanxi.toml`) lists every setting with its
    /// default value: it loads with the real loader, changes nothing, and names each field of
    /// every section, so a new setting cannot be left out of it.
    #[test]
    fn the_sample_configuration_is_the_defaults_and_names_every_setting() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/guanxi.toml");
        let sample = std::fs::read_to_string(&path).unwrap();
        let parsed = Settings::load_with(Some(&path), env_of(&[])).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Settings::default()));
        let source = include_str!("settings.rs");
        let sections = [
            ("Settings", "["),
            ("Neo4jSettings", ""),
            ("LocalNeo4jSettings", ""),
            ("ScanSettings", ""),
            ("ApiSettings", ""),
            ("AuditSettings", ""),
            ("CaseSettings", ""),
        ];
        for (section, prefix) in sections {
            let body = source
                .split(&format!("pub struct {section} {{"))
                .nth(1)
                .and_then(|rest| rest.split("\n}").next())
                .unwrap();
            let fields = body.lines().filter_map(|line| {
                let (name, _) = line.trim().strip_prefix("pub ")?.split_once(':')?;
                Some(name)
            });
            for field in fields {
                let named = [
                    format!("\n{prefix}{field}"),
                    format!("\n# {prefix}{field}"),
                    format!("\n# [{prefix}{field}"),
                ];
                assert!(
                    named.iter().any(|n| sample.contains(n.as_str())),
                    "deploy/guanxi.toml does not name {section}.{field}"
                );
            }
        }
    }

    #[test]
    fn env_vars_lists_exactly_what_load_reads() {
        // With nothing set, every lookup happens (a set NEO4J_USER would hide NEO4J_USERNAME).
        let asked = std::sync::Mutex::new(std::collections::BTreeSet::new());
        Settings::load_with(None, |name| {
            asked.lock().unwrap().insert(name.to_string());
            None
        })
        .unwrap();
        let mut asked = asked.into_inner().unwrap();
        asked.insert("GUANXI_LOG".into());
        let listed: std::collections::BTreeSet<String> =
            ENV_VARS.iter().map(|name| name.to_string()).collect();
        assert_eq!(asked, listed);
    }

    #[test]
    fn unknown_keys_in_the_file_are_rejected() {
        let dir = std::env::temp_dir().join(format!("guanxi-settings-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("guanxi.toml");
        std::fs::write(&file, "[neo4j]\nurl = \"bolt://x\"\n").unwrap();
        let err = Settings::load_with(Some(&file), env_of(&[])).unwrap_err();
        assert!(err.to_string().contains("url"), "{err}");
    }
}
