//! Cases (线索/案件, issue 15): an investigator gathers alerts, tips and entities into a case,
//! moves it along its status flow ([`CaseStatus`]: 受理 → 初步核实 → 谈话函询 → 立案审查 → 办结),
//! keeps a log of dated notes, and closes it with a disposition from the configured list
//! (`[cases] dispositions`), optionally closing its alerts with that disposition.
//!
//! The command line (`guanxi case ...`) and the API (`/api/cases`) call the same functions
//! of [`store`]; both write an audit entry per change ([`audit_entry`]). A case is a `:Case`
//! node numbered per year (`C-2026-0001`) with `(:Case)-[:INCLUDES]->(item)` ties; the rules
//! (region scope, which alert status a closing sets) are in docs/model.md, "Cases".

pub mod graph;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::db::DbError;
use crate::domain::CaseStatus;
use crate::scan::ScanError;

pub use graph::{graph, CaseGraph, CasePaths};
pub use store::{add_items, change_status, create, get, list, note, remove_item};

crate::word_enum! {
    /// What a case includes.
    pub enum ItemKind {
        /// A stored alert, by its id (`al-...`).
        Alert = "alert",
        /// A tip (信访举报), by its entity id.
        Tip = "tip",
        /// Any other entity (person, company, org, contract, ...), by its id.
        Entity = "entity",
    }
}

/// One item to include, parsed at the boundary.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct ItemRef {
    /// What it is.
    pub kind: ItemKind,
    /// Its id.
    pub id: String,
}

/// A new case.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// What it is about (required).
    pub title: String,
    /// Who handles it.
    pub assignee: Option<String>,
    /// By when.
    pub deadline: Option<chrono::NaiveDate>,
    /// What it starts with (at least one).
    pub items: Vec<ItemRef>,
}

/// An item of a case as read back.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseItem {
    /// `alert`, `tip` or `entity`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// When it was included.
    pub at: Option<String>,
    /// By whom.
    pub by: Option<String>,
    /// An alert's triage status.
    pub status: Option<String>,
    /// A name, title, alert summary or tip text to show beside the id.
    pub label: Option<String>,
}

/// A note in a case's log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct CaseNote {
    /// When (RFC 3339).
    pub at: String,
    /// Who wrote it.
    pub by: String,
    /// What it says.
    pub text: String,
}

/// A status change in a case's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct StatusChange {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// The status before (none at creation).
    pub from: Option<CaseStatus>,
    /// The status after.
    pub status: CaseStatus,
    /// The disposition, when closing.
    pub disposition: Option<String>,
}

/// A case as read back.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Case {
    /// Its number, e.g. `C-2026-0001`.
    pub id: String,
    /// What it is about.
    pub title: String,
    /// Who handles it.
    pub assignee: Option<String>,
    /// By when (`YYYY-MM-DD`).
    pub deadline: Option<String>,
    /// Where it stands.
    pub status: CaseStatus,
    /// `受理 received`, ...: the status Chinese first, English beside.
    pub status_label: String,
    /// How it was closed (办结 only).
    pub disposition: Option<String>,
    /// When it was opened.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// Its last change.
    pub updated_at: String,
    /// By whom.
    pub updated_by: String,
    /// What it includes.
    pub items: Vec<CaseItem>,
    /// The log of notes, oldest first.
    pub notes: Vec<CaseNote>,
    /// Its status changes, oldest first (the first is its creation).
    pub history: Vec<StatusChange>,
}

/// What closing a case did to its alerts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusOutcome {
    /// The case after the change.
    pub case: Option<Case>,
    /// Alerts closed with the disposition (set to `confirmed`).
    pub closed_alerts: Vec<String>,
}

/// What can go wrong with a case; each says what the caller can do.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Closing an alert with the disposition failed.
    #[error("closing the case's alerts: {0}")]
    Alert(#[from] ScanError),
    /// No such case (or not in the caller's scope).
    #[error("no case {0}")]
    NotFound(String),
    /// The case does not include that item.
    #[error("case {case} does not include {item}")]
    NoSuchItem {
        /// The case.
        case: String,
        /// The item asked for.
        item: String,
    },
    /// Items that do not exist as the kind given, or that the caller's scope does not see.
    #[error("unknown items (or not of that kind): {}", .0.join(", "))]
    UnknownItems(Vec<String>),
    /// Bad input: empty title or note, no items at creation, a disposition out of place.
    #[error("{0}")]
    Invalid(String),
    /// The status change is not on the flow.
    #[error("case {id} cannot go from {} to {} (the flow is 受理 → 初步核实 → 谈话函询 → 立案审查 → 办结, closing allowed from any open status)", .from.label(), .to.label())]
    BadTransition {
        /// The case.
        id: String,
        /// Where it stands.
        from: CaseStatus,
        /// Where it was asked to go.
        to: CaseStatus,
    },
    /// Closing needs a disposition from the configured list.
    #[error("disposition {given:?} is not one of: {}", .allowed.join(", "))]
    UnknownDisposition {
        /// What was given (empty: none).
        given: String,
        /// The configured list.
        allowed: Vec<String>,
    },
    /// Another change came first.
    #[error("case {0} changed meanwhile; read it again")]
    Changed(String),
}

impl CaseError {
    /// The HTTP-like status an audit entry records for this outcome.
    fn audit_status(&self) -> i64 {
        match self {
            CaseError::NotFound(_) | CaseError::NoSuchItem { .. } => 404,
            CaseError::UnknownItems(_)
            | CaseError::Invalid(_)
            | CaseError::UnknownDisposition { .. } => 400,
            CaseError::BadTransition { .. } | CaseError::Changed(_) => 409,
            CaseError::Db(_) | CaseError::Alert(_) => 500,
        }
    }
}

pub use crate::audit::Actor;

/// The audit entry of a change to a case, refused ones too: `route` reads
/// `guanxi case <action>`, `path` the case, the change and its outcome; `entity_ids` the
/// items it named.
pub fn audit_entry<T>(
    action: &str,
    case: &str,
    change: &str,
    items: &[String],
    outcome: Result<&T, &CaseError>,
    actor: Actor<'_>,
) -> AuditEntry {
    let (status, result) = match outcome {
        Ok(_) => (200, "done".to_string()),
        Err(e) => (e.audit_status(), format!("refused: {e}")),
    };
    crate::audit::change_entry(
        format!("guanxi case {action}"),
        format!("case {case} {action}: {change} ({result})"),
        items.to_vec(),
        status,
        actor,
    )
}

/// The ids of the items, as an audit entry names them.
pub fn item_ids(items: &[ItemRef]) -> Vec<String> {
    items.iter().map(|i| i.id.trim().to_string()).collect()
}

/// The change a status request asked for, as its audit entry tells it.
pub fn status_change(status: CaseStatus, disposition: Option<&str>, close_alerts: bool) -> String {
    let mut change = format!("→ {}", status.label());
    if let Some(d) = disposition {
        change.push_str(&format!(", disposition {d}"));
    }
    if close_alerts {
        change.push_str(", closing its alerts");
    }
    change
}

/// The items named as three lists of ids (the CLI's `--alert/--tip/--entity`, the API's
/// `alerts/tips/entities`).
pub fn items_of(alerts: Vec<String>, tips: Vec<String>, entities: Vec<String>) -> Vec<ItemRef> {
    let of = |kind: ItemKind, ids: Vec<String>| ids.into_iter().map(move |id| ItemRef { kind, id });
    of(ItemKind::Alert, alerts)
        .chain(of(ItemKind::Tip, tips))
        .chain(of(ItemKind::Entity, entities))
        .collect()
}

/// A status word, Chinese or English, or the message that lists them all.
pub fn parse_status(word: &str) -> Result<CaseStatus, String> {
    CaseStatus::parse_any(word).ok_or_else(|| {
        let all: Vec<String> = CaseStatus::ALL.iter().map(|s| s.label()).collect();
        format!("unknown status {word:?}; one of: {}", all.join(", "))
    })
}
