//! `POST /api/ingest/{table}`: rows of one table of the data contract, as a JSON array of
//! objects or a CSV body, loaded through the loader's engine ([`crate::load::load_rows`]: the
//! same parsing, reference checks and rejections as `guanxi load`), then the patterns the new
//! rows can take part in are scanned at once, focused on the ingested ids, and the alerts
//! about them returned. The focused scan derives kinship only for tables that can change it,
//! runs each pattern's focused variant (`cypher/patterns/focused/`) where there is one, and
//! stores only the findings about the ingested ids: other alerts are not touched.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::routing::post;
use axum::{Extension, Json, Router};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::params::optional_day;
use super::state::AppState;
use crate::domain::Role;
use crate::ingest::{self, IngestBody, IngestRequest, IngestResponse};
use crate::load::source::Encoding;

/// The largest ingest body (16 MiB): a batch of rows. Larger answers 413; bigger loads go
/// through `guanxi load`.
pub const INGEST_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The routes of this module (merged into the authenticated `/api` router). The body limit
/// set here replaces the small one of the other routes (the innermost limit wins).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/ingest/{table}", post(post_ingest))
        .layer(DefaultBodyLimit::max(INGEST_BODY_LIMIT))
}

/// Query of `POST /api/ingest/{table}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct IngestQuery {
    /// The day the follow-up scan looks from (YYYY-MM-DD); today by default.
    pub as_of: Option<String>,
    /// Columns to remove where a row gives no value (comma-separated, e.g. `phone,address`).
    /// Without it, a missing key or an empty value leaves the stored value alone.
    pub clear: Option<String>,
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
        (status = 413, description = "Body larger than 16 MiB", content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn post_ingest(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(table): Path<String>,
    Query(q): Query<IngestQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IngestResponse>, ApiError> {
    caller.require(Role::Admin, "ingest data")?;
    // An ingest answers with what its follow-up scan raised across the whole graph.
    caller.require_unscoped("ingest data")?;
    let request = IngestRequest {
        table,
        body: ingest_body(&headers, body)?,
        as_of: optional_day("as_of", q.as_of.as_deref())?,
        requested_by: caller.name.clone(),
        clear: q.clear,
    };
    Ok(Json(ingest::ingest(&state.scanner(), request).await?))
}

/// The body as the content type says: CSV (with its charset) or JSON.
fn ingest_body(headers: &HeaderMap, body: Bytes) -> Result<IngestBody, ApiError> {
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
            Ok(IngestBody::Csv(body.to_vec(), encoding))
        }
        "application/json" | "" => Ok(IngestBody::Json(body.to_vec())),
        other => Err(ApiError::BadRequest(format!(
            "Content-Type {other} is not supported: send application/json (an array of objects) or text/csv"
        ))),
    }
}
