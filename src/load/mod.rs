//! The loader engine: every table of the data contract found in a folder, in dependency
//! order, parsed into typed rows ([`typed`]) per its declarative mapping ([`mapping`],
//! `loaders/*.toml`), checked (references, one id space), and written in batches with the
//! mapping's `UNWIND ... MERGE` upsert. Rejected rows go to a rejects file with file, line,
//! column and reason; valid rows still load. Identity resolution runs at the end.

pub mod mapping;
pub mod source;
pub mod typed;

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use neo4rs::{query, BoltList, BoltMap, BoltString, BoltType, Graph};
use serde::Serialize;

use crate::cypher;
use crate::db::DbError;
use crate::identity::{self, IdentitySummary};
use mapping::{EntityKind, MappingError, TableMapping};
use source::{Encoding, RowItem, TableReader};
use typed::{CellProblem, ColumnIndex, TypedRow};

/// Errors that stop a file or the whole load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not well-formed (broken quoting, undecodable bytes, empty).
    #[error("{file}:{line}: malformed file: {reason}")]
    Malformed {
        /// The file.
        file: PathBuf,
        /// Where reading stopped.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// Required columns are missing from a file's header.
    #[error("{file}:1: required column(s) missing from the header: {columns}")]
    MissingColumns {
        /// The file.
        file: PathBuf,
        /// The missing columns, comma-separated.
        columns: String,
    },
    /// Rows were given for a table the data contract does not have.
    #[error("no table {table:?} in the data contract (known: {known})")]
    UnknownTable {
        /// The name given.
        table: String,
        /// The contract's tables.
        known: String,
    },
    /// The folder holds no table of the contract.
    #[error("{dir} holds no table of the data contract (people.csv, orgs.csv, ... or .xlsx)")]
    NoTables {
        /// The folder.
        dir: PathBuf,
    },
    /// The mapping files are broken (a bug, caught by tests).
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The database refused a write or is unreachable.
    #[error("writing {table} to Neo4j failed: {source}")]
    Write {
        /// The table being written.
        table: String,
        /// The driver's error.
        source: neo4rs::Error,
    },
    /// Database error outside a table write.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The rejects report could not be written.
    #[error("cannot write the rejects report {path}: {source}")]
    Report {
        /// The report file.
        path: PathBuf,
        /// The error.
        source: csv::Error,
    },
}

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
        }
    }
}

/// One rejected row or warning, as reported.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// File name.
    pub file: String,
    /// Line in the file.
    pub line: u64,
    /// Column name (empty when the whole row is concerned).
    pub column: String,
    /// 1-based column position (0 when unknown).
    pub column_number: usize,
    /// Why.
    pub reason: String,
    /// The row's text (for rejects).
    pub row: String,
}

/// Per-table figures.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TableSummary {
    /// Table name.
    pub table: String,
    /// The file read.
    pub file: String,
    /// How it was decoded.
    pub encoding: String,
    /// Data rows read.
    pub read: u64,
    /// Rows written.
    pub loaded: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Warnings (the row still loaded).
    pub warnings: u64,
    /// A file-level error that stopped reading this file, if any.
    pub error: Option<String>,
    /// Seconds spent.
    pub seconds: f64,
}

/// What a load did.
#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    /// The load run id (also on every node and relationship it wrote).
    pub run: String,
    /// Per table, in load order.
    pub tables: Vec<TableSummary>,
    /// Every rejected row (also in `rejects_path`).
    pub rejects: Vec<Finding>,
    /// Every warning (also in `warnings_path`).
    pub warnings: Vec<Finding>,
    /// The rejects report, when there were rejects.
    pub rejects_path: Option<PathBuf>,
    /// The warnings report, when there were warnings.
    pub warnings_path: Option<PathBuf>,
    /// Identity links made after the load.
    pub identity: IdentitySummary,
    /// Seconds in all.
    pub seconds: f64,
}

impl LoadSummary {
    /// Rows written, all tables.
    pub fn loaded(&self) -> u64 {
        self.tables.iter().map(|t| t.loaded).sum()
    }
    /// Rows rejected, all tables.
    pub fn rejected(&self) -> u64 {
        self.tables.iter().map(|t| t.rejected).sum()
    }
    /// Whether some file could not be read to its end.
    pub fn has_file_errors(&self) -> bool {
        self.tables.iter().any(|t| t.error.is_some())
    }

    /// The summary table printed at the end of a load.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8} {:>10}\n",
            "table", "file", "read", "loaded", "rejected", "warnings", "seconds", "rows/s"
        );
        for t in &self.tables {
            let rate = if t.seconds > 0.0 {
                t.read as f64 / t.seconds
            } else {
                0.0
            };
            out.push_str(&format!(
                "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8.1} {:>10.0}\n",
                t.table, t.file, t.read, t.loaded, t.rejected, t.warnings, t.seconds, rate
            ));
            if let Some(error) = &t.error {
                out.push_str(&format!("  ! {error}\n"));
            }
        }
        let read: u64 = self.tables.iter().map(|t| t.read).sum();
        out.push_str(&format!(
            "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8.1} {:>10.0}\n",
            "total",
            "",
            read,
            self.loaded(),
            self.rejected(),
            self.warnings.len(),
            self.seconds,
            if self.seconds > 0.0 {
                read as f64 / self.seconds
            } else {
                0.0
            }
        ));
        out.push_str(&format!(
            "identity: {} certain person links, {} certain company links, {} possible links to review\n",
            self.identity.certain_person_links,
            self.identity.certain_company_links,
            self.identity.possible_links
        ));
        if let Some(path) = &self.rejects_path {
            out.push_str(&format!(
                "rejected rows (row + reason): {}\n",
                path.display()
            ));
        }
        if let Some(path) = &self.warnings_path {
            out.push_str(&format!("warnings: {}\n", path.display()));
        }
        out.push_str(&format!("load run: {}\n", self.run));
        out
    }
}

/// Where an id of this dataset was first defined.
#[derive(Debug, Clone)]
struct Definition {
    kind: EntityKind,
    file: String,
    line: u64,
}

struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    last_plain: Instant,
}

impl Progress {
    fn new(enabled: bool, table: &str) -> Self {
        let terminal = enabled && std::io::stderr().is_terminal();
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {prefix:<14} {pos:>9} rows {per_sec:>12} {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_prefix(table.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            bar,
            plain: enabled && !terminal,
            last_plain: Instant::now(),
        }
    }

    fn update(&mut self, table: &str, rows: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(rows);
        } else if self.plain && self.last_plain.elapsed() >= Duration::from_secs(5) {
            eprintln!("{table}: {rows} rows read");
            self.last_plain = Instant::now();
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Where a table's rows come from: a file of the dataset folder, or rows given in memory.
enum TableSource {
    /// A `.csv` or `.xlsx` file.
    File(PathBuf),
    /// Rows already split into cells (the API's ingest); `name` stands for the file.
    Memory {
        name: String,
        header: Vec<String>,
        rows: Vec<RowItem>,
    },
}

impl TableSource {
    /// The name findings give as their file.
    fn name(&self) -> String {
        match self {
            TableSource::File(path) => file_name(path),
            TableSource::Memory { name, .. } => name.clone(),
        }
    }

    /// The path named in file-level errors.
    fn path(&self) -> PathBuf {
        match self {
            TableSource::File(path) => path.clone(),
            TableSource::Memory { name, .. } => PathBuf::from(name),
        }
    }

    /// A fresh reader over the rows (each pass reads from the start).
    fn open(&self, encoding: Encoding) -> Result<TableReader, LoadError> {
        match self {
            TableSource::File(path) => TableReader::open(path, encoding),
            TableSource::Memory { name, header, rows } => {
                Ok(TableReader::from_rows(name, header.clone(), rows.clone()))
            }
        }
    }
}

/// The files found for tables (index into the mappings, path), and what was ignored and why.
type FoundFiles = (Vec<(usize, PathBuf)>, Vec<String>);

/// Finds each table's file in `dir` (`<table>.csv` or `<table>.xlsx`, any case).
fn table_files(dir: &Path, tables: &[TableMapping]) -> Result<FoundFiles, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    let mut ignored = Vec::new();
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let (Some(stem), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let ext = ext.to_string_lossy().to_lowercase();
        if ext != "csv" && ext != "xlsx" {
            continue;
        }
        let stem = stem.to_string_lossy().to_lowercase();
        match tables.iter().position(|t| t.table == stem) {
            Some(i) if found.iter().any(|(j, _)| *j == i) => ignored.push(format!(
                "{}: a second file for table {stem}, ignored",
                path.display()
            )),
            Some(i) => found.push((i, path)),
            None => ignored.push(format!(
                "{}: not a table of the data contract, ignored",
                path.display()
            )),
        }
    }
    found.sort_by_key(|(i, _)| *i);
    Ok((found, ignored))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Loads every table of the contract found in `options.dir` into the graph.
pub async fn load_dir(graph: &Graph, options: &LoadOptions) -> Result<LoadSummary, LoadError> {
    let tables = mapping::table_mappings()?;
    let (files, ignored) = table_files(&options.dir, &tables)?;
    if files.is_empty() {
        return Err(LoadError::NoTables {
            dir: options.dir.clone(),
        });
    }
    let sources = files
        .into_iter()
        .map(|(i, path)| (i, TableSource::File(path)))
        .collect();
    load_sources(
        graph,
        &tables,
        sources,
        ignored,
        options,
        &options.dir.display().to_string(),
        true,
    )
    .await
}

/// Loads rows given in memory into one table (the API's ingest), through the same engine as
/// files: typed parsing, reference checks against the graph, batched upserts, identity
/// resolution and a load run. `source` stands for the file in findings (`ingest:payments`);
/// each row keeps the line its caller gave it. No report files are written: the rejects and
/// warnings are in the summary.
pub async fn load_rows(
    graph: &Graph,
    table: &str,
    header: Vec<String>,
    rows: Vec<RowItem>,
    source: &str,
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
    let options = LoadOptions::new(source);
    let sources = vec![(
        index,
        TableSource::Memory {
            name: source.to_string(),
            header,
            rows,
        },
    )];
    load_sources(graph, &tables, sources, Vec::new(), &options, source, false).await
}

/// The engine behind [`load_dir`] and [`load_rows`]: tables in dependency order (`sources`
/// sorted by mapping index), then identity resolution and the load run record.
async fn load_sources(
    graph: &Graph,
    tables: &[TableMapping],
    sources: Vec<(usize, TableSource)>,
    ignored: Vec<String>,
    options: &LoadOptions,
    origin: &str,
    write_reports: bool,
) -> Result<LoadSummary, LoadError> {
    let started = Instant::now();
    let run = crate::domain::ids::run_id("load");
    let now = chrono::Utc::now().fixed_offset();
    let mut warnings: Vec<Finding> = ignored
        .into_iter()
        .map(|reason| Finding {
            file: String::new(),
            line: 0,
            column: String::new(),
            column_number: 0,
            reason,
            row: String::new(),
        })
        .collect();

    // Pass 1: the ids every entity table defines with a valid row, so that references may
    // point forward (a village before its town) and duplicates name their first definition.
    let mut defined: HashMap<String, Definition> = HashMap::new();
    for (i, source) in &sources {
        let table = &tables[*i];
        let Some(kind) = table.kind else { continue };
        let Ok(mut reader) = source.open(options.encoding) else {
            continue; // reported in pass 2
        };
        let (index, _, missing) = ColumnIndex::new(table, &reader.header);
        if !missing.is_empty() {
            continue;
        }
        while let Some(Ok(item)) = reader.next_item() {
            if let RowItem::Row(raw) = item {
                if let Ok(TypedRow {
                    id: Some(id), line, ..
                }) = typed::parse_row(table, &index, &raw)
                {
                    defined.entry(id).or_insert_with(|| Definition {
                        kind,
                        file: source.name(),
                        line,
                    });
                }
            }
        }
    }

    tracing::info!(
        ids = defined.len(),
        seconds = started.elapsed().as_secs_f64(),
        "load: pass 1 (ids defined) done"
    );
    let graph_was_empty = {
        let to_err = |source| LoadError::Write {
            table: "lookup".into(),
            source,
        };
        let mut rows = graph
            .execute(query(cypher::ANY_ENTITY.text))
            .await
            .map_err(to_err)?;
        rows.next().await.map_err(to_err)?.is_none()
    };
    let mut state = LoadState {
        graph_was_empty,
        graph: graph.clone(),
        run: run.clone(),
        now,
        defined,
        graph_kinds: HashMap::new(),
        rejected_ids: HashSet::new(),
        rejects: Vec::new(),
    };
    let mut summaries = Vec::new();
    for (i, source) in &sources {
        let table = &tables[*i];
        let summary = state
            .load_table(table, source, options, &mut warnings)
            .await;
        summaries.push(summary?);
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
            write_report(&options.report_dir, &run, "rejects.csv", &rejects)?,
            write_report(&options.report_dir, &run, "warnings.csv", &warnings)?,
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
    let record = serde_json::json!({
        "tables": summary.tables,
        "identity": summary.identity,
        "rejected": summary.rejected(),
        "warnings": summary.warnings.len(),
    });
    graph
        .run(
            query(cypher::LOAD_RUN.text)
                .param("run", run.as_str())
                .param("now", now)
                .param("dir", origin)
                .param("finished_at", chrono::Utc::now().fixed_offset())
                .param("summary", record.to_string()),
        )
        .await
        .map_err(|source| LoadError::Write {
            table: "LoadRun".into(),
            source,
        })?;
    Ok(summary)
}

/// A batch of `table`'s typed rows as its mapping's upsert statement.
fn upsert_query(
    table: &TableMapping,
    rows: BoltList,
    file: &str,
    run: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> neo4rs::Query {
    query(table.upsert_cypher)
        .param("rows", BoltType::List(rows))
        .param("file", file)
        .param("run", run)
        .param("now", now)
}

fn write_report(
    dir: &Path,
    run: &str,
    name: &str,
    findings: &[Finding],
) -> Result<Option<PathBuf>, LoadError> {
    if findings.is_empty() {
        return Ok(None);
    }
    let folder = dir.join(run);
    std::fs::create_dir_all(&folder).map_err(|source| LoadError::Io {
        path: folder.clone(),
        source,
    })?;
    let path = folder.join(name);
    let to_err = |source| LoadError::Report {
        path: path.clone(),
        source,
    };
    let mut writer = csv::Writer::from_path(&path).map_err(to_err)?;
    for finding in findings {
        writer.serialize(finding).map_err(to_err)?;
    }
    writer.flush().map_err(|e| to_err(e.into()))?;
    Ok(Some(path))
}

struct LoadState {
    graph: Graph,
    run: String,
    now: chrono::DateTime<chrono::FixedOffset>,
    defined: HashMap<String, Definition>,
    /// The graph held no entity when this load began, so every entity in it now came from
    /// this load's own rows, which `defined` knows: no id needs looking up in the graph.
    graph_was_empty: bool,
    /// Kinds of ids found in the graph (None: not there), cached across batches.
    graph_kinds: HashMap<String, Option<EntityKind>>,
    /// Entity rows rejected in this load: references to them are rejected too.
    rejected_ids: HashSet<String>,
    rejects: Vec<Finding>,
}

/// A parsed row waiting in a batch, with its raw text for the rejects report.
struct Pending {
    row: TypedRow,
    text: String,
}

impl LoadState {
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
        // Batches being written; a table's mapping says how many may be written at once.
        let mut in_flight: VecDeque<tokio::task::JoinHandle<Result<u64, neo4rs::Error>>> =
            VecDeque::new();
        let writers = table.writers.max(1);
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
                    match typed::parse_row(table, &index, &raw) {
                        Ok(row) => {
                            for warning in &row.warnings {
                                warnings.push(finding(
                                    &file,
                                    raw.line,
                                    warning,
                                    &raw.cells.join(","),
                                ));
                                summary.warnings += 1;
                            }
                            batch.push(Pending {
                                row,
                                text: raw.cells.join(","),
                            });
                        }
                        Err(problems) => {
                            summary.rejected += 1;
                            let text = raw.cells.join(",");
                            if let Some(id) = table.kind.and_then(|_| index.cell(table, &raw, "id"))
                            {
                                self.note_rejected_id(&id, &file, raw.line);
                            }
                            for problem in &problems {
                                self.rejects.push(finding(&file, raw.line, problem, &text));
                            }
                        }
                    }
                }
            }
            progress.update(&table.table, summary.read);
            let stop = end || summary.error.is_some();
            if batch.len() >= options.batch_size || (stop && !batch.is_empty()) {
                let rows = self
                    .check_batch(table, &file, std::mem::take(&mut batch), &mut summary)
                    .await?;
                while in_flight.len() >= writers {
                    if let Some(oldest) = in_flight.pop_front() {
                        summary.loaded += join_write(oldest, table).await?;
                    }
                }
                if !rows.is_empty() {
                    // Parse the next batch while this one (and, as the mapping allows,
                    // others) is written.
                    let graph = self.graph.clone();
                    let q = upsert_query(
                        table,
                        rows.iter().map(TypedRow::to_bolt).collect(),
                        &file,
                        &self.run,
                        self.now,
                    );
                    let count = rows.len() as u64;
                    in_flight.push_back(tokio::spawn(
                        async move { graph.run(q).await.map(|_| count) },
                    ));
                }
            }
            if stop {
                break;
            }
        }
        while let Some(oldest) = in_flight.pop_front() {
            summary.loaded += join_write(oldest, table).await?;
        }
        progress.finish();
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    fn note_rejected_id(&mut self, id: &str, file: &str, line: u64) {
        // Only the defining row's rejection makes the id unusable (a rejected duplicate does not).
        if self
            .defined
            .get(id)
            .is_none_or(|d| d.file == file && d.line == line)
        {
            self.rejected_ids.insert(id.to_string());
        }
    }

    /// Checks ids and references of a batch against this dataset and the graph; returns the
    /// rows that may be written and records the others as rejects.
    async fn check_batch(
        &mut self,
        table: &TableMapping,
        file: &str,
        batch: Vec<Pending>,
        summary: &mut TableSummary,
    ) -> Result<Vec<TypedRow>, LoadError> {
        // Ids to look up in the graph: this table's own ids (another kind there is a
        // conflict) and references not defined by this dataset.
        let mut unknown: Vec<String> = Vec::new();
        for pending in &batch {
            let own = pending.row.id.iter();
            let refs = pending.row.references.iter().flat_map(|r| r.ids.iter());
            for id in own.chain(refs) {
                let needs_graph = !self.graph_kinds.contains_key(id)
                    && (pending.row.id.as_deref() == Some(id.as_str())
                        || !self.defined.contains_key(id));
                if needs_graph {
                    unknown.push(id.clone());
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        if self.graph_was_empty {
            // Nothing to find there but this load's own rows (`defined` has their kinds);
            // an id missing from `graph_kinds` reads as "not in the graph".
            unknown.clear();
        }
        if !unknown.is_empty() {
            let found = lookup_kinds(&self.graph, &unknown).await?;
            for id in unknown {
                let kind = found.get(&id).copied();
                self.graph_kinds.insert(id, kind);
            }
        }

        let mut rows = Vec::with_capacity(batch.len());
        for Pending { row, text } in batch {
            let mut problems: Vec<CellProblem> = Vec::new();
            if let (Some(id), Some(kind)) = (&row.id, table.kind) {
                let id_column = table
                    .columns
                    .iter()
                    .position(|c| c.name == "id")
                    .map(|p| p + 1)
                    .unwrap_or(1);
                if let Some(first) = self.defined.get(id) {
                    if first.file != file || first.line != row.line {
                        problems.push(CellProblem {
                            column: "id".into(),
                            column_number: id_column,
                            reason: format!(
                                "duplicate id {id}: already defined in {} line {} (all tables share one id space)",
                                first.file, first.line
                            ),
                        });
                    }
                }
                if let Some(Some(existing)) = self.graph_kinds.get(id) {
                    if *existing != kind {
                        problems.push(CellProblem {
                            column: "id".into(),
                            column_number: id_column,
                            reason: format!(
                                "id {id} is already a {} in the graph; this row would make it a {}",
                                existing.label(),
                                kind.label()
                            ),
                        });
                    }
                }
            }
            for reference in &row.references {
                for id in &reference.ids {
                    let kind = if self.rejected_ids.contains(id) {
                        Err(format!(
                            "{} {id} refers to a row that was rejected in this load",
                            reference.column
                        ))
                    } else if let Some(def) = self.defined.get(id) {
                        Ok(def.kind)
                    } else {
                        match self.graph_kinds.get(id) {
                            Some(Some(kind)) => Ok(*kind),
                            _ => Err(format!(
                                "{} {id}: no such id in this dataset or in the graph",
                                reference.column
                            )),
                        }
                    };
                    let reason = match kind {
                        Ok(kind) if reference.kinds.contains(&kind) => continue,
                        Ok(kind) => format!(
                            "{} {id} is a {}, expected {}",
                            reference.column,
                            kind.label(),
                            reference
                                .kinds
                                .iter()
                                .map(|k| k.label())
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                        Err(reason) => reason,
                    };
                    problems.push(CellProblem {
                        column: reference.column.clone(),
                        column_number: reference.column_number,
                        reason,
                    });
                }
            }
            if problems.is_empty() {
                rows.push(row);
            } else {
                summary.rejected += 1;
                if let Some(id) = &row.id {
                    self.note_rejected_id(id, file, row.line);
                }
                for problem in &problems {
                    self.rejects.push(finding(file, row.line, problem, &text));
                }
            }
        }
        Ok(rows)
    }
}

fn finding(file: &str, line: u64, problem: &CellProblem, text: &str) -> Finding {
    Finding {
        file: file.to_string(),
        line,
        column: problem.column.clone(),
        column_number: problem.column_number,
        reason: problem.reason.clone(),
        row: text.to_string(),
    }
}

async fn join_write(
    handle: tokio::task::JoinHandle<Result<u64, neo4rs::Error>>,
    table: &TableMapping,
) -> Result<u64, LoadError> {
    match handle.await {
        Ok(Ok(count)) => Ok(count),
        Ok(Err(source)) => Err(LoadError::Write {
            table: table.table.clone(),
            source,
        }),
        Err(join) => Err(LoadError::Write {
            table: table.table.clone(),
            source: neo4rs::Error::UnexpectedMessage(format!("write task failed: {join}")),
        }),
    }
}

/// Kinds of the given ids that exist in the graph.
async fn lookup_kinds(
    graph: &Graph,
    ids: &[String],
) -> Result<HashMap<String, EntityKind>, LoadError> {
    let to_err = |source| LoadError::Write {
        table: "lookup".into(),
        source,
    };
    let mut found = HashMap::new();
    let mut rows = graph
        .execute(query(cypher::LOOKUP_IDS.text).param("ids", ids.to_vec()))
        .await
        .map_err(to_err)?;
    while let Some(row) = rows.next().await.map_err(to_err)? {
        let id: String = row.get("id").unwrap_or_default();
        let kinds: Vec<String> = row.get("kinds").unwrap_or_default();
        if let Some(kind) = kinds.iter().find_map(|k| EntityKind::from_label(k)) {
            found.insert(id, kind);
        }
    }
    Ok(found)
}

/// Runs every statement a load or an ingest sends, with the parameter shapes real calls use
/// and nothing written (table upserts with one row in a transaction that is rolled back; a
/// lookup of an id that cannot exist; identity resolution of a load run that has no
/// records), so that Neo4j has planned them before the first real request: on a county graph
/// the first ingest after a start otherwise spends seconds in Cypher planning. Neo4j keys its
/// plans by the parameters' types and roughly by their lengths too, so the parameters are
/// made like an ingest's.
pub async fn warm_up(graph: &Graph) -> Result<(), LoadError> {
    let now = chrono::Utc::now().fixed_offset();
    // A run id of the real shape, and no record anywhere carries it.
    let run = crate::domain::ids::run_id("load");
    let sentinel = "\u{0}warm-up: no such id";
    for table in mapping::table_mappings()? {
        // A list of maps, as a real batch is: an empty list would be planned separately.
        let mut row = BoltMap::new();
        row.put(BoltString::from("id"), BoltType::from(sentinel));
        let rows: BoltList = vec![BoltType::Map(row)].into_iter().collect();
        let file = format!("ingest:{}", table.table);
        crate::db::rehearse(graph, vec![upsert_query(&table, rows, &file, &run, now)])
            .await
            .map_err(|source| LoadError::Write {
                table: table.table.clone(),
                source,
            })?;
    }
    let lookup_failed = |source| LoadError::Write {
        table: "lookup".into(),
        source,
    };
    graph
        .run(query(cypher::LOOKUP_IDS.text).param("ids", vec![sentinel.to_string()]))
        .await
        .map_err(lookup_failed)?;
    graph
        .run(query(cypher::ANY_ENTITY.text))
        .await
        .map_err(lookup_failed)?;
    identity::resolve(graph, &run).await?;
    Ok(())
}
