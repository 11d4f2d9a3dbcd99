//! `guanxi token create|list|revoke|rotate`: the token lifecycle from the command line,
//! through the same functions as the admin API. Every change is audited at once
//! (`audit::append_one`) with the actor `cli:<os user>`, the token's name, role and scope; a refused
//! change exits non-zero with the reason.

use std::time::Duration;

use clap::Subcommand;

use crate::audit;
use crate::db;
use crate::settings::Settings;
use crate::tokens::{self, TokenAction, TokenChange, TokenInfo};

/// `guanxi token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; prints it once, as the last line. Only its hash is stored. A taken
    /// name is refused (use `rotate` to give a token a new secret).
    Create {
        /// Who holds it (unique).
        #[arg(long)]
        name: String,
        /// What it may do.
        #[arg(long, value_enum)]
        role: crate::domain::Role,
        /// Bind the token to an org's region scope (repeat for several): it sees those orgs,
        /// the orgs below them and what hangs from them (docs/model.md). Default: everything.
        #[arg(long = "scope", value_name = "ORG_ID")]
        scope: Vec<String>,
        /// When it stops working: a date YYYY-MM-DD (works through that day, UTC) or a
        /// duration such as 90d, 12h, 4w. Default: never.
        #[arg(long)]
        expires: Option<String>,
    },
    /// List every token (name, id, role, scope, expiry, created, revoked); never secrets.
    List,
    /// Revoke a token by name or id: it stops working at once (a running service stops
    /// accepting it within its token cache's 30 s).
    Revoke {
        /// The token's name or id.
        name_or_id: String,
    },
    /// Give a token a new secret (same name, role, expiry); prints it once. The old secret
    /// stops working at once.
    Rotate {
        /// The token's name or id.
        name_or_id: String,
    },
}

/// Who acts from the command line, for the audit log.
fn actor() -> String {
    let user = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into());
    format!("cli:{user}")
}

/// Runs one token subcommand.
pub async fn run(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let by = actor();
    let (action, outcome) = match command {
        TokenCommand::List => {
            print_list(&tokens::list(&graph).await?);
            return Ok(());
        }
        TokenCommand::Create {
            name,
            role,
            scope,
            expires,
        } => {
            let expires_at = expires
                .map(|text| tokens::parse_expiry(&text, chrono::Utc::now()))
                .transpose()?;
            let scope = (!scope.is_empty()).then_some(scope);
            let issued = tokens::create_scoped(&graph, &name, role, scope, expires_at, &by).await?;
            (TokenAction::Create, (issued.info, Some(issued.secret)))
        }
        TokenCommand::Revoke { name_or_id } => {
            let info = tokens::revoke(&graph, &name_or_id, &by).await?;
            (TokenAction::Revoke, (info, None))
        }
        TokenCommand::Rotate { name_or_id } => {
            let issued = tokens::rotate(&graph, &name_or_id, &by).await?;
            (TokenAction::Rotate, (issued.info, Some(issued.secret)))
        }
    };
    let (info, secret) = outcome;
    let entry = TokenChange::new(action, &info).audit_entry(&by, "cli", "CLI", 200);
    audit::append_one(&graph, &entry).await?;
    let expiry = info.expires_at.as_deref().unwrap_or("never");
    let scope = scope_text(&info);
    match secret {
        Some(secret) => {
            eprintln!(
                "token {} ({}, scope {scope}, id {}, expires {expiry}) {}d; it is shown only once:",
                info.name, info.role, info.id, action
            );
            println!("{secret}");
        }
        None => println!(
            "token {} ({}, id {}) revoked",
            info.name, info.role, info.id
        ),
    }
    Ok(())
}

/// A token's scope for people: its org ids, or `all` when it is unscoped.
fn scope_text(info: &TokenInfo) -> String {
    match &info.scope {
        Some(orgs) => orgs.join(","),
        None => "all".into(),
    }
}

/// One line per token.
fn print_list(list: &[TokenInfo]) {
    println!(
        "{:<24} {:<36} {:<12} {:<24} {:<20} {:<20} revoked",
        "name", "id", "role", "scope", "expires", "created"
    );
    for t in list {
        println!(
            "{:<24} {:<36} {:<12} {:<24} {:<20} {:<20} {}",
            t.name,
            t.id,
            t.role,
            scope_text(t),
            t.expires_at.as_deref().unwrap_or("never"),
            t.created_at.as_deref().unwrap_or("-"),
            t.revoked_at.as_deref().unwrap_or("-"),
        );
    }
}
