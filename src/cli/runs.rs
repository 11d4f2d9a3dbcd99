//! `guanxi runs list`: the load runs (every `guanxi load` and API ingest), newest first, with
//! who ran them, the files, the row counts and where each stands (running, complete, failed,
//! or interrupted: left running by a process that is gone, or undone); `guanxi runs undo RUN
//! --yes` reverts one run (`crate::load::undo`), audited.

use std::time::Duration;

use clap::Subcommand;

use crate::db;
use crate::load::runs::{self, LoadRunView};
use crate::load::undo;
use crate::scan::runs::Trigger;
use crate::scan::ScanOptions;
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
    /// Revert what one load or ingest run changed: old values back, the records it created
    /// removed, then a whole scan. Refused when a later run touched the same records.
    Undo {
        /// The run id (`guanxi runs list`).
        run: String,
        /// Do it (without: only say whether it can be done).
        #[arg(long)]
        yes: bool,
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
        RunsCommand::Undo { run, yes } => {
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            db::apply_schema(&graph).await?;
            if !yes {
                undo::check(&graph, &run).await?;
                anyhow::bail!(
                    "load run {run} can be undone: its changes get their old values back and \
                     the records it created are removed; run it again with --yes to confirm"
                );
            }
            let mut entry = crate::audit::cli_entry("runs undo");
            entry.path = format!("guanxi runs undo {run}");
            let options = ScanOptions::from_settings(settings, Vec::new(), None)?;
            let scanner = super::notifying_scanner(&graph, settings);
            let report = undo::undo(&scanner, &run, &entry.token, Trigger::Cli, options).await;
            super::deliver_notifications(&scanner.notify).await;
            // Every attempt is audited with its outcome, as the API's answer would be.
            entry.status = match &report {
                Ok(_) => 200,
                Err(undo::UndoError::UnknownRun(_)) => 404,
                Err(
                    undo::UndoError::StillRunning(_)
                    | undo::UndoError::AlreadyUndone { .. }
                    | undo::UndoError::LaterRuns { .. },
                ) => 409,
                Err(_) => 500,
            };
            crate::audit::append_one(&graph, &entry).await?;
            let report = report?;
            println!(
                "load run {} undone ({}): {} changes restored, {} records removed; scan {} retired {} alerts",
                report.run,
                report.undo,
                report.restored,
                report.removed,
                report.scan,
                report.alerts_retired
            );
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
        if let Some(at) = &run.undone_at {
            out.push_str(&format!(
                "    undone {at} by {} ({})\n",
                run.undone_by.as_deref().unwrap_or("-"),
                run.undo_id.as_deref().unwrap_or("-")
            ));
        }
    }
    out.push_str(&format!("{} of {total} runs\n", runs.len()));
    out
}
