//! `guanxi db backup DIR [--force]` and `guanxi db restore DIR --yes`: the command-line face of
//! [`crate::db::backup`]; prints what was copied, the counts and how long the server was down.

use std::path::Path;

use crate::db::backup::{self, Outcome};
use crate::settings::Settings;

/// `guanxi db backup DIR`.
pub async fn run_backup(settings: &Settings, dir: &Path, force: bool) -> anyhow::Result<()> {
    let outcome = backup::backup(settings, dir, force, &super::progress).await?;
    print_outcome("backed up to", dir, &outcome);
    Ok(())
}

/// `guanxi db restore DIR --yes`.
pub async fn run_restore(settings: &Settings, dir: &Path, yes: bool) -> anyhow::Result<()> {
    let outcome = backup::restore(settings, dir, yes, &super::progress).await?;
    print_outcome("restored from", dir, &outcome);
    Ok(())
}

fn print_outcome(what: &str, dir: &Path, outcome: &Outcome) {
    let manifest = &outcome.manifest;
    let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    println!(
        "{what} {}: {} nodes, {} relationships ({} files, {:.1} MiB; taken {}, Neo4j {})",
        dir.display(),
        manifest.counts.nodes,
        manifest.counts.relationships,
        manifest.files.len(),
        bytes as f64 / (1024.0 * 1024.0),
        manifest.created_at,
        manifest.neo4j_version
    );
    println!(
        "took {:.1} s, Neo4j stopped for {:.1} s; Neo4j is {}",
        outcome.elapsed.as_secs_f64(),
        outcome.downtime.as_secs_f64(),
        if outcome.running {
            "running"
        } else {
            "stopped (as before)"
        }
    );
}
