//! Triage: an investigator moves an alert along new → in_review → confirmed or dismissed
//! (see [`crate::domain::AlertStatus::can_become`]); each change is kept in the alert's history with who,
//! when and why. A retired alert is not triaged, and nobody chooses `retired`: scans do.

use neo4rs::{query, Graph};

use super::read::get_alert;
use crate::cypher;
use crate::db::WithOrigin;
use crate::domain::AlertStatus;
use crate::scan::error::ScanError;

/// Changes an alert's status, recording who, when and the note.
pub async fn triage(
    graph: &Graph,
    id: &str,
    status: AlertStatus,
    who: &str,
    note: &str,
) -> Result<(), ScanError> {
    let current = get_alert(graph, id)
        .await?
        .ok_or_else(|| ScanError::UnknownAlert(id.to_string()))?;
    if current.status == AlertStatus::Retired {
        return Err(ScanError::RetiredAlert(id.to_string()));
    }
    // `retired` is never a triage target (`can_become` refuses it): only scans retire.
    if !current.status.can_become(status) {
        return Err(ScanError::BadTransition {
            id: id.to_string(),
            from: current.status,
            to: status,
        });
    }
    let now = chrono::Utc::now().fixed_offset();
    let entry = serde_json::json!({
        "at": now.to_rfc3339(), "by": who, "from": current.status, "status": status, "note": note
    })
    .to_string();
    graph
        .run(
            query(cypher::ALERTS_TRIAGE.text)
                .param("id", id)
                .param("status", status.as_str())
                .param("entry", entry)
                .param("now", now),
        )
        .await
        .origin(cypher::ALERTS_TRIAGE.path)?;
    Ok(())
}
