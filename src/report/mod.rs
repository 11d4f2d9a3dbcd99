//! The case report (issue 15): a Word document (.docx, built with `docx-rs`) holding a
//! case's summary, each alert's sentence with its evidence and kin chains written out
//! ([`chains`]), the evidence graph as a picture ([`graph`]), the notes, and the source rows
//! with file and line ([`document`]). Chinese by default, English with [`Lang::En`].
//!
//! The reader's role decides what it holds, through the same views as the API
//! ([`crate::views`]): a viewer's report shows each alert as `GET /api/alerts/{id}` shows it
//! to him, each record's properties as an entity page does (ID numbers first 6 + last 4,
//! phones last 4, birth years, no addresses), the case's title and alert sentences scrubbed
//! like a summary, and neither note texts nor tip texts (the views show viewers no triage
//! note and no tip text). Investigators read everything their region scope sees.
//! `guanxi case report` (src/cli/cases.rs) and `GET /api/cases/{id}/report.docx`
//! (src/api/cases.rs) call [`case_report`].

pub mod chains;
pub mod document;
pub mod graph;

use std::collections::BTreeMap;

use neo4rs::{query, Graph};

use crate::cases::{self, Case, CaseError};
use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::Role;
use crate::scan::{self, Alert};
use crate::scope::{scope_param, Scope};
use crate::views::{self, Shape};

crate::word_enum! {
    /// The language a report is written in.
    pub enum Lang {
        /// Chinese (the default).
        Zh = "zh",
        /// English.
        En = "en",
    }
}

impl Lang {
    /// The Chinese or the English text.
    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

/// What can go wrong with a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the case failed (or it is not in the reader's scope).
    #[error(transparent)]
    Case(#[from] CaseError),
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The document could not be written.
    #[error("writing the report: {0}")]
    Write(String),
}

/// A record behind an evidence node, as the reader may read it.
#[derive(Debug, Clone)]
pub struct Record {
    /// `Person`, `Company`, ...
    pub kind: String,
    /// Its properties as the reader's view shows them.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// Everything a report shows, already viewed for its reader.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The case (title scrubbed, notes without text, tip labels dropped for viewers).
    pub case: Case,
    /// Its alerts as the reader reads them, in the case's order.
    pub alerts: Vec<Alert>,
    /// The records behind the evidence nodes, by id (those in the reader's scope).
    pub records: BTreeMap<String, Record>,
    /// Pattern id → (Chinese title, English title).
    pub titles: BTreeMap<String, (String, String)>,
    /// Who reads it.
    pub role: Role,
    /// In which language.
    pub lang: Lang,
}

/// The report of case `id` as `role` within `scope` reads it, in `lang`: the bytes of a
/// .docx file. A case the scope does not see is [`CaseError::NotFound`].
pub async fn case_report(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
    role: Role,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    let data = gather(graph, id, scope, role, lang).await?;
    // Drawing and zipping take a CPU for a while: off the async workers that serve requests.
    tokio::task::spawn_blocking(move || document::write(&data))
        .await
        .map_err(|e| ReportError::Write(e.to_string()))?
}

/// Reads the case, its alerts and the records behind their evidence, viewed for `role`.
pub async fn gather(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
    role: Role,
    lang: Lang,
) -> Result<ReportData, ReportError> {
    let mut case = cases::get(graph, id, scope)
        .await?
        .ok_or_else(|| CaseError::NotFound(id.to_string()))?;
    let mut alerts = Vec::new();
    for item in case.items.iter().filter(|i| i.kind == "alert") {
        if let Some(alert) = scan::alerts::get_alert_in(graph, &item.id, scope).await? {
            alerts.push(view_alert(role, alert));
        }
    }
    let mut ids: Vec<String> = alerts
        .iter()
        .flat_map(|a| a.evidence.nodes.iter().map(|n| n.id.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    let records = records(graph, &ids, scope, role).await?;
    if role < Role::Investigator {
        view_case(&mut case);
    }
    let titles = scan::patterns::all_patterns()
        .map(|all| {
            all.into_iter()
                .map(|p| (p.id.as_str().to_string(), (p.title_zh, p.title_en)))
                .collect()
        })
        .unwrap_or_default();
    Ok(ReportData {
        case,
        alerts,
        records,
        titles,
        role,
        lang,
    })
}

/// The alert as `role` reads it at `GET /api/alerts/{id}` (the same view).
fn view_alert(role: Role, alert: Alert) -> Alert {
    if role >= Role::Investigator {
        return alert;
    }
    let Ok(mut value) = serde_json::to_value(&alert) else {
        return alert;
    };
    views::apply(role, Shape::Alert, &mut value);
    serde_json::from_value(value).unwrap_or(alert)
}

/// The case as a viewer reads it: its title scrubbed like a summary, notes by date and
/// author only (like triage notes), tips by id only (like tip texts), other labels scrubbed.
fn view_case(case: &mut Case) {
    case.title = views::scrub_text(&case.title);
    for note in &mut case.notes {
        note.text.clear();
    }
    for item in &mut case.items {
        item.label = match item.kind.as_str() {
            "tip" => None,
            _ => item.label.as_deref().map(views::scrub_text),
        };
    }
}

/// The records behind `ids` in `scope`, their properties viewed for `role` as an entity
/// page's are.
async fn records(
    graph: &Graph,
    ids: &[String],
    scope: Scope<'_>,
    role: Role,
) -> Result<BTreeMap<String, Record>, DbError> {
    let file = &cypher::CASE_RECORDS;
    let mut rows = graph
        .execute(
            query(file.text)
                .param("ids", ids.to_vec())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut records = BTreeMap::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let id: String = row.get("id").unwrap_or_default();
        let labels: Vec<String> = row.get("labels").unwrap_or_default();
        let props: serde_json::Value = row.get("props").unwrap_or_default();
        let kind = crate::explore::kind_of(&labels);
        let mut page = serde_json::json!({"kind": kind, "properties": props});
        views::apply(role, Shape::Entity, &mut page);
        let properties = match page.get_mut("properties").map(serde_json::Value::take) {
            Some(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        records.insert(id, Record { kind, properties });
    }
    Ok(records)
}
