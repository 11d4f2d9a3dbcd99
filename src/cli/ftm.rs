//! `guanxi export --format ftm ...` and `guanxi load --format ftm FILE`: FollowTheMoney JSON
//! lines out of and into the graph, through [`crate::ftm`]. An export is written to the
//! audit log like the API's (who, what selection, how many entities).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::db;
use crate::domain::Role;
use crate::ftm::export::{self, Selection, MAX_DEPTH};
use crate::settings::Settings;

/// The formats `guanxi export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// FollowTheMoney JSON lines (one entity a line).
    Ftm,
}

/// `guanxi export --format ftm (--all | --entity ID [--depth N] | --case ID) [--out FILE]
/// [--as ROLE]`
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("selection").required(true).args(["all", "entity", "case"])))]
pub struct ExportArgs {
    /// The format (FollowTheMoney JSON lines).
    #[arg(long, value_enum, default_value = "ftm")]
    pub format: ExportFormat,
    /// Every record (but tips).
    #[arg(long)]
    pub all: bool,
    /// An entity and what lies around it (see --depth).
    #[arg(long, value_name = "ID")]
    pub entity: Option<String>,
    /// Steps out from --entity over stored ties (0: the entity alone).
    #[arg(long, default_value_t = 1, requires = "entity",
          value_parser = clap::value_parser!(u32).range(0..=MAX_DEPTH as i64))]
    pub depth: u32,
    /// A case's entities and the records behind its alerts' evidence.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Whose view the export carries: `viewer` (no ID numbers, phones or addresses, as the
    /// API's viewers read) or `investigator` (everything, the default for the local operator).
    #[arg(long = "as", default_value = "investigator", value_parser = parse_reader)]
    pub reader: Role,
}

fn parse_reader(word: &str) -> Result<Role, String> {
    Role::parse(word.trim()).ok_or_else(|| format!("unknown role {word:?}; viewer or investigator"))
}

/// Runs `guanxi export`.
pub async fn run_export(settings: &Settings, args: ExportArgs) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let selection = match (args.all, args.entity, args.case) {
        (true, _, _) => Selection::All,
        (_, Some(id), _) => Selection::Entity {
            id,
            depth: args.depth,
        },
        (_, _, Some(id)) => Selection::Case(id),
        _ => anyhow::bail!("say what to export: --all, --entity ID or --case ID"),
    };
    let entities = export::export(&graph, &selection, None, args.reader).await?;
    let lines = export::to_lines(&entities);
    match &args.out {
        Some(path) => std::fs::write(path, &lines)
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?,
        None => std::io::stdout().lock().write_all(&lines)?,
    }
    let by = crate::load::cli_user();
    let entry = crate::audit::change_entry(
        "guanxi export".into(),
        format!(
            "export ftm {selection:?} as {}: {} entities",
            args.reader,
            entities.len()
        ),
        match &selection {
            Selection::Entity { id, .. } => vec![id.clone()],
            _ => Vec::new(),
        },
        200,
        (&by, args.reader.as_str(), "CLI"),
    );
    crate::audit::append_one(&graph, &entry).await?;
    if let Some(path) = &args.out {
        eprintln!("{} entities written to {}", entities.len(), path.display());
    }
    Ok(())
}

/// Runs `guanxi load --format ftm FILE` with the load's options: the conversion's warnings,
/// then the ordinary load's summary.
pub async fn run_load_ftm(
    settings: &Settings,
    file: PathBuf,
    options: crate::load::LoadOptions,
) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let outcome = crate::ftm::import::load_file(&graph, &file, &options)
        .await
        .map_err(|e| match e {
            // Failures once the run may have started, as for a folder's load.
            crate::ftm::FtmError::Load(
                e @ (crate::load::LoadError::Db(_)
                | crate::load::LoadError::Report { .. }
                | crate::load::LoadError::Io { .. }),
            ) => anyhow::Error::new(e).context(super::LOAD_FAILED),
            e => e.into(),
        })?;
    if !outcome.warnings.is_empty() {
        println!(
            "{}: {} FtM warnings (what the data contract cannot hold):",
            file.display(),
            outcome.warnings.len()
        );
        for warning in &outcome.warnings {
            println!("  warning: {warning}");
        }
    }
    println!(
        "{}: converted to the data contract's tables in {} (the records' source file and line)",
        file.display(),
        outcome.tables_dir.display()
    );
    print!("{}", outcome.summary.render());
    if outcome.summary.has_file_errors() {
        anyhow::bail!("some tables could not be read to the end (see the summary above)");
    }
    Ok(())
}
