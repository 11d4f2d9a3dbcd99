//! `guanxi tip show ID` and `guanxi tip list`: the tips inbox on the command line, through
//! the same library functions as `GET /api/tips/{id}` and `GET /api/tips` (unscoped: the
//! command line reads the whole graph). An unknown tip is an error (non-zero exit).

use std::time::Duration;

use crate::db;
use crate::settings::Settings;
use crate::tips::{self, MatcherCache};

/// `guanxi tip ...`
#[derive(Debug, clap::Subcommand)]
pub enum TipCommand {
    /// Open a tip: the entities it names, the alerts about them, the connecting paths.
    Show {
        /// The tip's id (t-2017-001).
        id: String,
        /// Output format (table or json).
        #[arg(long, value_enum, default_value = "table")]
        format: TipFormat,
    },
    /// The inbox, newest first: id, date, the first characters, how many entities it names.
    List {
        /// Only tips whose text holds this (case-insensitive).
        #[arg(long, short)]
        q: Option<String>,
        /// Page number from 1.
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Tips per page.
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Output format (table or json).
        #[arg(long, value_enum, default_value = "table")]
        format: TipFormat,
    },
}

/// How a tip or the inbox is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TipFormat {
    /// Text for people, Chinese first with English beside.
    Table,
    /// JSON, as the API answers.
    Json,
}

/// Runs a `guanxi tip` subcommand.
pub async fn run(settings: &Settings, command: TipCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    let cache = MatcherCache::default();
    match command {
        TipCommand::Show { id, format } => {
            let timeout = Duration::from_millis(settings.api.query_timeout_ms);
            let Some(tip) = tips::open_tip(&graph, &cache, id.trim(), None, timeout).await? else {
                anyhow::bail!("没有这条举报 no tip {}", id.trim());
            };
            match format {
                TipFormat::Json => println!("{}", serde_json::to_string_pretty(&tip)?),
                TipFormat::Table => print!("{}", tips::render_tip(&tip)),
            }
        }
        TipCommand::List {
            q,
            page,
            per_page,
            format,
        } => {
            let page = tips::list_tips(&graph, &cache, q.as_deref(), page, per_page, None).await?;
            match format {
                TipFormat::Json => println!("{}", serde_json::to_string_pretty(&page)?),
                TipFormat::Table => print!("{}", tips::render_page(&page)),
            }
        }
    }
    Ok(())
}
