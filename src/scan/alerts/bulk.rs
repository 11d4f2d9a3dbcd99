//! Bulk triage: one status and one note for many alerts in one call (the inbox's "批量研判
//! Bulk triage", `POST /api/alerts/triage`, `guanxi alerts triage`). Each alert goes through
//! the single triage ([`super::triage`]): the same transition rules, the same history entry.
//!
//! The answer is a result per id, not all-or-nothing: each alert's status is its own record
//! (the single triage writes each one on its own), and an inbox selection routinely mixes
//! alerts that may move with some that may not (already confirmed, retired by a scan
//! meanwhile). Refusing the whole selection for one of them would make the investigator
//! hunt for the culprit; the per-id list says which changed and why the others did not. An
//! alert outside the caller's region scope is reported exactly like an unknown id
//! (`not_found`), so the answer tells nothing about alerts the caller may not see. Only a
//! Neo4j failure stops the call (the alerts before it keep their change, as listed in the
//! history of each).

use neo4rs::Graph;
use serde::Serialize;

use super::read::get_alert_in;
use super::triage::triage;
use crate::audit::AuditEntry;
use crate::domain::AlertStatus;
use crate::scan::error::ScanError;
use crate::scope::Scope;

/// At most this many alerts per bulk triage (a few inbox pages; the API's body stays small).
pub const MAX_BULK: usize = 500;

crate::word_enum! {
    /// What happened to one alert of a bulk triage.
    pub enum BulkOutcome {
        /// Its status changed (and its history has the entry).
        Changed = "changed",
        /// No such alert, or one outside the caller's region scope.
        NotFound = "not_found",
        /// Its current status may not become the requested one.
        NotAllowed = "not_allowed",
        /// Retired by a scan: its finding no longer holds.
        Retired = "retired",
    }
}

/// One alert's result of a bulk triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BulkItem {
    /// The alert id as given.
    pub id: String,
    /// What happened.
    pub outcome: BulkOutcome,
    /// Its status before (absent for `not_found`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<AlertStatus>,
    /// Why it did not change (absent for `changed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer of a bulk triage: one item per distinct id, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    /// The requested status.
    pub status: AlertStatus,
    /// How many changed.
    pub changed: usize,
    /// Per alert.
    pub items: Vec<BulkItem>,
}

/// Why a bulk triage was refused as a whole (before any alert was touched).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BulkRequestError {
    /// No ids.
    #[error("no alert ids given")]
    Empty,
    /// Too many ids.
    #[error("{0} alert ids given; at most {MAX_BULK} per call")]
    TooMany(usize),
    /// `retired` is set by scans only.
    #[error("status retired is set by scans (when a finding no longer holds), not by triage")]
    Retired,
}

/// The ids of a request, trimmed, without blanks and repeats (first occurrence kept), checked
/// against [`MAX_BULK`]; and the status checked (never `retired`).
pub fn check_request(ids: &[String], status: AlertStatus) -> Result<Vec<String>, BulkRequestError> {
    if status == AlertStatus::Retired {
        return Err(BulkRequestError::Retired);
    }
    let mut distinct: Vec<String> = Vec::new();
    for id in ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
        if !distinct.iter().any(|d| d == id) {
            distinct.push(id.to_string());
        }
    }
    match distinct.len() {
        0 => Err(BulkRequestError::Empty),
        n if n > MAX_BULK => Err(BulkRequestError::TooMany(n)),
        _ => Ok(distinct),
    }
}

/// Triages every alert of `ids` (already checked by [`check_request`]) that `scope` sees to
/// `status` with `note`, by `who`; see the module's note for the per-id answer.
pub async fn triage_many(
    graph: &Graph,
    ids: &[String],
    status: AlertStatus,
    who: &str,
    note: &str,
    scope: Scope<'_>,
) -> Result<BulkResult, ScanError> {
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        let item = |outcome, from, reason: Option<String>| BulkItem {
            id: id.clone(),
            outcome,
            from,
            reason,
        };
        let Some(current) = get_alert_in(graph, id, scope).await? else {
            items.push(item(
                BulkOutcome::NotFound,
                None,
                Some(format!("no alert {id}")),
            ));
            continue;
        };
        let from = Some(current.status);
        match triage(graph, id, status, who, note).await {
            Ok(()) => items.push(item(BulkOutcome::Changed, from, None)),
            Err(e @ ScanError::BadTransition { .. }) => {
                items.push(item(BulkOutcome::NotAllowed, from, Some(e.to_string())))
            }
            Err(e @ ScanError::RetiredAlert(_)) => {
                items.push(item(BulkOutcome::Retired, from, Some(e.to_string())))
            }
            // Deleted between the read and the write (a reset): as unknown.
            Err(e @ ScanError::UnknownAlert(_)) => {
                items.push(item(BulkOutcome::NotFound, None, Some(e.to_string())))
            }
            Err(e) => return Err(e),
        }
    }
    let changed = items
        .iter()
        .filter(|i| i.outcome == BulkOutcome::Changed)
        .count();
    Ok(BulkResult {
        status,
        changed,
        items,
    })
}

/// The audit entry of a bulk triage beside the request's own (which names no alert: the ids
/// are in the body): `route` reads `bulk triage`, `path` the status and the counts,
/// `entity_ids` every alert asked for. `(token, role, method)` as in
/// [`crate::cases::Actor`].
pub fn audit_entry(
    ids: &[String],
    status: AlertStatus,
    outcome: Result<&BulkResult, &ScanError>,
    (token, role, via): (&str, &str, &str),
) -> AuditEntry {
    let (code, result) = match outcome {
        Ok(r) => (200, format!("{} of {} changed", r.changed, r.items.len())),
        Err(e) => (500, format!("failed: {e}")),
    };
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: token.to_string(),
        role: role.to_string(),
        method: via.to_string(),
        route: "bulk triage".into(),
        path: format!("alerts → {status}: {result}"),
        entity_ids: ids.to_vec(),
        status: code,
        token_change: None,
        search: None,
        client: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_request_keeps_distinct_non_blank_ids_in_order() {
        let got = check_request(&ids(&[" a ", "b", "", "a", "c"]), AlertStatus::Confirmed);
        assert_eq!(got, Ok(ids(&["a", "b", "c"])));
    }

    #[test]
    fn a_request_without_ids_or_with_too_many_or_retiring_is_refused() {
        assert_eq!(
            check_request(&ids(&[" "]), AlertStatus::InReview),
            Err(BulkRequestError::Empty)
        );
        let many: Vec<String> = (0..=MAX_BULK).map(|i| format!("a{i}")).collect();
        assert_eq!(
            check_request(&many, AlertStatus::InReview),
            Err(BulkRequestError::TooMany(MAX_BULK + 1))
        );
        assert_eq!(
            check_request(&ids(&["a"]), AlertStatus::Retired),
            Err(BulkRequestError::Retired)
        );
    }
}
