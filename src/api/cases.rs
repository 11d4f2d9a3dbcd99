//! HTTP for cases (线索/案件, [`crate::cases`]): investigators and admins only (viewers get
//! a 403; the case report alone is for every role, viewed for it by [`crate::report`]), within the caller's region scope (a case outside it is a 404, like an unknown
//! number). Each handler parses its request into typed values, calls the same function as
//! `guanxi case ...`, and queues an audit entry naming the change beside the request's own.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use super::auth::Caller;
use super::error::ApiError;
use super::AppState;
use crate::cases::{
    self, Case, CaseError, CaseGraph, CaseItem, CaseNote, CasePaths, ItemRef, NewCase,
    StatusChange, StatusOutcome,
};
use crate::domain::{CaseStatus, Role};
use crate::report::{self, Lang, ReportError};

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/cases", post(create_case).get(list_cases))
        .route("/api/cases/dispositions", get(list_dispositions))
        .route("/api/cases/{id}", get(get_case))
        .route("/api/cases/{id}/graph", get(case_graph))
        .route("/api/cases/{id}/items", post(add_items))
        .route("/api/cases/{id}/items/{item}", delete(remove_item))
        .route("/api/cases/{id}/notes", post(add_note))
        .route("/api/cases/{id}/status", post(change_status))
        .route("/api/cases/{id}/report.docx", get(case_report))
}

/// The OpenAPI description of these endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        create_case,
        list_cases,
        get_case,
        add_items,
        remove_item,
        add_note,
        change_status,
        case_graph,
        list_dispositions,
        case_report
    ),
    components(schemas(
        Case,
        CaseItem,
        CaseNote,
        StatusChange,
        StatusOutcome,
        CaseStatus,
        CreateCaseRequest,
        ItemsRequest,
        NoteRequest,
        StatusRequest,
        CaseGraph,
        CasePaths
    ))
)]
pub struct CasesApi;

impl From<CaseError> for ApiError {
    fn from(error: CaseError) -> Self {
        match error {
            CaseError::Db(e) => e.into(),
            CaseError::Alert(e) => e.into(),
            e @ (CaseError::NotFound(_) | CaseError::NoSuchItem { .. }) => {
                ApiError::NotFound(e.to_string())
            }
            e @ (CaseError::UnknownItems(_)
            | CaseError::Invalid(_)
            | CaseError::UnknownDisposition { .. }) => ApiError::BadRequest(e.to_string()),
            e @ (CaseError::BadTransition { .. } | CaseError::Changed(_)) => {
                ApiError::Conflict(e.to_string())
            }
        }
    }
}

impl From<ReportError> for ApiError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Case(e) => e.into(),
            ReportError::Db(e) => e.into(),
            e @ ReportError::Write(_) => ApiError::Internal(e.into()),
        }
    }
}

/// Alerts, tips and entities to include, by id.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ItemsRequest {
    /// Alert ids.
    #[serde(default)]
    pub alerts: Vec<String>,
    /// Tip ids.
    #[serde(default)]
    pub tips: Vec<String>,
    /// Other entity ids (people, companies, orgs, contracts, ...).
    #[serde(default)]
    pub entities: Vec<String>,
}

impl ItemsRequest {
    fn items(self) -> Vec<ItemRef> {
        cases::items_of(self.alerts, self.tips, self.entities)
    }
}

/// Body of `POST /api/cases`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCaseRequest {
    /// What it is about.
    pub title: String,
    /// Who handles it.
    #[serde(default)]
    pub assignee: Option<String>,
    /// By when (`YYYY-MM-DD`).
    #[serde(default)]
    pub deadline: Option<String>,
    /// What it starts with (at least one item).
    #[serde(flatten)]
    pub items: ItemsRequest,
}

/// Body of `POST /api/cases/{id}/notes`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteRequest {
    /// The note.
    pub text: String,
}

/// Body of `POST /api/cases/{id}/status`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusRequest {
    /// The new status, Chinese or English (`初步核实` or `preliminary_check`, ...).
    pub status: String,
    /// How it is closed: one of `[cases] dispositions` (closing only).
    #[serde(default)]
    pub disposition: Option<String>,
    /// Closing only: also close the case's open alerts (confirmed, with the disposition).
    #[serde(default)]
    pub close_alerts: bool,
}

/// The caller as an audit entry names it, through `method`.
fn actor<'a>(caller: &'a Caller, method: &'a str) -> cases::Actor<'a> {
    (&caller.name, caller.role.as_str(), method)
}

/// The case after a change (it was visible just before).
async fn reread(state: &AppState, caller: &Caller, id: &str) -> Result<Json<Case>, ApiError> {
    cases::get(&state.graph, id, caller.scope())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no case {id}")))
}

#[utoipa::path(post, path = "/api/cases", tag = "cases",
    request_body = CreateCaseRequest,
    responses((status = 201, description = "The new case (its number is `id`)", body = Case),
              (status = 400, description = "No title, no items, an unknown item or a bad deadline", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_case(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(body): Json<CreateCaseRequest>,
) -> Result<(StatusCode, Json<Case>), ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let deadline = match body.deadline.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            crate::domain::parse_date(text)
                .map_err(|e| ApiError::BadRequest(format!("deadline: {e}")))?,
        ),
    };
    let new = NewCase {
        title: body.title,
        assignee: body.assignee.filter(|a| !a.trim().is_empty()),
        deadline,
        items: body.items.items(),
    };
    let ids = cases::item_ids(&new.items);
    let created = cases::create(&state.graph, &new, &caller.name, caller.scope()).await;
    let case = created.as_ref().map(String::as_str).unwrap_or("(new)");
    let entry = cases::audit_entry(
        "create",
        case,
        &new.title,
        &ids,
        created.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    let id = created?;
    Ok((StatusCode::CREATED, reread(&state, &caller, &id).await?))
}

#[utoipa::path(get, path = "/api/cases", tag = "cases",
    responses((status = 200, description = "Every case the caller's scope sees, newest first", body = Vec<Case>),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_cases(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<Case>>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    Ok(Json(cases::list(&state.graph, caller.scope()).await?))
}

#[utoipa::path(get, path = "/api/cases/{id}", tag = "cases",
    params(("id" = String, Path, description = "Case number (C-2026-0001)")),
    responses((status = 200, description = "The case: items, notes, status history", body = Case),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_case(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Case>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    reread(&state, &caller, &id).await
}

#[utoipa::path(post, path = "/api/cases/{id}/items", tag = "cases",
    params(("id" = String, Path, description = "Case number")),
    request_body = ItemsRequest,
    responses((status = 200, description = "The case with the items included", body = Case),
              (status = 400, description = "No items, or an unknown one (nothing is added)", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_items(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<ItemsRequest>,
) -> Result<Json<Case>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let items = body.items();
    let ids = cases::item_ids(&items);
    let added = cases::add_items(&state.graph, &id, &items, &caller.name, caller.scope()).await;
    let entry = cases::audit_entry(
        "add",
        &id,
        &ids.join(" "),
        &ids,
        added.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    added?;
    reread(&state, &caller, &id).await
}

#[utoipa::path(delete, path = "/api/cases/{id}/items/{item}", tag = "cases",
    params(("id" = String, Path, description = "Case number"), ("item" = String, Path, description = "The id of the alert, tip or entity to take out")),
    responses((status = 200, description = "The case without the item", body = Case),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case, or it does not include the item", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn remove_item(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((id, item)): Path<(String, String)>,
) -> Result<Json<Case>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let removed = cases::remove_item(&state.graph, &id, &item, &caller.name, caller.scope()).await;
    let entry = cases::audit_entry(
        "remove",
        &id,
        &item,
        std::slice::from_ref(&item),
        removed.as_ref(),
        actor(&caller, "DELETE"),
    );
    state.audit.send(entry).await;
    removed?;
    // A scoped caller who took out the last item no longer sees the case: a 404 then says so.
    reread(&state, &caller, &id).await
}

#[utoipa::path(post, path = "/api/cases/{id}/notes", tag = "cases",
    params(("id" = String, Path, description = "Case number")),
    request_body = NoteRequest,
    responses((status = 200, description = "The case with the note at the end of its log", body = Case),
              (status = 400, description = "An empty note", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_note(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<NoteRequest>,
) -> Result<Json<Case>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let noted = cases::note(&state.graph, &id, &body.text, &caller.name, caller.scope()).await;
    let entry = cases::audit_entry(
        "note",
        &id,
        &body.text,
        &[],
        noted.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    noted?;
    reread(&state, &caller, &id).await
}

#[utoipa::path(post, path = "/api/cases/{id}/status", tag = "cases",
    params(("id" = String, Path, description = "Case number")),
    request_body = StatusRequest,
    responses((status = 200, description = "The case after the change, and the alerts closed with it", body = StatusOutcome),
              (status = 400, description = "Unknown status, or a disposition missing, unknown or out of place", content_type = "application/problem+json"),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json"),
              (status = 409, description = "Not a step of the flow, or the case changed meanwhile", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn change_status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<StatusRequest>,
) -> Result<Json<StatusOutcome>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let status = cases::parse_status(&body.status).map_err(ApiError::BadRequest)?;
    let changed = cases::change_status(
        &state.graph,
        &id,
        status,
        body.disposition.as_deref(),
        body.close_alerts,
        (
            &state.settings.cases.dispositions,
            &caller.name,
            caller.scope(),
        ),
    )
    .await;
    let change = cases::status_change(status, body.disposition.as_deref(), body.close_alerts);
    let closed = changed
        .as_ref()
        .map(|o| o.closed_alerts.clone())
        .unwrap_or_default();
    let entry = cases::audit_entry(
        "status",
        &id,
        &change,
        &closed,
        changed.as_ref(),
        actor(&caller, "POST"),
    );
    state.audit.send(entry).await;
    let outcome = changed?;
    if !outcome.closed_alerts.is_empty() {
        // Alert lists are kept in memory: closing alerts makes those pages stale.
        state.changes.note();
    }
    Ok(Json(outcome))
}

#[utoipa::path(get, path = "/api/cases/{id}/graph", tag = "cases",
    params(("id" = String, Path, description = "Case number")),
    responses((status = 200, description = "One graph of the case: its entities, the paths between them, the evidence of its alerts (nodes and edges as a neighbourhood's)", body = CaseGraph),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json"),
              (status = 503, description = "Neo4j unavailable", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn case_graph(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<CaseGraph>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    let timeout = std::time::Duration::from_millis(state.settings.api.query_timeout_ms);
    let drawn = cases::graph(&state.graph, id.trim(), caller.scope(), timeout).await?;
    Ok(Json(drawn))
}

#[utoipa::path(get, path = "/api/cases/dispositions", tag = "cases",
    responses((status = 200, description = "The dispositions a case may be closed with (`[cases] dispositions`), in order", body = Vec<String>),
              (status = 403, description = "Viewers do not handle cases", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_dispositions(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Vec<String>>, ApiError> {
    caller.require(Role::Investigator, "handle cases")?;
    Ok(Json(state.settings.cases.dispositions.clone()))
}

/// Query of `GET /api/cases/{id}/report.docx`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// `zh` (default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The media type of a Word document.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[utoipa::path(get, path = "/api/cases/{id}/report.docx", tag = "cases",
    params(("id" = String, Path, description = "Case number"), ReportQuery),
    responses((status = 200, description = "The case report as a Word document (an attachment): summary, alerts with kin chains and evidence, the evidence graph, notes, source rows; a viewer's masked as his API answers are (no note or tip text)", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
              (status = 400, description = "Unknown language", content_type = "application/problem+json"),
              (status = 404, description = "No such case in the caller's scope", content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn case_report(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ReportQuery>,
) -> Result<axum::response::Response, ApiError> {
    let lang = match q.lang.as_deref().map(str::trim) {
        None | Some("") => Lang::Zh,
        Some(word) => Lang::parse(word)
            .ok_or_else(|| ApiError::BadRequest(format!("lang {word:?} is not zh or en")))?,
    };
    let bytes = report::case_report(&state.graph, &id, caller.scope(), caller.role, lang).await?;
    // The case number is [A-Z0-9-] when it exists; keep the file name plain whatever it is.
    let file: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let headers = [
        (axum::http::header::CONTENT_TYPE, DOCX.to_string()),
        (
            axum::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}.docx\""),
        ),
    ];
    Ok(axum::response::IntoResponse::into_response((
        headers, bytes,
    )))
}
