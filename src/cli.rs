//! The command line: one binary, one subcommand per job. Every subcommand calls the library,
//! so tests and users share the same code paths.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::db;
use crate::db::local::{LocalServer, ServerStatus, StartOutcome};
use crate::scan::runs::{start_scan, ScanRequest, Scanner, Trigger};
use crate::scan::ScanOptions;
use crate::settings::Settings;

mod alerts;
mod audit;
mod backup;
mod cases;
mod ftm;
mod health;
mod history;
mod identity;
mod retract;
mod runs;
mod timeline;
mod tip;
mod token;
mod watch;

/// guanxi (关系): conflict-of-interest detection over a Neo4j graph.
#[derive(Debug, Parser)]
#[command(name = "guanxi", version, about)]
pub struct Cli {
    /// Configuration file (TOML). Default: ./guanxi.toml if present, or $GUANXI_CONFIG.
    /// Environment variables (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, ...) override it.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run and manage the local Neo4j server, and the schema.
    #[command(subcommand)]
    Db(DbCommand),
    /// Load every table of the data contract found in a folder (.csv or .xlsx).
    Load(LoadArgs),
    /// Run the conflict-of-interest patterns, store the alerts and print them.
    Scan(ScanArgs),
    /// Show an org's portrait (seven risk dimensions scored against its peers), or a
    /// region's table of portraits.
    Portrait(PortraitArgs),
    /// Generate a realistic synthetic dataset with planted cases and their ground truth.
    Gen {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Size: small (tests), county (~100,000 people) or city (~1,000,000).
        #[arg(long, default_value = "small")]
        preset: crate::gen::Preset,
        /// Random seed: the same seed and preset give byte-identical files.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Serve the HTTP API (and the web page) until Ctrl-C or SIGTERM.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Manage API tokens.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Run the main job end to end on the local Neo4j.
    Demo,
    /// Review possible identity links: list, confirm, reject, undo.
    #[command(subcommand)]
    Identity(identity::IdentityCommand),
    /// Check the audit log (`guanxi audit verify`).
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Load and ingest runs: `guanxi runs list`.
    #[command(subcommand)]
    Runs(runs::RunsCommand),
    /// Show an entity's change history (old → new, when, run, who, source file and line).
    History(history::HistoryArgs),
    /// Show the dated events around a person, org, company or case (时间线), oldest first.
    Timeline(timeline::TimelineArgs),
    /// Retract a family tie, a company role, a post or an entity (with a reason), or list
    /// the retractions.
    #[command(subcommand)]
    Retract(retract::RetractCommand),
    /// The tips inbox: `guanxi tip show ID`, `guanxi tip list`.
    #[command(subcommand)]
    Tip(tip::TipCommand),
    /// Cases (线索/案件): create, list, show, add or remove items, notes, status.
    #[command(subcommand)]
    Case(cases::CaseCommand),
    /// Alert work: `guanxi alerts triage --status S --note N ID..` (bulk triage).
    #[command(subcommand)]
    Alerts(alerts::AlertsCommand),
    /// Watchlists: `guanxi watch add|remove|list --as TOKEN_NAME ...`.
    #[command(subcommand)]
    Watch(watch::WatchCommand),
    /// Ask a running service whether it is ready: exits 0 when URL answers 2xx (the Docker
    /// image's health check; the image has no curl).
    Health {
        /// The route to ask.
        #[arg(long, default_value = "http://127.0.0.1:8080/readyz")]
        url: String,
    },
    /// Export records as FollowTheMoney JSON lines: `guanxi export --format ftm --all`.
    Export(ftm::ExportArgs),
}

/// `guanxi portrait ORG_ID | --region REGION`
#[derive(Debug, clap::Args)]
pub struct PortraitArgs {
    /// The org (village, community, town ...).
    #[arg(required_unless_present = "region")]
    pub org: Option<String>,
    /// All orgs of a region instead, riskiest first.
    #[arg(long, conflicts_with = "org")]
    pub region: Option<String>,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// How alerts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON array of alert objects on stdout.
    Json,
    /// CSV, one alert per line.
    Csv,
}

/// `guanxi scan ...`
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Run only these patterns (repeatable); default all.
    #[arg(long = "pattern", value_name = "ID")]
    pub patterns: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// The day the scan looks from (YYYY-MM-DD); default today.
    #[arg(long)]
    pub as_of: Option<String>,
}

/// `guanxi load DIR ...`
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The dataset folder (one file per table: people.csv, orgs.xlsx, ...), or with
    /// `--format ftm` a file of FollowTheMoney JSON lines.
    pub dir: PathBuf,
    /// `csv`: a dataset folder of the data contract (the default); `ftm`: FollowTheMoney
    /// JSON lines, converted to the contract's tables and loaded like them.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: LoadFormat,
    /// How CSV files are decoded.
    #[arg(long, value_enum, default_value = "auto")]
    pub encoding: crate::load::source::Encoding,
    /// Rows per write transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch_size: u32,
    /// Folder for the rejects and warnings reports (one sub-folder per load run).
    #[arg(long, default_value = ".guanxi/runs")]
    pub report_dir: PathBuf,
    /// An empty cell removes the stored value (without it, an empty cell or a missing column
    /// leaves the stored value alone).
    #[arg(long)]
    pub clear_empty: bool,
}

/// What `guanxi load` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LoadFormat {
    /// A dataset folder of .csv/.xlsx tables.
    Csv,
    /// A file of FollowTheMoney JSON lines.
    Ftm,
}

/// `guanxi db ...`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Start the local Neo4j (building its launcher if needed) and wait until it answers.
    Start,
    /// Stop the local Neo4j; leaves no process behind.
    Stop,
    /// Say whether the local Neo4j runs and answers.
    Status,
    /// Apply the schema (constraints and indexes) to the configured server.
    Schema,
    /// Delete all data (nodes and relationships) except API tokens and the audit log; the
    /// schema stays. The reset itself is audited.
    Reset {
        /// Required: confirms that all data is to be deleted.
        #[arg(long)]
        yes: bool,
        /// Delete API tokens and the audit log too.
        #[arg(long)]
        all: bool,
    },
    /// Copy the local database into DIR (stops the local Neo4j for the copy, then starts it
    /// again if it was running), with a manifest of counts and checksums.
    Backup {
        /// Backup folder (empty or absent).
        dir: PathBuf,
        /// Replace the backup already in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Replace the local database with the backup in DIR, then check its counts.
    Restore {
        /// Backup folder (written by `guanxi db backup`).
        dir: PathBuf,
        /// Required: confirms that the current database is to be replaced.
        #[arg(long)]
        yes: bool,
    },
}

/// Parses the command line, runs it, prints errors with their causes.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GUANXI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Db(command) => run_db(&settings, command).await,
        Command::Load(args) => run_load(&settings, args).await,
        Command::Scan(args) => run_scan(&settings, args).await,
        Command::Portrait(args) => run_portrait(&settings, args).await,
        Command::Gen { out, preset, seed } => {
            let started = std::time::Instant::now();
            let summary = crate::gen::generate(&crate::gen::GenOptions {
                out: out.clone(),
                preset,
                seed,
            })?;
            for (table, rows) in &summary.files {
                println!("{table:<14} {rows:>9} rows");
            }
            for (pattern, count) in &summary.planted {
                println!("planted {pattern:<24} {count:>5}");
            }
            println!(
                "{} preset, seed {seed}, written to {} in {:.1} s; ground truth: {}",
                preset,
                out.display(),
                started.elapsed().as_secs_f64(),
                summary.ground_truth.display()
            );
            Ok(())
        }
        Command::Serve { addr } => crate::service::run(settings, addr).await,
        Command::Token(command) => token::run(&settings, command).await,
        Command::Demo => run_demo(&settings).await,
        Command::Identity(command) => identity::run(&settings, command).await,
        Command::Audit(command) => audit::run(&settings, command).await,
        Command::Runs(command) => runs::run(&settings, command).await,
        Command::History(args) => history::run(&settings, args).await,
        Command::Timeline(args) => timeline::run(&settings, args).await,
        Command::Retract(command) => retract::run(&settings, command).await,
        Command::Tip(command) => tip::run(&settings, command).await,
        Command::Case(command) => cases::run(&settings, command).await,
        Command::Alerts(command) => alerts::run(&settings, command).await,
        Command::Watch(command) => watch::run(&settings, command).await,
        Command::Health { url } => health::run(&url).await,
        Command::Export(args) => ftm::run_export(&settings, args).await,
    }
}

fn progress(message: &str) {
    eprintln!("· {message}");
}

async fn run_db(settings: &Settings, command: DbCommand) -> anyhow::Result<()> {
    match command {
        DbCommand::Start => {
            let server = LocalServer::new(settings)?;
            match server.start(&progress).await? {
                StartOutcome::Started { pid } => println!(
                    "Neo4j started (pid {pid}): bolt://{}\n  data: {}\n  logs: {} and {}",
                    server.addr(),
                    server.home().display(),
                    server.log_path().display(),
                    server.debug_log_path().display()
                ),
                StartOutcome::AlreadyRunning { pid } => println!(
                    "Neo4j is already running (pid {pid}): bolt://{}\n  logs: {}",
                    server.addr(),
                    server.log_path().display()
                ),
            }
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            db::apply_schema(&graph).await?;
            Ok(())
        }
        DbCommand::Stop => {
            let server = LocalServer::new(settings)?;
            match server.stop()? {
                Some(pid) => println!("Neo4j stopped (pid {pid})"),
                None => println!("Neo4j was not running"),
            }
            Ok(())
        }
        DbCommand::Status => {
            let server = LocalServer::new(settings)?;
            match server.status().await {
                ServerStatus::Running { pid, answering } => println!(
                    "running (pid {pid}) on bolt://{}, {}\n  data: {}\n  logs: {}",
                    server.addr(),
                    if answering {
                        "answering"
                    } else {
                        "not answering yet"
                    },
                    server.home().display(),
                    server.log_path().display()
                ),
                ServerStatus::Stopped => println!("stopped"),
            }
            Ok(())
        }
        DbCommand::Schema => {
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            db::apply_schema(&graph).await?;
            println!("schema applied to {}", settings.neo4j.uri);
            Ok(())
        }
        DbCommand::Backup { dir, force } => backup::run_backup(settings, &dir, force).await,
        DbCommand::Restore { dir, yes } => backup::run_restore(settings, &dir, yes).await,
        DbCommand::Reset { yes, all } => {
            if !yes {
                anyhow::bail!(
                    "`guanxi db reset` deletes all data in {}; run it again with --yes to confirm",
                    settings.neo4j.uri
                );
            }
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            let keep = if all {
                db::Keep::Nothing
            } else {
                db::Keep::TokensAndAudit
            };
            let deleted = db::reset_data(&graph, keep, &|p| {
                eprintln!(
                    "reset: {} nodes and {} relationships deleted so far",
                    p.nodes, p.relationships
                )
            })
            .await?;
            db::apply_schema(&graph).await?;
            // Audited after the deletion, so that after --all the new log starts with it.
            let entry = crate::audit::cli_entry(if all { "db reset --all" } else { "db reset" });
            crate::audit::append_one(&graph, &entry).await?;
            println!(
                "deleted {deleted} nodes from {}; the schema is kept{}",
                settings.neo4j.uri,
                if all {
                    ""
                } else {
                    ", and so are API tokens and the audit log"
                }
            );
            Ok(())
        }
    }
}

/// What a failed load says before its cause.
const LOAD_FAILED: &str = "the load failed (its run is marked failed, or interrupted when Neo4j \
was lost: `guanxi runs list`); the rows written before the failure are kept, and running the same \
load again finishes the job";

async fn run_load(settings: &Settings, args: LoadArgs) -> anyhow::Result<()> {
    let options = crate::load::LoadOptions {
        dir: args.dir,
        encoding: args.encoding,
        batch_size: args.batch_size as usize,
        report_dir: args.report_dir,
        progress: true,
        clear: if args.clear_empty {
            crate::load::update::Clear::EmptyCells
        } else {
            crate::load::update::Clear::Nothing
        },
        by: crate::load::cli_user(),
    };
    if args.format == LoadFormat::Ftm {
        return ftm::run_load_ftm(settings, options.dir.clone(), options).await;
    }
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let summary = crate::load::load_dir(&graph, &options)
        .await
        .map_err(|e| match e {
            // Failures once the run may have started (Neo4j lost, a report not written).
            crate::load::LoadError::Db(_)
            | crate::load::LoadError::Report { .. }
            | crate::load::LoadError::Io { .. } => anyhow::Error::new(e).context(LOAD_FAILED),
            e => e.into(),
        })?;
    print!("{}", summary.render());
    let tips = summary
        .tables
        .iter()
        .any(|t| t.table == "tips" && t.loaded > 0);
    if tips && settings.notify.iter().any(|t| t.watchlist.is_some()) {
        // New tips go to the watchlists' `[[notify]]` targets, as after an ingest of tips.
        let notify = crate::notify::Notifier::start(graph.clone(), settings.notify.clone());
        notify.tips_loaded(&summary.run);
        deliver_notifications(&notify).await;
    }
    if summary.has_file_errors() {
        anyhow::bail!("some files could not be read to the end (see the summary above); the rows before the error were loaded");
    }
    Ok(())
}

/// Scan options from the command line's patterns and day, and the configuration.
fn scan_options(
    settings: &Settings,
    patterns: Vec<String>,
    as_of: Option<&str>,
) -> anyhow::Result<ScanOptions> {
    let as_of = as_of.map(crate::domain::parse_date).transpose()?;
    Ok(ScanOptions::from_settings(settings, patterns, as_of)?)
}

/// What a failed scan says after its cause.
const SCAN_FAILED: &str = "; what it wrote before the failure is kept and a rerun derives it \
again; when Neo4j was lost, the run shows as interrupted and the scan lock stays taken until it \
expires (scan.lock_ttl_secs), then run the scan again";

/// Runs a scan through the scan lock, so that it never runs beside a scheduled or requested
/// scan (on any replica); it is recorded as a scan run like theirs. A busy lock is an error
/// naming the scan that holds it.
async fn scan_under_lock(
    graph: &neo4rs::Graph,
    settings: &Settings,
    options: ScanOptions,
) -> anyhow::Result<crate::scan::ScanSummary> {
    let scanner = notifying_scanner(graph, settings);
    let request = ScanRequest::with_options(Trigger::Cli, "cli", options);
    let started = start_scan(&scanner, request).await?;
    let outcome = started.handle.await?;
    deliver_notifications(&scanner.notify).await;
    outcome
        .result
        .map_err(|error| anyhow::anyhow!("scan run {} failed: {error}{SCAN_FAILED}", outcome.id))
}

/// How long the command line waits for a scan's notifications before it exits.
const NOTIFY_DRAIN: Duration = Duration::from_secs(60);

/// A scanner whose scans notify the `[[notify]]` targets (call [`deliver_notifications`]
/// before the command ends).
pub(crate) fn notifying_scanner(graph: &neo4rs::Graph, settings: &Settings) -> Scanner {
    let mut scanner = Scanner::new(graph.clone(), std::sync::Arc::new(settings.clone()));
    scanner.notify = crate::notify::Notifier::start(graph.clone(), settings.notify.clone());
    scanner
}

/// Waits for the notifications of the scan just run (the `[[notify]]` targets), at most
/// [`NOTIFY_DRAIN`], and says what was sent and what was not.
pub(crate) async fn deliver_notifications(notify: &crate::notify::Notifier) {
    if !notify.enabled() {
        return;
    }
    let drained = notify.drain(NOTIFY_DRAIN).await;
    let metrics = notify.metrics();
    eprintln!(
        "notifications: {} sent, {} failed",
        metrics.sent(),
        metrics.failed()
    );
    if !drained {
        eprintln!(
            "notifications: still delivering after {} s; the rest are dropped at exit and not resent by the next scan (the alerts stay in the inbox)",
            NOTIFY_DRAIN.as_secs()
        );
    }
}

async fn run_scan(settings: &Settings, args: ScanArgs) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let options = scan_options(settings, args.patterns.clone(), args.as_of.as_deref())?;
    let summary = scan_under_lock(&graph, settings, options).await?;
    eprintln!(
        "scan {}: {} kinship relations derived, {} alerts in {:.1} s, {} retired",
        summary.scan,
        summary.kin,
        summary.alerts,
        summary.seconds,
        summary.retired_total()
    );
    for ((id, count, seconds), (_, retired)) in summary.patterns.iter().zip(&summary.retired) {
        let retired = match retired {
            0 => String::new(),
            n => format!("  ({n} retired)"),
        };
        eprintln!("  {id:<24} {count:>6} alerts {seconds:>7.2} s{retired}");
    }
    // The alerts of the patterns run that hold, then those this scan retired (status
    // `retired`); alerts retired by earlier scans are left out.
    let filter = crate::scan::AlertFilter {
        patterns: summary
            .patterns
            .iter()
            .map(|(id, _, _)| id.clone())
            .collect(),
        status: None,
    };
    let alerts = crate::scan::list_alerts(&graph, &filter).await?;
    let retired = crate::scan::alerts::alerts_retired_by(&graph, &summary.scan).await?;
    print_alerts(&alerts, &retired, args.format)?;
    Ok(())
}

/// Prints alerts, then `retired` (the alerts a scan retired) marked as such: in JSON and CSV
/// they follow with their status `retired`, in the table under a line of their own.
fn print_alerts(
    alerts: &[crate::scan::Alert],
    retired: &[crate::scan::Alert],
    format: Format,
) -> anyhow::Result<()> {
    let both = || alerts.iter().chain(retired);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&both().collect::<Vec<_>>())?
        ),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(std::io::stdout());
            writer.write_record([
                "id",
                "pattern",
                "severity",
                "status",
                "subjects",
                "summary_zh",
                "summary_en",
                "first_seen",
                "last_seen",
            ])?;
            for a in both() {
                // Text cells quoted against spreadsheet formulas (`crate::csv_out`).
                crate::csv_out::write_text_record(
                    &mut writer,
                    &[
                        a.id.as_str(),
                        &a.pattern,
                        a.severity.as_str(),
                        a.status.as_str(),
                        &a.subjects.join(";"),
                        &a.summary.zh,
                        &a.summary.en,
                        &a.first_seen,
                        &a.last_seen,
                    ],
                )?;
            }
            writer.flush()?;
        }
        Format::Table => {
            for a in alerts {
                println!("[{}] {} {} ({})", a.severity, a.pattern, a.id, a.status);
                println!("    {}", a.summary.zh);
                println!("    {}", a.summary.en);
            }
            println!("{} alerts", alerts.len());
            if !retired.is_empty() {
                println!("retired by this scan (the finding no longer holds):");
                for a in retired {
                    println!("[{}] {} {} ({})", a.severity, a.pattern, a.id, a.status);
                    println!("    {}", a.summary.en);
                }
                println!("{} retired", retired.len());
            }
        }
    }
    Ok(())
}

async fn run_portrait(settings: &Settings, args: PortraitArgs) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    let portraits = match (&args.org, &args.region) {
        (Some(org), _) => match crate::portrait::portrait(&graph, org).await? {
            Some(p) => vec![p],
            None => anyhow::bail!("no org {org}"),
        },
        (None, Some(region)) => crate::portrait::region_portraits(&graph, region).await?,
        (None, None) => anyhow::bail!("give an org id or --region"),
    };
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&portraits)?);
        return Ok(());
    }
    if args.org.is_some() {
        let p = &portraits[0];
        println!(
            "{} {} ({}, {} peers) 综合 overall {} [{}]",
            p.org, p.name, p.kind, p.peers, p.overall, p.level
        );
        for d in &p.dimensions {
            let indicators: Vec<String> = d
                .indicators
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            println!(
                "  {:<8} {:<26} {:>3}  {}",
                d.name_zh,
                d.name_en,
                d.score,
                indicators.join(" ")
            );
        }
    } else {
        println!(
            "{:<14} {:<12} {:<10} {:>7}  level",
            "org", "name", "kind", "overall"
        );
        for p in &portraits {
            println!(
                "{:<14} {:<12} {:<10} {:>7}  {}",
                p.org, p.name, p.kind, p.overall, p.level
            );
        }
    }
    Ok(())
}

async fn run_demo(settings: &Settings) -> anyhow::Result<()> {
    // The example dataset shipped with guanxi (the seed's stories, fictional people): beside
    // the binary in a release, else in the source tree.
    let examples = crate::settings::shipped_dir("examples", "people.csv");
    let graph = crate::db::local::ensure_server(settings, &progress).await?;
    println!("Neo4j answers at {}; schema in place.", settings.neo4j.uri);
    progress(&format!("loading {}", examples.display()));
    let mut options = crate::load::LoadOptions::new(examples);
    options.progress = true;
    let summary = crate::load::load_dir(&graph, &options).await?;
    print!("{}", summary.render());
    progress("scanning");
    let options = scan_options(settings, Vec::new(), None)?;
    let scan = scan_under_lock(&graph, settings, options).await?;
    println!(
        "\nscan {}: {} alerts in {:.1} s",
        scan.scan, scan.alerts, scan.seconds
    );
    let alerts = crate::scan::list_alerts(&graph, &crate::scan::AlertFilter::default()).await?;
    print_alerts(&alerts, &[], Format::Table)?;
    Ok(())
}
