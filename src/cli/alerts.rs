//! `guanxi alerts ...`: alert work from the command line, over [`crate::scan::alerts`] like
//! the `/api/alerts` routes. The user is `cli:$USER`, who sees every alert (no region
//! scope); a bulk triage is written to the audit log at once, naming every alert asked for.

use std::time::Duration;

use clap::Subcommand;

use crate::db;
use crate::domain::AlertStatus;
use crate::scan::alerts::bulk::{self, BulkOutcome};
use crate::settings::Settings;

/// `guanxi alerts ...`
#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Triage many alerts at once: one status and one note (the single triage's rules and
    /// history per alert); prints a line per alert and fails if none changed.
    Triage {
        /// `in_review`, `confirmed` or `dismissed`.
        #[arg(long, value_parser = parse_status)]
        status: AlertStatus,
        /// Why (one note for all).
        #[arg(long, default_value = "")]
        note: String,
        /// The alert ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

fn parse_status(word: &str) -> Result<AlertStatus, String> {
    AlertStatus::parse(word)
        .filter(|s| *s != AlertStatus::Retired)
        .ok_or_else(|| format!("{word:?} is not one of in_review, confirmed, dismissed"))
}

/// Runs one `guanxi alerts` command.
pub async fn run(settings: &Settings, command: AlertsCommand) -> anyhow::Result<()> {
    match command {
        AlertsCommand::Triage { status, note, ids } => {
            let ids = bulk::check_request(&ids, status)?;
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            let by = crate::load::cli_user();
            let done = bulk::triage_many(&graph, &ids, status, &by, &note, None).await;
            let entry = bulk::audit_entry(&ids, status, done.as_ref(), (&by, "cli", "CLI"));
            crate::audit::append_one(&graph, &entry).await?;
            let done = done?;
            for item in &done.items {
                match item.outcome {
                    BulkOutcome::Changed => println!(
                        "{}\t{} → {status}",
                        item.id,
                        item.from.map(AlertStatus::as_str).unwrap_or("?")
                    ),
                    other => println!(
                        "{}\t{other}: {}",
                        item.id,
                        item.reason.as_deref().unwrap_or("")
                    ),
                }
            }
            println!("{} of {} alerts changed", done.changed, done.items.len());
            if done.changed == 0 {
                anyhow::bail!("no alert changed (see the lines above)");
            }
            Ok(())
        }
    }
}
