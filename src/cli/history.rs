//! `guanxi history ID`: an entity's change history, newest first, as a table or JSON (the
//! same library function as `GET /api/entities/{id}/history`, unscoped).

use std::time::Duration;

use crate::db;
use crate::history;
use crate::settings::Settings;

/// `guanxi history ID ...`
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The entity (person, org, company, ...).
    pub id: String,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: HistoryFormat,
    /// Entries to skip (newest first).
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Entries to show.
    #[arg(long, default_value_t = history::DEFAULT_LIMIT)]
    pub limit: u64,
}

/// How the history is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    /// One line per changed property.
    Table,
    /// The page as JSON (as the API answers).
    Json,
}

/// Prints the history of `args.id`.
pub async fn run(settings: &Settings, args: HistoryArgs) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    let Some(page) =
        history::entity_history(&graph, &args.id, None, args.offset, args.limit).await?
    else {
        anyhow::bail!("no entity {}", args.id);
    };
    match args.format {
        HistoryFormat::Json => println!("{}", serde_json::to_string_pretty(&page)?),
        HistoryFormat::Table => print!("{}", history::render(&page)),
    }
    Ok(())
}
