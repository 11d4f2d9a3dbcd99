//! Reading stored alerts: the command line's list, one alert, the API's filtered and sorted
//! pages, and the alerts one scan raised. Whole alerts share one column list
//! (`cypher/alerts/columns.cypher`) appended to each selection; lists come back most severe
//! first, then by pattern and id.

use chrono::NaiveDate;
use neo4rs::{BoltNull, BoltType, Graph};
use serde::Serialize;

use super::model::{Alert, AlertListItem, Summary};
use crate::cypher::{self, CypherFile};
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::{AlertStatus, Severity};
use crate::scope::{scope_param, Scope};

/// Which stored alerts to list.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only these patterns (empty: all).
    pub patterns: Vec<String>,
    /// Only this status; `None` lists every status but `retired`.
    pub status: Option<AlertStatus>,
}

/// The word of the retired status, for the selections that leave retired alerts out.
fn retired_word() -> &'static str {
    AlertStatus::Retired.as_str()
}

/// A selection of whole alerts: its `MATCH ... WHERE` and the shared columns.
fn whole_alerts(selection: &CypherFile) -> String {
    format!(
        "{}\n{}",
        selection.text.trim(),
        cypher::ALERT_COLUMNS.text.trim()
    )
}

fn text_or_null(value: Option<&str>) -> BoltType {
    match value {
        Some(v) => BoltType::from(v),
        None => BoltType::Null(BoltNull),
    }
}

/// Runs a selection of whole alerts and returns them most severe first.
async fn select(
    graph: &Graph,
    selection: &CypherFile,
    q: neo4rs::Query,
) -> Result<Vec<Alert>, DbError> {
    let mut rows = graph.execute(q).await.origin(selection.path)?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await.origin(selection.path)? {
        alerts.push(alert_from_row(&row));
    }
    alerts.sort_by(|a, b| (b.severity, &a.pattern, &a.id).cmp(&(a.severity, &b.pattern, &b.id)));
    Ok(alerts)
}

/// Stored alerts, most severe first; without a status in `filter`, not the retired ones.
pub async fn list_alerts(graph: &Graph, filter: &AlertFilter) -> Result<Vec<Alert>, DbError> {
    let patterns: BoltType = if filter.patterns.is_empty() {
        BoltType::Null(BoltNull)
    } else {
        BoltType::from(filter.patterns.clone())
    };
    let q = read_query(&whole_alerts(&cypher::ALERTS_LIST))
        .param("patterns", patterns)
        .param(
            "status",
            text_or_null(filter.status.map(AlertStatus::as_str)),
        )
        .param("retired", retired_word());
    select(graph, &cypher::ALERTS_LIST, q).await
}

/// The alerts `scan` retired (their finding no longer held), most severe first.
pub async fn alerts_retired_by(graph: &Graph, scan: &str) -> Result<Vec<Alert>, DbError> {
    let q = read_query(&whole_alerts(&cypher::ALERTS_RETIRED_BY_SCAN))
        .param("scan", scan)
        .param("retired", retired_word());
    select(graph, &cypher::ALERTS_RETIRED_BY_SCAN, q).await
}

/// The alerts one scan raised or raised again (an ingest's follow-up scan), most severe first.
pub async fn alerts_of_scan(graph: &Graph, scan: &str) -> Result<Vec<Alert>, DbError> {
    let q = read_query(&whole_alerts(&cypher::ALERTS_OF_SCAN)).param("scan", scan);
    select(graph, &cypher::ALERTS_OF_SCAN, q).await
}

/// One stored alert by id (retired or not).
pub async fn get_alert(graph: &Graph, id: &str) -> Result<Option<Alert>, DbError> {
    get_alert_in(graph, id, None).await
}

/// One stored alert by id, if `scope` sees it (every entity it concerns), with its evidence
/// cut to the nodes `scope` sees (and the relationships between them).
pub async fn get_alert_in(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Option<Alert>, DbError> {
    let q = read_query(&whole_alerts(&cypher::ALERT_GET))
        .param("id", id)
        .param("scope", scope_param(scope));
    let Some(mut alert) = select(graph, &cypher::ALERT_GET, q).await?.pop() else {
        return Ok(None);
    };
    if scope.is_some() {
        let mut named: Vec<String> = alert.subjects.clone();
        named.extend(alert.evidence.nodes.iter().map(|n| n.id.clone()));
        let seen = crate::scope::visible_ids(graph, &named, scope).await?;
        alert.subjects.retain(|id| seen.contains(id));
        alert.evidence.nodes.retain(|n| seen.contains(&n.id));
        alert
            .evidence
            .relationships
            .retain(|r| seen.contains(&r.from) && seen.contains(&r.to));
    }
    Ok(Some(alert))
}

/// An alert's summary from a row with the summary columns (those of
/// `cypher/alerts/page.cypher`, which `columns.cypher` also has). Words that do not parse
/// (written by hand, or by a build with other words) read as `low` and `new`.
fn item_from_row(row: &neo4rs::Row) -> AlertListItem {
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    AlertListItem {
        id: text("id"),
        pattern: text("pattern"),
        severity: Severity::parse(&text("severity")).unwrap_or(Severity::Low),
        subjects: row.get("subjects").unwrap_or_default(),
        summary: Summary {
            zh: text("summary_zh"),
            en: text("summary_en"),
        },
        status: AlertStatus::parse(&text("status")).unwrap_or(AlertStatus::New),
        first_seen: text("first_seen"),
        last_seen: text("last_seen"),
    }
}

/// A whole alert from a row with the columns of `cypher/alerts/columns.cypher`.
fn alert_from_row(row: &neo4rs::Row) -> Alert {
    let AlertListItem {
        id,
        pattern,
        severity,
        subjects,
        summary,
        status,
        first_seen,
        last_seen,
    } = item_from_row(row);
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    let history: Vec<String> = row.get("history").unwrap_or_default();
    Alert {
        id,
        pattern,
        severity,
        subjects,
        summary,
        evidence: serde_json::from_str(&text("evidence")).unwrap_or_default(),
        facts: serde_json::from_str(&text("facts")).unwrap_or(serde_json::Value::Null),
        status,
        first_seen,
        last_seen,
        history: history
            .iter()
            .filter_map(|h| serde_json::from_str(h).ok())
            .collect(),
        retired_at: row.get::<Option<String>>("retired_at").ok().flatten(),
        retired_scan: row.get::<Option<String>>("retired_scan").ok().flatten(),
        cases: row.get("cases").unwrap_or_default(),
    }
}

crate::word_enum! {
    /// How a page of alerts is sorted (the API's `sort` words).
    #[derive(Default)]
    pub enum AlertSort {
        /// Most severe first, then most recently seen.
        #[default]
        Severity = "severity",
        /// Most recently seen first.
        LastSeen = "last_seen",
        /// Most recently raised first.
        FirstSeen = "first_seen",
        /// By pattern id.
        Pattern = "pattern",
    }
}

impl AlertSort {
    /// The `ORDER BY` expression: fixed text per key, never the request's.
    fn order_by(self) -> String {
        match self {
            AlertSort::Severity => format!(
                "{}, a.last_seen DESC, a.id",
                Severity::cypher_rank("a.severity")
            ),
            AlertSort::LastSeen => "a.last_seen DESC, a.id".into(),
            AlertSort::FirstSeen => "a.first_seen DESC, a.id".into(),
            AlertSort::Pattern => "a.pattern, a.id".into(),
        }
    }
}

/// Filters, sort and page of an alert list page (typed: the API parses its query string
/// into this).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AlertPageQuery {
    /// Pattern id.
    pub pattern: Option<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Triage status (`None`: every status but `retired`).
    pub status: Option<AlertStatus>,
    /// Org id: alerts about the org, its contracts, payments or officials.
    pub org: Option<String>,
    /// Only alerts seen on or after this day.
    pub since: Option<NaiveDate>,
    /// Only alerts first seen on or before this day.
    pub until: Option<NaiveDate>,
    /// Sort key.
    #[serde(skip)]
    pub sort: AlertSort,
    /// Page number from 1.
    pub page: u32,
    /// Alerts per page.
    pub per_page: u32,
    /// The caller's region scope (org ids; `None`: everything). Part of the cache key.
    pub scope: Option<Vec<String>>,
}

impl AlertPageQuery {
    /// A key naming this page among others (for caches).
    pub fn cache_key(&self) -> String {
        format!(
            "{}|{}",
            serde_json::to_string(self).unwrap_or_default(),
            self.sort.as_str()
        )
    }
}

/// A page of alerts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertPage {
    /// Alerts matching the filters, in total.
    pub total: i64,
    /// This page.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// The alerts, as summaries (one alert's page has the evidence, facts and history).
    pub alerts: Vec<AlertListItem>,
}

/// One page of alert summaries; without a status filter, not the retired ones.
pub async fn page_of_alerts(graph: &Graph, q: &AlertPageQuery) -> Result<AlertPage, DbError> {
    let page = q.page.max(1);
    let per_page = q.per_page.max(1);
    let day = |d: Option<NaiveDate>| match d {
        Some(d) => BoltType::from(format!("{d}T00:00:00Z")),
        None => BoltType::Null(BoltNull),
    };
    let text = format!(
        "{} ORDER BY {} SKIP $skip LIMIT $limit",
        cypher::ALERTS_PAGE.text.trim(),
        q.sort.order_by()
    );
    let skip = u64::from(page - 1) * u64::from(per_page);
    let origin = cypher::ALERTS_PAGE.path;
    let mut rows = graph
        .execute_read(
            read_query(&text)
                .param("pattern", text_or_null(q.pattern.as_deref()))
                .param("severity", text_or_null(q.severity.map(Severity::as_str)))
                .param("status", text_or_null(q.status.map(AlertStatus::as_str)))
                .param("retired", retired_word())
                .param("org", text_or_null(q.org.as_deref()))
                .param("since", day(q.since))
                .param("until", day(q.until))
                .param("skip", i64::try_from(skip).unwrap_or(i64::MAX))
                .param("limit", i64::from(per_page))
                .param("scope", scope_param(q.scope.as_deref())),
        )
        .await
        .origin(origin)?;
    let mut alerts = Vec::new();
    let mut total = 0;
    while let Some(row) = rows.next().await.origin(origin)? {
        total = row.get::<i64>("total").unwrap_or(0);
        alerts.push(item_from_row(&row));
    }
    Ok(AlertPage {
        total,
        page,
        per_page,
        alerts,
    })
}
