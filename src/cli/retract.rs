//! `guanxi retract ...`: take back a family tie, a company role, a post or a whole entity,
//! with a reason (required), then recompute what derives from it (a whole scan and the region
//! scopes); `guanxi retract list` shows every retraction. Calls [`crate::retract`] like the
//! `DELETE` routes do; each retraction, refused ones too, is written to the audit log at once
//! with the user (`cli:$USER`) and the reason.

use std::time::Duration;

use clap::Subcommand;

use crate::audit;
use crate::db;
use crate::domain::CompanyRole;
use crate::retract::{self, Target};
use crate::scan::runs::Trigger;
use crate::settings::Settings;

/// `guanxi retract ...`
#[derive(Debug, Subcommand)]
pub enum RetractCommand {
    /// The primitive family ties between two people (either direction).
    Kinship {
        /// One person.
        a: String,
        /// The other.
        b: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// A person's (or corporate shareholder's) role in a company.
    Role {
        /// The company.
        company: String,
        /// The person or company standing in it.
        person: String,
        /// The role (法定代表人 / legal_rep, 股东 / shareholder, ...).
        #[arg(value_parser = parse_role)]
        role: CompanyRole,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// A post held in an org (every post of that title there).
    Position {
        /// The person.
        person: String,
        /// The org.
        org: String,
        /// The post's title.
        title: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// A whole record, softly: it leaves every pattern, search and view, and stays in the
    /// database and the history.
    Entity {
        /// Its id.
        id: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// Every retraction: what, when, by whom, why.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn parse_role(word: &str) -> Result<CompanyRole, String> {
    CompanyRole::parse(word).map_err(|e| e.to_string())
}

/// Runs one `guanxi retract` command.
pub async fn run(settings: &Settings, command: RetractCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let (target, reason) = match command {
        RetractCommand::List { json } => {
            let all = retract::list(&graph).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                println!("撤回记录 Retractions ({})", all.len());
                for r in &all {
                    println!(
                        "{}\t{}\t{} {}\tby {}\t{} ties removed\treason: {}",
                        r.at,
                        r.id,
                        r.kind,
                        r.keys.join(" "),
                        r.by,
                        r.removed,
                        r.reason
                    );
                }
            }
            return Ok(());
        }
        RetractCommand::Kinship { a, b, reason } => (Target::Kinship { a, b }, reason),
        RetractCommand::Role {
            company,
            person,
            role,
            reason,
        } => (
            Target::Role {
                company,
                person,
                role,
            },
            reason,
        ),
        RetractCommand::Position {
            person,
            org,
            title,
            reason,
        } => (Target::Position { person, org, title }, reason),
        RetractCommand::Entity { id, reason } => (Target::Entity { id }, reason),
    };
    let by = crate::load::cli_user();
    let outcome = retract::retract(&graph, &target, &by, &reason).await;
    let entry = retract::audit_entry(&target, outcome.as_ref(), (&by, "cli", "CLI"), &reason);
    audit::append_one(&graph, &entry).await?;
    let retraction = outcome?;
    println!(
        "retracted {} ({}): {} relationship(s) removed",
        target.describe(),
        retraction.id,
        retraction.removed
    );
    let scanner = super::notifying_scanner(&graph, settings);
    let summary = retract::recompute_derived(&scanner, Trigger::Cli, &by).await?;
    super::deliver_notifications(&scanner.notify).await;
    println!(
        "recomputed: scan {} ({} kin, {} alerts, {} retired)",
        summary.scan,
        summary.kin,
        summary.alerts,
        summary.retired_total()
    );
    Ok(())
}
