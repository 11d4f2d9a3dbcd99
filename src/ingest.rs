//! The ingest use case: rows for one table of the data contract (a JSON array or CSV) are
//! loaded like `guanxi load` loads a file, then the patterns that read that table (the
//! `tables:` line of their headers) run focused on the new rows, and the alerts about them
//! come back with the rows' problems. `POST /api/ingest/{table}` is its HTTP face.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::DbError;
use crate::load::mapping::{self, TableMapping};
use crate::load::source::{Encoding, RawRow, RowItem, TableReader};
use crate::load::typed::{self, ColumnIndex};
use crate::load::{self, LoadError, LoadSummary};
use crate::scan::runs::{start_scan, ScanRequest, Scanner, StartError, Trigger};
use crate::scan::{self, patterns, Alert, ScanError};

/// How long an ingest waits for a running scan to finish before answering without alerts.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Tables whose rows can change who is whose kin (the follow-up scan then derives kinship
/// first): people (identity links), kinship ties and positions (who is an official).
const TABLES_CHANGING_KINSHIP: [&str; 3] = ["people", "kinship", "positions"];

/// Tables whose rows can change who owns or controls a company (holdings through companies,
/// supplier groups).
const TABLES_CHANGING_OWNERSHIP: [&str; 2] = ["company_roles", "companies"];

/// Tables whose ingested ids are those the focused pattern variants start from: payments,
/// contracts, or bids (whose rows name their contract).
const TABLES_WITH_FOCUSED_VARIANTS: [&str; 3] = ["payments", "contracts", "bids"];

/// Why an ingest was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The table is not one of the data contract's.
    #[error("no table {table:?} in the data contract (known: {known})")]
    UnknownTable {
        /// What was asked.
        table: String,
        /// The tables there are.
        known: String,
    },
    /// The body cannot be read as rows, or its header lacks required columns; nothing was
    /// written.
    #[error("{0}")]
    BadInput(String),
    /// The load failed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The follow-up scan could not start.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The rows of an ingest, as they came.
#[derive(Debug, Clone)]
pub enum IngestBody {
    /// A JSON array of objects (column → string or number).
    Json(Vec<u8>),
    /// CSV with a header row.
    Csv(Vec<u8>, Encoding),
}

/// One ingest: rows for a table, and the day the follow-up scan looks from.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// The table (`payments`, ...).
    pub table: String,
    /// The rows.
    pub body: IngestBody,
    /// The follow-up scan's day (default today).
    pub as_of: Option<NaiveDate>,
    /// Who asks (the token's name; recorded on the scan run and in the change history).
    pub requested_by: String,
    /// Columns whose stored value is removed from every row that gives them no value
    /// (comma-separated, `?clear=phone,address`); otherwise a missing or empty value leaves
    /// the stored one alone.
    pub clear: Option<String>,
}

/// One rejected row's problem, or a warning.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowFinding {
    /// JSON: the row's 1-based position in the array. CSV: its line in the body (the header
    /// is line 1), as `guanxi load` reports lines of a file.
    pub line: u64,
    /// The column (empty when the whole row is concerned).
    pub column: String,
    /// Why.
    pub reason: String,
    /// `ingest:<table>`.
    pub file: String,
}

/// The follow-up scan.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IngestScan {
    /// Its run id (`GET /api/scans/{id}`), when it ran.
    pub id: Option<String>,
    /// `done`, `failed`, `skipped` (nothing loaded, or no pattern concerns the table) or
    /// `busy` (another scan held the lock: the next scan will raise these alerts).
    pub status: String,
    /// Patterns run.
    pub patterns: Vec<String>,
    /// Why it failed or was skipped.
    pub detail: Option<String>,
    /// Seconds the scan took.
    pub seconds: f64,
}

/// The answer to `POST /api/ingest/{table}`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IngestResponse {
    /// The table.
    pub table: String,
    /// Rows read.
    pub read: u64,
    /// Rows written.
    pub loaded: u64,
    /// Problems of rejected rows (a row may have several).
    pub rejected: Vec<RowFinding>,
    /// Warnings (those rows still loaded).
    pub warnings: Vec<RowFinding>,
    /// Alerts about the ingested rows (an ingested id among the subjects or the evidence).
    #[schema(value_type = Vec<Object>)]
    pub alerts: Vec<Alert>,
    /// The follow-up scan.
    pub scan: IngestScan,
    /// The load run id.
    pub load_run: String,
    /// Seconds in all.
    pub seconds: f64,
}

/// Loads rows into a table, then scans the patterns they can take part in. Writes of the
/// load and the scan are noted on the scanner's alert change handle.
pub async fn ingest(
    scanner: &Scanner,
    request: IngestRequest,
) -> Result<IngestResponse, IngestError> {
    let started = Instant::now();
    let table = request.table;
    let tables = mapping::table_mappings().map_err(|e| IngestError::Load(e.into()))?;
    let Some(mapping) = tables.iter().find(|t| t.table == table) else {
        return Err(IngestError::UnknownTable {
            known: tables
                .iter()
                .map(|t| t.table.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            table,
        });
    };
    let source = format!("ingest:{table}");
    let clear = load::update::Clear::columns(mapping, request.clear.as_deref().unwrap_or(""))
        .map_err(IngestError::BadInput)?;
    let (header, rows) = match &request.body {
        IngestBody::Json(bytes) => json_rows(mapping, bytes)?,
        IngestBody::Csv(bytes, encoding) => csv_rows(&source, bytes, *encoding)?,
    };
    if rows.is_empty() {
        return Err(IngestError::BadInput("the body holds no rows".into()));
    }

    let loaded_rows = load::load_rows(
        &scanner.graph,
        &table,
        header.clone(),
        rows.clone(),
        &source,
        (&request.requested_by, clear),
    )
    .await;
    // Noted even when the load failed: batches before the failure are written, and an
    // alert list filtered by org follows the graph.
    scanner.changes.note();
    let summary = loaded_rows?;
    if let Some(error) = summary.tables.iter().find_map(|t| t.error.clone()) {
        // Only a header problem (missing required columns) stops an in-memory table: nothing
        // was written.
        return Err(IngestError::BadInput(error));
    }
    let ids = ingested_ids(mapping, &header, &rows, &summary);
    let loaded = summary.loaded();

    let library = patterns::all_patterns().map_err(ScanError::from)?;
    let patterns: Vec<String> = patterns::patterns_reading(&library, &table)
        .into_iter()
        .map(|id| id.to_string())
        .collect();
    let (scan, alerts) = if loaded == 0 || patterns.is_empty() {
        let detail = if loaded == 0 {
            "no row was loaded"
        } else {
            "no pattern concerns this table"
        };
        (
            IngestScan {
                id: None,
                status: "skipped".into(),
                patterns: Vec::new(),
                detail: Some(detail.into()),
                seconds: 0.0,
            },
            Vec::new(),
        )
    } else {
        let follow_up = FollowUp {
            table: &table,
            patterns,
            as_of: request.as_of,
            requested_by: &request.requested_by,
        };
        follow_up_scan(scanner, follow_up, &ids).await?
    };
    // A scan that ran derived the region scopes with its alerts; without one, the new rows
    // still need theirs (what they add: no kinship was derived).
    if loaded > 0 && scan.id.is_none() {
        let ids: Vec<String> = ids.iter().cloned().collect();
        crate::scope::derive_focused(&scanner.graph, &ids, None).await?;
    }
    // New tips go to the watchlists' notification targets (after their region scopes).
    if loaded > 0 && table == "tips" {
        scanner.notify.tips_loaded(&summary.run);
    }

    Ok(IngestResponse {
        table,
        read: summary.tables.iter().map(|t| t.read).sum(),
        loaded,
        rejected: summary.rejects.iter().map(row_finding).collect(),
        warnings: summary.warnings.iter().map(row_finding).collect(),
        alerts,
        scan,
        load_run: summary.run,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn row_finding(f: &load::Finding) -> RowFinding {
    RowFinding {
        line: f.line,
        column: f.column.clone(),
        reason: f.reason.clone(),
        file: f.file.clone(),
    }
}

/// Reads the whole CSV body first: a malformed body (broken quoting, undecodable header) is
/// refused before anything is written.
fn csv_rows(
    source: &str,
    body: &[u8],
    encoding: Encoding,
) -> Result<(Vec<String>, Vec<RowItem>), IngestError> {
    let mut reader = TableReader::from_csv_bytes(source, body.to_vec(), encoding)
        .map_err(|e| IngestError::BadInput(e.to_string()))?;
    let mut rows = Vec::new();
    while let Some(item) = reader.next_item() {
        rows.push(item.map_err(|e| IngestError::BadInput(format!("{e}; nothing was loaded")))?);
    }
    Ok((reader.header, rows))
}

/// A JSON array of objects; the header is every key, the columns of `mapping` first (in
/// order of first appearance), then the keys it does not know (for the loader's warning).
/// Cells are strings or numbers (booleans and null are accepted too); anything else rejects
/// the row.
///
/// Linear in the body: a key's column is found in a hash map (not by scanning the header),
/// and a row holds cells only for the mapping's columns, which come first, so that a body of
/// many distinct unknown keys costs neither a quadratic header nor a row of empty cells for
/// every key (the loader reads a missing cell as empty).
fn json_rows(
    mapping: &TableMapping,
    body: &[u8],
) -> Result<(Vec<String>, Vec<RowItem>), IngestError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| IngestError::BadInput(format!("the body is not JSON: {e}")))?;
    let serde_json::Value::Array(items) = value else {
        return Err(IngestError::BadInput(
            "the body must be a JSON array of objects (one per row)".into(),
        ));
    };
    let known: HashSet<String> = mapping
        .columns
        .iter()
        .map(|c| c.name.to_lowercase())
        .collect();
    let is_known = |key: &str| known.contains(&key.trim().to_lowercase());
    let mut seen: HashSet<&str> = HashSet::new();
    let (mut header, mut unknown): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for item in &items {
        if let serde_json::Value::Object(map) = item {
            for key in map.keys() {
                if seen.insert(key.as_str()) {
                    if is_known(key) {
                        header.push(key.clone());
                    } else {
                        unknown.push(key.clone());
                    }
                }
            }
        }
    }
    // Only these columns get cells; the unknown ones follow in the header.
    let mapped = header.len();
    header.extend(unknown);
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let line = i as u64 + 1;
        let serde_json::Value::Object(map) = item else {
            rows.push(RowItem::BadRow {
                line,
                reason: "not a JSON object".into(),
                text: item.to_string(),
            });
            continue;
        };
        let mut cells = Vec::with_capacity(mapped);
        let mut bad = None;
        for column in &header[..mapped] {
            cells.push(json_cell(column, map.get(column), &mut bad));
        }
        // An array or object under a key the table does not know still rejects the row.
        for (key, value) in map {
            if !is_known(key) {
                json_cell(key, Some(value), &mut bad);
            }
        }
        rows.push(match bad {
            Some(reason) => RowItem::BadRow {
                line,
                reason,
                text: item.to_string(),
            },
            None => RowItem::Row(RawRow { line, cells }),
        });
    }
    Ok((header, rows))
}

/// One JSON cell as text; an array or object notes the first such problem in `bad`.
fn json_cell(column: &str, value: Option<&serde_json::Value>, bad: &mut Option<String>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Bool(b)) => b.to_string(),
        Some(_) => {
            bad.get_or_insert_with(|| {
                format!("{column}: expected a string or a number, not an array or object")
            });
            String::new()
        }
    }
}

/// The ids the loaded rows stand for: an entity row's id, or the ids a relationship row
/// (kinship, roles, positions, bids) ties together.
fn ingested_ids(
    table: &TableMapping,
    header: &[String],
    rows: &[RowItem],
    summary: &LoadSummary,
) -> HashSet<String> {
    let rejected: HashSet<u64> = summary.rejects.iter().map(|f| f.line).collect();
    let (index, _, _) = ColumnIndex::new(table, header);
    let mut ids = HashSet::new();
    for item in rows {
        let RowItem::Row(raw) = item else { continue };
        if rejected.contains(&raw.line) {
            continue;
        }
        let Ok(row) = typed::parse_row(table, &index, raw) else {
            continue;
        };
        match row.id {
            Some(id) => {
                ids.insert(id);
            }
            None => ids.extend(row.references.into_iter().flat_map(|r| r.ids)),
        }
    }
    ids
}

/// What the follow-up scan of an ingest runs.
struct FollowUp<'a> {
    table: &'a str,
    patterns: Vec<String>,
    as_of: Option<NaiveDate>,
    requested_by: &'a str,
}

/// Runs `patterns` focused on `ids` through the scan lock (waiting a little for a running
/// scan) and returns the alerts about `ids`. The scan derives kinship only when the table can
/// change it, runs the patterns' focused variants where they have one, and stores only the
/// findings about `ids`: alerts about anything else are not touched.
async fn follow_up_scan(
    scanner: &Scanner,
    follow_up: FollowUp<'_>,
    ids: &HashSet<String>,
) -> Result<(IngestScan, Vec<Alert>), IngestError> {
    let FollowUp {
        table,
        patterns,
        as_of,
        requested_by,
    } = follow_up;
    let started = Instant::now();
    let deadline = started + LOCK_WAIT;
    let mut request = ScanRequest::new(
        &scanner.settings,
        Trigger::Ingest,
        requested_by,
        patterns.clone(),
        as_of,
    )?;
    let mut focus: Vec<String> = ids.iter().cloned().collect();
    focus.sort();
    request.options.focus = Some(scan::Focus {
        ids: focus,
        derive_kinship: TABLES_CHANGING_KINSHIP.contains(&table),
        derive_ownership: TABLES_CHANGING_OWNERSHIP.contains(&table),
        variants: TABLES_WITH_FOCUSED_VARIANTS.contains(&table),
    });
    let scan = loop {
        match start_scan(scanner, request.clone()).await {
            Ok(started) => break started,
            Err(StartError::Busy { holder, .. }) if Instant::now() >= deadline => {
                return Ok((
                    IngestScan {
                        id: None,
                        status: "busy".into(),
                        patterns,
                        detail: Some(format!(
                            "scan {} held the lock for more than {} s; the next scan will raise these rows' alerts",
                            holder.as_deref().unwrap_or("unknown"),
                            LOCK_WAIT.as_secs()
                        )),
                        seconds: started.elapsed().as_secs_f64(),
                    },
                    Vec::new(),
                ));
            }
            Err(StartError::Busy { .. }) => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(StartError::AlreadyRan(id)) => {
                return Err(ScanError::Internal(format!("scan {id} has already run")).into())
            }
            Err(StartError::Db(e)) => return Err(e.into()),
        }
    };
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "ingest: follow-up scan holds the lock"
    );
    let outcome = scan
        .handle
        .await
        .map_err(|e| ScanError::Internal(format!("scan task failed: {e}")))?;
    let summary = match outcome.result {
        Ok(summary) => summary,
        Err(error) => {
            return Ok((
                IngestScan {
                    id: Some(outcome.id),
                    status: "failed".into(),
                    patterns,
                    detail: Some(error),
                    seconds: started.elapsed().as_secs_f64(),
                },
                Vec::new(),
            ))
        }
    };
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "ingest: follow-up scan done"
    );
    let mut alerts = Vec::new();
    for alert in scan::alerts::alerts_of_scan(&scanner.graph, &summary.scan).await? {
        let concerned: BTreeSet<&str> = alert
            .subjects
            .iter()
            .map(String::as_str)
            .chain(alert.evidence.nodes.iter().map(|n| n.id.as_str()))
            .collect();
        if concerned.iter().any(|id| ids.contains(*id)) {
            alerts.push(alert);
        }
    }
    Ok((
        IngestScan {
            id: Some(outcome.id),
            status: "done".into(),
            patterns,
            detail: None,
            seconds: started.elapsed().as_secs_f64(),
        },
        alerts,
    ))
}

/// Plans the ingest path's queries before the first ingest: the loader's statements (see
/// [`load::warm_up`]), the scan's bookkeeping and alert store (rehearsed in transactions that
/// are rolled back), the focused pattern variants run for an id that cannot exist, and the
/// read of the ingest's alerts. No alert is touched, and nothing is written except identity
/// links of records a crashed load or ingest left unresolved (see [`load::warm_up`]). Called
/// in the background when the service starts.
pub async fn warm_up(graph: &neo4rs::Graph) -> anyhow::Result<()> {
    load::warm_up(graph).await?;
    let options = scan::ScanOptions {
        patterns: scan::patterns::focused_queries()?
            .into_iter()
            .map(|variant| variant.id.to_string())
            .collect(),
        // An id that cannot exist rather than an empty list: Neo4j caches a plan per
        // parameter type, and an empty list is not typed like a list of strings.
        focus: Some(scan::Focus {
            ids: vec!["\u{0}warm-up: no such id".to_string()],
            variants: true,
            derive_kinship: false,
            derive_ownership: false,
        }),
        ..scan::ScanOptions::default()
    };
    scan::run_scan_once(graph, &options).await?;
    crate::scope::warm_up(graph).await?;
    scan::runs::rehearse_bookkeeping(graph).await?;
    scan::alerts::rehearse_store(graph).await?;
    // A scan id of the real shape (Neo4j plans by parameter length class too); no alert
    // carries it.
    let scan = crate::domain::ids::run_id("scan");
    scan::alerts::alerts_of_scan(graph, &scan).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> TableMapping {
        mapping::table_mappings()
            .unwrap()
            .into_iter()
            .find(|t| t.table == "people")
            .unwrap()
    }

    #[test]
    fn many_distinct_json_keys_give_one_header_entry_each_and_no_cells() {
        let table = people();
        let keys = 20_000;
        let items: Vec<serde_json::Value> = (0..keys)
            .map(|i| serde_json::json!({"id": format!("P{i}"), format!("extra_{i}"): i}))
            .collect();
        let body = serde_json::to_vec(&items).unwrap();
        let (header, rows) = json_rows(&table, &body).unwrap();
        // The mapping's column first, then every unknown key once, in order of appearance.
        assert_eq!(header.len(), keys + 1);
        assert_eq!(header[0], "id");
        assert_eq!(header[1], "extra_0");
        assert_eq!(header[keys], format!("extra_{}", keys - 1));
        assert_eq!(rows.len(), keys);
        for row in &rows {
            let RowItem::Row(row) = row else {
                panic!("a row was rejected")
            };
            // One cell per mapped column, not one per key of the whole body.
            assert_eq!(row.cells.len(), 1);
        }
        let (index, unknown, _) = ColumnIndex::new(&table, &header);
        assert_eq!(unknown.len(), keys);
        let RowItem::Row(last) = &rows[keys - 1] else {
            unreachable!()
        };
        assert_eq!(
            index.cell(&table, last, "id").as_deref(),
            Some(format!("P{}", keys - 1).as_str())
        );
    }

    #[test]
    fn json_cells_keep_their_values_and_nested_values_reject_the_row() {
        let table = people();
        let body = br#"[{"NAME": "x", "id": 7, "gender": null},
                        {"id": "P2", "note": [1]},
                        3]"#;
        let (header, rows) = json_rows(&table, body).unwrap();
        // serde_json's maps keep keys sorted; the unknown key comes last.
        assert_eq!(header, ["NAME", "gender", "id", "note"]);
        let RowItem::Row(first) = &rows[0] else {
            panic!("{:?}", rows[0])
        };
        assert_eq!(first.cells, ["x", "", "7"]);
        assert!(
            matches!(&rows[1], RowItem::BadRow { reason, .. } if reason.starts_with("note:")),
            "{:?}",
            rows[1]
        );
        assert!(matches!(&rows[2], RowItem::BadRow { line: 3, .. }));
    }
}
