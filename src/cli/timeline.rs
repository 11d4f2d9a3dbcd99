//! `guanxi timeline ID [--from D] [--to D] [--format json]`: the dated events around a
//! person, org, company or case, oldest first (the same library function as
//! `GET /api/timeline/{id}`, unscoped).

use std::time::Duration;

use crate::db;
use crate::settings::Settings;
use crate::timeline::{self, DateRange};

/// `guanxi timeline ID ...`
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// The entity (person, org, company, ...) or case (C-2026-0001).
    pub id: String,
    /// First day (2015-01-01; also 2015/1/1 or 2015年1月1日).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day.
    #[arg(long)]
    pub to: Option<String>,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: TimelineFormat,
}

/// How the timeline is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineFormat {
    /// One line per event.
    Table,
    /// The timeline as JSON (as the API answers).
    Json,
}

/// Prints the timeline of `args.id`.
pub async fn run(settings: &Settings, args: TimelineArgs) -> anyhow::Result<()> {
    // The dates are checked before anything is asked of Neo4j.
    let range = DateRange::parse(args.from.as_deref(), args.to.as_deref())?;
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    let Some(found) = timeline::timeline(&graph, &args.id, None, range).await? else {
        anyhow::bail!("no entity or case {}", args.id);
    };
    match args.format {
        TimelineFormat::Json => println!("{}", serde_json::to_string_pretty(&found)?),
        TimelineFormat::Table => print!("{}", timeline::render(&found)),
    }
    Ok(())
}
