//! The loader engine: every table of the data contract found in a folder ([`load_dir`]), or
//! rows of one table given in memory ([`load_rows`], the API's ingest), into the graph.
//!
//! The flow of one load:
//!
//! 1. Find the tables: `<table>.csv` or `<table>.xlsx` in the folder, in dependency order
//!    (`discover`); other files are ignored with a warning.
//! 2. Pass 1 over the entity tables: the ids this dataset defines, so that references may
//!    point forward and duplicates name their first definition (`check`).
//! 3. Each table in turn: its rows read ([`source`]) and parsed into typed rows per its
//!    declarative mapping ([`typed`], [`mapping`], `loaders/*.toml`), then checked in batches
//!    (one id space; references to existing ids of the right kind, in this dataset or in the
//!    graph: `check`) and written with the mapping's `UNWIND ... MERGE` upsert (`write`),
//!    the next batch parsed while the last is written. A bad row is rejected with file, line,
//!    column and reason; the valid rows still load. A file that cannot be read stops that
//!    table only.
//! 4. Identity resolution over what this load wrote, and over anything an earlier load left
//!    unresolved ([`crate::identity`]).
//! 5. The rejects and warnings files (`report`, folder loads only), and the load run record
//!    ([`runs`]: `running` from the start, then `complete` or `failed`).
//!
//! What it did comes back as a [`LoadSummary`]; what stops a file or the load is a
//! [`LoadError`].

mod check;
mod discover;
mod error;
pub mod mapping;
mod progress;
mod report;
pub mod runs;
pub mod source;
mod summary;
pub mod typed;
pub mod undo;
pub mod update;
mod write;

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, FixedOffset};
use neo4rs::Graph;

use crate::identity;
use check::{Checker, Pending};
use discover::TableSource;
use mapping::TableMapping;
use progress::Progress;
use source::{Encoding, RowItem};
use typed::ColumnIndex;
use write::TableWriter;

pub use error::LoadError;
pub use summary::{Finding, LoadSummary, TableSummary};
pub use write::warm_up;

/// Options of one load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The dataset folder.
    pub dir: PathBuf,
    /// CSV decoding.
    pub encoding: Encoding,
    /// Rows per write transaction.
    pub batch_size: usize,
    /// Where the rejects and warnings reports go (a folder; created when needed).
    pub report_dir: PathBuf,
    /// Show progress (a bar on a terminal, plain lines otherwise); off in tests.
    pub progress: bool,
    /// Which empty values remove the stored value (none by default: see [`update`]).
    pub clear: update::Clear,
    /// Who loads, as the change history records it (`cli:<user>`, or an API token's name).
    pub by: String,
}

impl LoadOptions {
    /// Defaults for a folder: auto encoding, batches of 1,000, reports under `.guanxi/runs`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            encoding: Encoding::Auto,
            batch_size: 1000,
            report_dir: PathBuf::from(".guanxi/runs"),
            progress: false,
            clear: update::Clear::Nothing,
            by: cli_user(),
        }
    }
}

/// Who runs the CLI, for the change history: `cli:` and the login name.
pub fn cli_user() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// Loads every table of the contract found in `options.dir` into the graph.
pub async fn load_dir(graph: &Graph, options: &LoadOptions) -> Result<LoadSummary, LoadError> {
    let tables = mapping::table_mappings()?;
    let found = discover::table_files(&options.dir, &tables)?;
    if found.tables.is_empty() {
        return Err(LoadError::NoTables {
            dir: options.dir.clone(),
        });
    }
    let sources = found
        .tables
        .into_iter()
        .map(|(i, path)| (i, TableSource::File(path)))
        .collect();
    let origin = Origin {
        kind: runs::LoadRunKind::Load,
        by: options.by.clone(),
        dir: options.dir.display().to_string(),
    };
    let summary = load_sources(graph, &tables, sources, found.ignored, options, &origin).await?;
    // Region scopes follow the loaded graph at once (a scan derives them again with its
    // alerts; an ingest derives them itself when no scan follows it).
    crate::scope::derive(graph).await?;
    Ok(summary)
}

/// Where a load comes from, for its run record.
struct Origin {
    kind: runs::LoadRunKind,
    /// `cli:<user>` or the API token's name.
    by: String,
    /// The folder, or `ingest:<table>`.
    dir: String,
}

/// Loads rows given in memory into one table (the API's ingest), through the same engine as
/// files: typed parsing, reference checks against the graph, batched upserts, identity
/// resolution and a load run. `source` stands for the file in findings (`ingest:payments`);
/// each row keeps the line its caller gave it. No report files are written: the rejects and
/// warnings are in the summary. `by` is who asks (the token's name; recorded on the load run
/// and in the change history) and `clear` what empty values remove.
pub async fn load_rows(
    graph: &Graph,
    table: &str,
    header: Vec<String>,
    rows: Vec<RowItem>,
    source: &str,
    (by, clear): (&str, update::Clear),
) -> Result<LoadSummary, LoadError> {
    let tables = mapping::table_mappings()?;
    let Some(index) = tables.iter().position(|t| t.table == table) else {
        return Err(LoadError::UnknownTable {
            table: table.to_string(),
            known: tables
                .iter()
                .map(|t| t.table.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let options = LoadOptions {
        by: by.to_string(),
        clear,
        ..LoadOptions::new(source)
    };
    let sources = vec![(
        index,
        TableSource::Memory {
            name: source.to_string(),
            header,
            rows,
        },
    )];
    let origin = Origin {
        kind: runs::LoadRunKind::Ingest,
        by: by.to_string(),
        dir: source.to_string(),
    };
    load_sources(graph, &tables, sources, Vec::new(), &options, &origin).await
}

/// The engine behind [`load_dir`] and [`load_rows`]: the load run recorded as `running`,
/// then [`load_recorded`], then the run marked `complete`, or `failed` with the error (which
/// is returned as it was; the rows written before it stay, marked unresolved for the next
/// load or ingest to resolve).
async fn load_sources(
    graph: &Graph,
    tables: &[TableMapping],
    sources: Vec<(usize, TableSource)>,
    ignored: Vec<String>,
    options: &LoadOptions,
    origin: &Origin,
) -> Result<LoadSummary, LoadError> {
    let run = crate::domain::ids::run_id("load");
    let now = chrono::Utc::now().fixed_offset();
    let files = sources.iter().map(|(_, s)| s.name()).collect();
    let heartbeat = runs::start(
        graph,
        &run,
        now,
        origin.kind,
        &origin.by,
        &origin.dir,
        files,
    )
    .await?;
    let stamp = (run.as_str(), now);
    let loaded = load_recorded(graph, tables, sources, ignored, options, origin, stamp).await;
    heartbeat.end();
    match &loaded {
        Ok(summary) => runs::finish(graph, &run, Ok(summary)).await?,
        Err(error) => {
            // Best effort: when Neo4j itself is gone the run stays `running` and is listed
            // as `interrupted` once its heartbeat is old.
            let message = runs::error_text(error);
            if let Err(record) = runs::finish(graph, &run, Err(&message)).await {
                tracing::warn!(run, %record, "could not mark the load run failed");
            }
        }
    }
    loaded
}

/// Tables in dependency order (`sources` sorted by mapping index), then identity resolution
/// and the load run's summary; `stamp` is the run's id and start.
async fn load_recorded(
    graph: &Graph,
    tables: &[TableMapping],
    sources: Vec<(usize, TableSource)>,
    ignored: Vec<String>,
    options: &LoadOptions,
    origin: &Origin,
    (run, now): (&str, DateTime<FixedOffset>),
) -> Result<LoadSummary, LoadError> {
    let started = Instant::now();
    let run = run.to_string();
    let write_reports = origin.kind == runs::LoadRunKind::Load;
    let mut warnings: Vec<Finding> = ignored.into_iter().map(Finding::of_dataset).collect();

    let defined = check::defined_ids(tables, &sources, options.encoding);
    tracing::info!(
        ids = defined.len(),
        seconds = started.elapsed().as_secs_f64(),
        "load: pass 1 (ids defined) done"
    );
    let mut state = LoadState {
        checker: Checker::new(graph, defined).await?,
        tombstones: crate::retract::tombstones::Tombstones::read(graph).await?,
        graph: graph.clone(),
        run: run.clone(),
        now,
        rejects: Vec::new(),
    };
    let mut summaries = Vec::new();
    for (i, source) in &sources {
        let table = &tables[*i];
        let summary = state
            .load_table(table, source, options, &mut warnings)
            .await?;
        crate::metrics::record_load_rows(&table.table, summary.loaded, summary.rejected);
        summaries.push(summary);
    }

    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "load: tables written"
    );
    let identity = identity::resolve(graph, &run).await?;
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "load: identity resolved"
    );

    let rejects = std::mem::take(&mut state.rejects);
    let (rejects_path, warnings_path) = if write_reports {
        (
            report::write_report(&options.report_dir, &run, "rejects.csv", &rejects)?,
            report::write_report(&options.report_dir, &run, "warnings.csv", &warnings)?,
        )
    } else {
        (None, None)
    };
    let mut summary = LoadSummary {
        run: run.clone(),
        tables: summaries,
        rejects,
        warnings,
        rejects_path,
        warnings_path,
        identity,
        seconds: 0.0,
    };
    summary.seconds = started.elapsed().as_secs_f64();
    write::record_run(graph, &run, now, &origin.dir, &summary).await?;
    Ok(summary)
}

/// One load under way: its run, its id space and the rows it rejected so far.
struct LoadState {
    graph: Graph,
    run: String,
    now: DateTime<FixedOffset>,
    checker: Checker,
    /// Retracted facts: rows asserting one again are skipped with a warning.
    tombstones: crate::retract::tombstones::Tombstones,
    rejects: Vec<Finding>,
}

impl LoadState {
    /// `rows` without those asserting a retracted fact (`crate::retract::tombstones`): each
    /// skipped row is a warning naming its retraction.
    fn skip_retracted(
        &self,
        table: &TableMapping,
        file: &str,
        rows: Vec<typed::TypedRow>,
        warnings: &mut Vec<Finding>,
        summary: &mut TableSummary,
    ) -> Vec<typed::TypedRow> {
        if self.tombstones.is_empty() {
            return rows;
        }
        rows.into_iter()
            .filter(|row| match self.tombstones.skip_reason(&table.table, row) {
                None => true,
                Some(reason) => {
                    let mut finding = Finding::of_dataset(reason);
                    finding.file = file.to_string();
                    finding.line = row.line;
                    warnings.push(finding);
                    summary.warnings += 1;
                    false
                }
            })
            .collect()
    }

    /// Reads, parses, checks and writes one table. A file-level problem (unreadable,
    /// malformed, required columns missing) ends the table, not the load: it is the
    /// summary's `error`, and the rows before it still load.
    async fn load_table(
        &mut self,
        table: &TableMapping,
        source: &TableSource,
        options: &LoadOptions,
        warnings: &mut Vec<Finding>,
    ) -> Result<TableSummary, LoadError> {
        let started = Instant::now();
        let file = source.name();
        let mut summary = TableSummary {
            table: table.table.clone(),
            file: file.clone(),
            ..TableSummary::default()
        };
        let mut reader = match source.open(options.encoding) {
            Ok(reader) => reader,
            Err(error) => {
                summary.error = Some(error.to_string());
                return Ok(summary);
            }
        };
        summary.encoding = reader.encoding.to_string();
        let (index, unknown, missing) = ColumnIndex::new(table, &reader.header);
        for column in unknown {
            warnings.push(Finding {
                file: file.clone(),
                line: 1,
                column: column.clone(),
                column_number: reader
                    .header
                    .iter()
                    .position(|h| *h == column)
                    .map(|p| p + 1)
                    .unwrap_or(0),
                reason: "unknown column, ignored".into(),
                row: String::new(),
            });
            summary.warnings += 1;
        }
        if !missing.is_empty() {
            summary.error = Some(
                LoadError::MissingColumns {
                    file: source.path(),
                    columns: missing.join(", "),
                }
                .to_string(),
            );
            return Ok(summary);
        }

        let mut progress = Progress::new(options.progress, &table.table);
        let mut batch: Vec<Pending> = Vec::with_capacity(options.batch_size);
        let mut writer =
            TableWriter::new(&self.graph, table, &file, &self.run, self.now).by(&options.by);
        loop {
            let item = reader.next_item();
            let end = item.is_none();
            match item {
                None => {}
                Some(Err(error)) => {
                    summary.error = Some(error.to_string());
                }
                Some(Ok(RowItem::BadRow { line, reason, text })) => {
                    summary.read += 1;
                    summary.rejected += 1;
                    self.rejects.push(Finding {
                        file: file.clone(),
                        line,
                        column: String::new(),
                        column_number: 0,
                        reason,
                        row: text,
                    });
                }
                Some(Ok(RowItem::Row(raw))) => {
                    summary.read += 1;
                    let text = raw.cells.join(",");
                    match typed::parse_row_clearing(table, &index, &raw, &options.clear) {
                        Ok(row) => {
                            for warning in &row.warnings {
                                warnings.push(Finding::of_cell(&file, raw.line, warning, &text));
                                summary.warnings += 1;
                            }
                            batch.push(Pending { row, text });
                        }
                        Err(problems) => {
                            summary.rejected += 1;
                            if let Some(id) = table.kind.and_then(|_| index.cell(table, &raw, "id"))
                            {
                                self.checker.note_rejected_id(&id, &file, raw.line);
                            }
                            for problem in &problems {
                                self.rejects
                                    .push(Finding::of_cell(&file, raw.line, problem, &text));
                            }
                        }
                    }
                }
            }
            progress.update(&table.table, summary.read);
            let stop = end || summary.error.is_some();
            if batch.len() >= options.batch_size || (stop && !batch.is_empty()) {
                let checked = batch.len();
                let rows = self
                    .checker
                    .check_batch(table, &file, std::mem::take(&mut batch), &mut self.rejects)
                    .await?;
                summary.rejected += (checked - rows.len()) as u64;
                let rows = self.skip_retracted(table, &file, rows, warnings, &mut summary);
                summary.loaded += writer.write(rows).await?;
            }
            if stop {
                break;
            }
        }
        summary.loaded += writer.finish().await?;
        progress.finish();
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }
}
