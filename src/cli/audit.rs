//! `guanxi audit verify`: walks the audit log's hash chain from its first batch and reports
//! the first break (an edited, deleted or inserted batch) with a failing exit status, or how
//! much it checked and the head hash (worth noting elsewhere: it pins the log up to now).

use std::time::Duration;

use clap::Subcommand;

use crate::audit::chain;
use crate::db;
use crate::settings::Settings;

/// `guanxi audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; exits non-zero at the first break.
    Verify,
}

/// Runs one audit subcommand.
pub async fn run(settings: &Settings, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify => {
            let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
            let report = chain::verify(&graph).await??;
            println!(
                "audit chain OK: {} batches ({} entries) checked; head {}",
                report.batches,
                report.entries,
                if report.head_hash.is_empty() {
                    "(empty)"
                } else {
                    &report.head_hash
                }
            );
            if report.unchained > 0 {
                println!(
                    "{} batches written before the chain existed were not checked",
                    report.unchained
                );
            }
            Ok(())
        }
    }
}
