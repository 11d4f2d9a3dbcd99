//! `guanxi identity ...`: identity review from the command line (list the possible identity
//! links, confirm, reject or undo one). Calls [`crate::identity::review`] like the API
//! does; every decision is written to the audit log at once, as the user `$USER` (or `cli`).

use std::time::Duration;

use clap::Subcommand;

use crate::audit::{self, AuditEntry};
use crate::db;
use crate::identity::review::{self, Decision, ReviewCandidate, ReviewError, ReviewStatus};
use crate::settings::Settings;

/// `guanxi identity ...`
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// List possible identity links with both records side by side, highest score first.
    List {
        /// Which links.
        #[arg(long, default_value = "pending", value_parser = parse_status)]
        status: ReviewStatus,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
        /// Page number from 1.
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Links per page (at most 500).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    /// The two records are one person: the link then counts like a certain one.
    Confirm(DecisionArgs),
    /// The two records are two people: the pair is never proposed again.
    Reject(DecisionArgs),
    /// Take back a decision: the link is pending again.
    Undo(DecisionArgs),
}

/// The two records of a decision and its note.
#[derive(Debug, clap::Args)]
pub struct DecisionArgs {
    /// One record id.
    pub a: String,
    /// The other record id.
    pub b: String,
    /// Why.
    #[arg(long, default_value = "")]
    pub note: String,
}

/// A review status word (`pending`, `confirmed`, `rejected`).
fn parse_status(word: &str) -> Result<ReviewStatus, String> {
    ReviewStatus::parse(word).ok_or_else(|| {
        let words: Vec<&str> = ReviewStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("not one of {}", words.join(", "))
    })
}

/// How candidates are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Both records side by side, for people.
    Table,
    /// The page as one JSON object.
    Json,
}

/// Runs one `guanxi identity` command.
pub async fn run(settings: &Settings, command: IdentityCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let (decision, args) = match command {
        IdentityCommand::List {
            status,
            format,
            page,
            per_page,
        } => {
            let page = review::list_candidates(&graph, status, page, per_page).await?;
            match format {
                ListFormat::Json => println!("{}", serde_json::to_string_pretty(&page)?),
                ListFormat::Table => {
                    for c in &page.candidates {
                        print_candidate(c);
                    }
                    println!(
                        "{} of {} {} links (page {})",
                        page.candidates.len(),
                        page.total,
                        page.status,
                        page.page
                    );
                }
            }
            return Ok(());
        }
        IdentityCommand::Confirm(args) => (Decision::Confirm, args),
        IdentityCommand::Reject(args) => (Decision::Reject, args),
        IdentityCommand::Undo(args) => (Decision::Undo, args),
    };
    let who = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "cli".into());
    let outcome = review::decide(&graph, &args.a, &args.b, decision, &who, &args.note).await;
    let status = match &outcome {
        Ok(_) => 200,
        Err(ReviewError::UnknownPair { .. }) => 404,
        Err(ReviewError::Unchanged { .. }) => 409,
        Err(ReviewError::Db(_)) => 500,
    };
    let entry = AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: who,
        role: "cli".into(),
        method: "CLI".into(),
        route: format!("guanxi identity {decision}"),
        path: format!("guanxi identity {decision} {} {}", args.a, args.b),
        entity_ids: vec![args.a.clone(), args.b.clone()],
        status,
        token_change: None,
        search: None,
        client: None,
    };
    audit::append_one(&graph, &entry).await?;
    let candidate = outcome?;
    println!(
        "{} ~ {}: {} ({})",
        candidate.a.id,
        candidate.b.id,
        candidate.status,
        match candidate.status {
            ReviewStatus::Confirmed => "counts as the same person from the next scan on",
            ReviewStatus::Rejected => "never proposed again",
            ReviewStatus::Pending => "back in review",
        }
    );
    Ok(())
}

/// One candidate: score and reason, then the two records' fields side by side.
fn print_candidate(c: &ReviewCandidate) {
    println!(
        "{} ~ {}  score {:.2}  [{}]",
        c.a.id,
        c.b.id,
        c.score.unwrap_or_default(),
        c.status
    );
    if let Some(reason) = &c.reason {
        println!("    {reason}");
    }
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let source = |r: &review::ReviewRecord| {
        format!(
            "{}:{}",
            or_dash(&r.source_file),
            r.source_line.map(|l| l.to_string()).unwrap_or_default()
        )
    };
    let id_number = |r: &review::ReviewRecord| {
        r.id_number
            .clone()
            .or_else(|| {
                r.id_number_invalid
                    .as_ref()
                    .map(|n| format!("{n} (invalid)"))
            })
            .unwrap_or_else(|| "-".into())
    };
    let rows = [
        ("name", or_dash(&c.a.name), or_dash(&c.b.name)),
        ("birth", or_dash(&c.a.birth_date), or_dash(&c.b.birth_date)),
        ("gender", or_dash(&c.a.gender), or_dash(&c.b.gender)),
        ("id number", id_number(&c.a), id_number(&c.b)),
        ("phone", or_dash(&c.a.phone), or_dash(&c.b.phone)),
        ("address", or_dash(&c.a.address), or_dash(&c.b.address)),
        ("source", source(&c.a), source(&c.b)),
    ];
    for (label, a, b) in rows {
        println!("    {label:<10} {a:<32} {b}");
    }
}
