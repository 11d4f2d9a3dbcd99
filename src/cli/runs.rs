//! `guanxi runs list`: the load runs (every `guanxi load` and API ingest), newest first, with
//! who ran them, the files, the row counts and where each stands (running, complete, failed,
//! or interrupted: left running by a process that is gone).

use std::time::Duration;

use clap::Subcommand;

use crate::db;
use crate::load::runs::{self, LoadRunView};
use crate::settings::Settings;

/// `guanxi runs ...`
#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// List load and ingest runs, newest first.
    List {
        /// How many runs to show.
        #[arg(long, default_value_t = 50)]
        limit: u64,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: RunsFormat,
    },
}

/// How runs are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunsFormat {
    /// A table for people.
    Table,
    /// The page as JSON (`{"total": .., "runs": [..]}`), as `GET /api/loads` gives it.
    Json,
}

/// Runs one `runs` subcommand.
pub async fn run(settings: &Settings, command: RunsCommand) -> anyhow::Result<()> {
    match command {
        RunsCommand::List { limit, format } => {
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            let page = runs::list(&graph, 0, limit, runs::STALE_AFTER).await?;
            match format {
                RunsFormat::Json => println!("{}", serde_json::to_string_pretty(&page)?),
                RunsFormat::Table => print!("{}", table(&page.runs, page.total)),
            }
            Ok(())
        }
    }
}

fn table(runs: &[LoadRunView], total: i64) -> String {
    let mut out = format!(
        "{:<32} {:<7} {:<12} {:<25} {:>9} {:>9} {:>8}  {}\n",
        "run", "kind", "status", "started", "read", "loaded", "rejected", "by / from"
    );
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    for run in runs {
        out.push_str(&format!(
            "{:<32} {:<7} {:<12} {:<25} {:>9} {:>9} {:>8}  {} {}\n",
            run.id,
            run.kind.map(|k| k.as_str()).unwrap_or("-"),
            run.status.as_str(),
            run.started_at.as_deref().unwrap_or("-"),
            number(run.rows_read),
            number(run.rows_loaded),
            number(run.rows_rejected),
            run.by.as_deref().unwrap_or("-"),
            run.dir.as_deref().unwrap_or("-"),
        ));
        if let Some(error) = &run.error {
            out.push_str(&format!("    error: {error}\n"));
        }
    }
    out.push_str(&format!("{} of {total} runs\n", runs.len()));
    out
}
