//! `POST /api/ingest/{table}`: rows of one table of the data contract, as a JSON array of
//! objects or a CSV body, loaded through the loader's engine ([`crate::load::load_rows`]: the
//! same parsing, reference checks and rejections as `guanxi load`), then the patterns the new
//! rows can take part in are scanned at once, focused on the ingested ids, and the alerts
//! about them returned. The focused scan derives kinship only for tables that can change it,
//! runs each pattern's focused variant (`cypher/patterns/focused/`) where there is one, and
//! stores only the findings about the ingested ids: other alerts are not touched.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::routing::post;
use axum::{Extension, Json, Router};
use neo4rs::query;
use serde::{Deserialize, Serialize};

use super::auth::{Caller, Role};
use super::error::ApiError;
use super::jobs::{self, ScanRequest, StartError, Trigger};
use super::AppState;
use crate::cypher;
use crate::load::mapping::{self, TableMapping};
use crate::load::source::{Encoding, RawRow, RowItem, TableReader};
use crate::load::typed::{self, ColumnIndex};
use crate::load::{self, LoadError, LoadSummary};
use crate::scan::{self, Alert};

/// The routes of this module (merged into the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/ingest/{table}", post(ingest))
}

/// The patterns new rows of a table can take part in (run right after the ingest).
pub fn patterns_for(table: &str) -> &'static [&'static str] {
    const PEOPLE_AND_TIES: &[&str] = &[
        "kin-supplier",
        "kin-payee",
        "self-dealing",
        "shared-contact",
        "collective-subsidy",
    ];
    match table {
        "payments" => &["late-deposit", "collective-subsidy", "kin-payee"],
        "contracts" => &[
            "kin-supplier",
            "self-dealing",
            "supplier-concentration",
            "qualification-anomaly",
            "split-contracts",
            "single-bidder",
            "shared-contact",
        ],
        "bids" => &["single-bidder"],
        "company_roles" | "kinship" | "people" | "positions" | "companies" => PEOPLE_AND_TIES,
        _ => &[],
    }
}

/// Whether rows of a table can change who is whose kin (the follow-up scan then derives
/// kinship first): people (identity links), kinship ties and positions (who is an official).
pub fn changes_kinship(table: &str) -> bool {
    matches!(table, "people" | "kinship" | "positions")
}

/// Whether the ingested ids are those the focused pattern variants start from: payments,
/// contracts, or bids (whose rows name their contract).
pub fn has_focused_variants(table: &str) -> bool {
    matches!(table, "payments" | "contracts" | "bids")
}

/// How long an ingest waits for a running scan to finish before answering without alerts.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Query of `POST /api/ingest/{table}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct IngestQuery {
    /// The day the follow-up scan looks from (YYYY-MM-DD); today by default.
    pub as_of: Option<String>,
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

/// Loads rows into a table, then scans the patterns they can take part in.
#[utoipa::path(
    post,
    path = "/api/ingest/{table}",
    tag = "ingest",
    params(
        ("table" = String, Path, description = "A table of the data contract: people, orgs, companies, positions, kinship, company_roles, contracts, bids, payments, tips"),
        IngestQuery
    ),
    request_body(
        description = "The rows in the canonical format: a JSON array of objects (column → string or number), or CSV with a header row (Content-Type: text/csv; charset=gb18030 for GB18030)",
        content(
            (Vec<Object> = "application/json"),
            (String = "text/csv")
        )
    ),
    responses(
        (status = 200, description = "Loaded; rejected rows with line, column and reason; the alerts about the new rows, from a scan focused on them (kinship re-derived only for people, kinship and positions; alerts about other entities untouched)", body = IngestResponse),
        (status = 400, description = "Unknown table, unreadable body, missing required columns", content_type = "application/problem+json"),
        (status = 403, description = "Only admins ingest", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn ingest(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(table): Path<String>,
    Query(q): Query<IngestQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IngestResponse>, ApiError> {
    caller.require(Role::Admin, "ingest data")?;
    let started = Instant::now();
    let tables = mapping::table_mappings().map_err(|e| ApiError::Internal(e.into()))?;
    let Some(mapping) = tables.iter().find(|t| t.table == table) else {
        return Err(ApiError::BadRequest(format!(
            "no table {table:?} in the data contract (known: {})",
            tables
                .iter()
                .map(|t| t.table.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(day) => Some(
            crate::domain::parse_date(day)
                .map_err(|e| ApiError::BadRequest(format!("as_of: {e}")))?,
        ),
        None => None,
    };
    let source = format!("ingest:{table}");
    let (header, rows) = parse_body(&source, &headers, &body)?;
    if rows.is_empty() {
        return Err(ApiError::BadRequest("the body holds no rows".into()));
    }

    let summary = load::load_rows(&state.graph, &table, header.clone(), rows.clone(), &source)
        .await
        .map_err(load_error)?;
    if let Some(error) = summary.tables.iter().find_map(|t| t.error.clone()) {
        // Only a header problem (missing required columns) stops an in-memory table: nothing
        // was written.
        return Err(ApiError::BadRequest(error));
    }
    let ids = ingested_ids(mapping, &header, &rows, &summary);
    let loaded = summary.loaded();

    let patterns: Vec<String> = patterns_for(&table).iter().map(|p| p.to_string()).collect();
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
        follow_up_scan(&state, &caller, &table, patterns, as_of, &ids).await?
    };

    Ok(Json(IngestResponse {
        table,
        read: summary.tables.iter().map(|t| t.read).sum(),
        loaded,
        rejected: summary.rejects.iter().map(row_finding).collect(),
        warnings: summary.warnings.iter().map(row_finding).collect(),
        alerts,
        scan,
        load_run: summary.run,
        seconds: started.elapsed().as_secs_f64(),
    }))
}

fn row_finding(f: &load::Finding) -> RowFinding {
    RowFinding {
        line: f.line,
        column: f.column.clone(),
        reason: f.reason.clone(),
        file: f.file.clone(),
    }
}

fn load_error(error: LoadError) -> ApiError {
    match error {
        LoadError::UnknownTable { .. } => ApiError::BadRequest(error.to_string()),
        LoadError::Db(e) => e.into(),
        other => ApiError::Internal(other.into()),
    }
}

/// The body as a header and rows: CSV when the content type says so, else JSON.
fn parse_body(
    source: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Vec<String>, Vec<RowItem>), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    match mime {
        "text/csv" | "application/csv" => {
            let encoding = if content_type.contains("gb18030")
                || content_type.contains("gbk")
                || content_type.contains("gb2312")
            {
                Encoding::Gb18030
            } else if content_type.contains("utf-8") {
                Encoding::Utf8
            } else {
                Encoding::Auto
            };
            csv_rows(source, body, encoding)
        }
        "application/json" | "" => json_rows(body),
        other => Err(ApiError::BadRequest(format!(
            "Content-Type {other} is not supported: send application/json (an array of objects) or text/csv"
        ))),
    }
}

/// Reads the whole CSV body first: a malformed body (broken quoting, undecodable header) is
/// refused before anything is written.
fn csv_rows(
    source: &str,
    body: &[u8],
    encoding: Encoding,
) -> Result<(Vec<String>, Vec<RowItem>), ApiError> {
    let mut reader = TableReader::from_csv_bytes(source, body.to_vec(), encoding)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let mut rows = Vec::new();
    while let Some(item) = reader.next_item() {
        rows.push(item.map_err(|e| ApiError::BadRequest(format!("{e}; nothing was loaded")))?);
    }
    Ok((reader.header, rows))
}

/// A JSON array of objects; the header is every key in order of first appearance. Cells are
/// strings or numbers (booleans and null are accepted too); anything else rejects the row.
fn json_rows(body: &[u8]) -> Result<(Vec<String>, Vec<RowItem>), ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not JSON: {e}")))?;
    let serde_json::Value::Array(items) = value else {
        return Err(ApiError::BadRequest(
            "the body must be a JSON array of objects (one per row)".into(),
        ));
    };
    let mut header: Vec<String> = Vec::new();
    for item in &items {
        if let serde_json::Value::Object(map) = item {
            for key in map.keys() {
                if !header.contains(key) {
                    header.push(key.clone());
                }
            }
        }
    }
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
        let mut cells = Vec::with_capacity(header.len());
        let mut bad = None;
        for column in &header {
            let cell = match map.get(column) {
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
            };
            cells.push(cell);
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

/// Runs `patterns` focused on `ids` through the scan lock (waiting a little for a running
/// scan) and returns the alerts about `ids`. The scan derives kinship only when the table can
/// change it, runs the patterns' focused variants where they have one, and stores only the
/// findings about `ids`: alerts about anything else are not touched.
async fn follow_up_scan(
    state: &AppState,
    caller: &Caller,
    table: &str,
    patterns: Vec<String>,
    as_of: Option<chrono::NaiveDate>,
    ids: &HashSet<String>,
) -> Result<(IngestScan, Vec<Alert>), ApiError> {
    let started = Instant::now();
    let deadline = started + LOCK_WAIT;
    let mut request = ScanRequest::new(
        &state.settings,
        Trigger::Ingest,
        &caller.name,
        patterns.clone(),
        as_of,
    )?;
    let mut focus: Vec<String> = ids.iter().cloned().collect();
    focus.sort();
    request.options.focus = Some(scan::Focus {
        ids: focus,
        derive_kinship: changes_kinship(table),
        variants: has_focused_variants(table),
    });
    let scan = loop {
        match jobs::start_scan(state, request.clone()).await {
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
            Err(other) => return Err(other.into()),
        }
    };
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "ingest: follow-up scan holds the lock"
    );
    let outcome = scan
        .handle
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("scan task failed: {e}")))?;
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
    let mut rows = state
        .graph
        .execute(query(cypher::INGEST_ALERTS.text).param("scan", summary.scan.as_str()))
        .await?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await? {
        let alert = scan::alert_from_row(&row);
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
/// read of the ingest's alerts. Nothing is written and no alert is touched. Called in the
/// background when the service starts.
pub async fn warm_up(graph: &neo4rs::Graph) -> anyhow::Result<()> {
    load::warm_up(graph).await?;
    let options = scan::ScanOptions {
        patterns: scan::patterns::focused_queries()?
            .into_iter()
            .map(|variant| variant.id)
            .collect(),
        // An id that cannot exist rather than an empty list: Neo4j caches a plan per
        // parameter type, and an empty list is not typed like a list of strings.
        focus: Some(scan::Focus {
            ids: vec!["\u{0}warm-up: no such id".to_string()],
            variants: true,
            derive_kinship: false,
        }),
        ..scan::ScanOptions::default()
    };
    scan::run_scan_once(graph, &options).await?;
    jobs::rehearse_bookkeeping(graph).await?;
    scan::rehearse_store(graph).await?;
    // A scan id of the real shape (Neo4j plans by parameter length class too); no alert
    // carries it.
    let scan = crate::domain::ids::run_id("scan");
    let mut rows = graph
        .execute(query(cypher::INGEST_ALERTS.text).param("scan", scan.as_str()))
        .await?;
    while rows.next().await?.is_some() {}
    Ok(())
}
