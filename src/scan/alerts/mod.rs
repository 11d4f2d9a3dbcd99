//! Alerts: what a scan stores for each finding, and how investigators read and triage them.
//!
//! - [`model`]: the alert model (as stored and as the API sends it) and its fingerprint;
//! - [`store`]: turning findings into alerts in Neo4j (one upsert per 500 findings);
//! - [`read`]: the alert list of the command line, one alert, the API's filtered pages and
//!   the alerts one scan raised;
//! - [`triage`]: status changes along [`crate::domain::AlertStatus::can_become`];
//! - [`bulk`]: one status and note for many alerts, with a result per id;
//! - [`retire`]: retiring the alerts a scan did not find again (their finding no longer
//!   holds);
//! - [`AlertChanges`]: the handle writers bump so that readers' caches notice.

pub mod bulk;
mod model;
pub mod read;
pub mod retire;
pub mod store;
pub mod triage;

pub use model::{
    fingerprint, Alert, AlertChanges, AlertListItem, Evidence, EvidenceNode, EvidenceRelationship,
    Summary,
};
pub use read::{
    alerts_of_scan, alerts_retired_by, get_alert, get_alert_in, list_alerts, page_of_alerts,
    AlertFilter, AlertPage, AlertPageQuery, AlertSort,
};
pub use store::rehearse_store;
pub use triage::triage;
