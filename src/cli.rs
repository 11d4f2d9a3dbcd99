//! The command line: one binary, one subcommand per job. Every subcommand calls the library,
//! so tests and users share the same code paths.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::db;
use crate::db::local::{LocalServer, ServerStatus, StartOutcome};
use crate::settings::Settings;

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
    /// Run the main job end to end on the local Neo4j.
    Demo,
}

/// `guanxi load DIR ...`
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The dataset folder (one file per table: people.csv, orgs.xlsx, ...).
    pub dir: PathBuf,
    /// How CSV files are decoded.
    #[arg(long, value_enum, default_value = "auto")]
    pub encoding: crate::load::source::Encoding,
    /// Rows per write transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch_size: u32,
    /// Folder for the rejects and warnings reports (one sub-folder per load run).
    #[arg(long, default_value = ".guanxi/runs")]
    pub report_dir: PathBuf,
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
    /// Delete all data (nodes and relationships); the schema stays.
    Reset {
        /// Required: confirms that all data is to be deleted.
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
        Command::Demo => run_demo(&settings).await,
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
        DbCommand::Reset { yes } => {
            if !yes {
                anyhow::bail!(
                    "`guanxi db reset` deletes all data in {}; run it again with --yes to confirm",
                    settings.neo4j.uri
                );
            }
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            let deleted = db::delete_all_data(&graph).await?;
            db::apply_schema(&graph).await?;
            println!(
                "deleted {deleted} nodes from {}; the schema is kept",
                settings.neo4j.uri
            );
            Ok(())
        }
    }
}

async fn run_load(settings: &Settings, args: LoadArgs) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let options = crate::load::LoadOptions {
        dir: args.dir,
        encoding: args.encoding,
        batch_size: args.batch_size as usize,
        report_dir: args.report_dir,
        progress: true,
    };
    let summary = crate::load::load_dir(&graph, &options).await?;
    print!("{}", summary.render());
    if summary.has_file_errors() {
        anyhow::bail!("some files could not be read to the end (see the summary above); the rows before the error were loaded");
    }
    Ok(())
}

/// The example dataset shipped with guanxi (the seed's stories, fictional people).
const EXAMPLES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

async fn run_demo(settings: &Settings) -> anyhow::Result<()> {
    let graph = crate::db::local::ensure_server(settings, &progress).await?;
    println!("Neo4j answers at {}; schema in place.", settings.neo4j.uri);
    progress(&format!("loading {EXAMPLES_DIR}"));
    let mut options = crate::load::LoadOptions::new(EXAMPLES_DIR);
    options.progress = true;
    let summary = crate::load::load_dir(&graph, &options).await?;
    print!("{}", summary.render());
    Ok(())
}
