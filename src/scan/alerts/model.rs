//! The alert model, as stored and as the API sends it, its fingerprint, and the handle
//! alert writers note their writes on.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::{AlertStatus, Severity};

/// One node of an alert's evidence.
#[derive(
    Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema,
)]
pub struct EvidenceNode {
    /// Entity id.
    pub id: String,
    /// Kind (label).
    pub label: String,
    /// Name or title.
    pub name: Option<String>,
    /// Source file of the record.
    pub source_file: Option<String>,
    /// Line in it.
    pub source_line: Option<i64>,
}

/// One relationship of an alert's evidence.
#[derive(
    Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema,
)]
pub struct EvidenceRelationship {
    /// Relationship type (`ROLE_IN`, `PARENT_OF`, `KIN` ...).
    #[serde(rename = "type")]
    pub rel_type: String,
    /// Start entity id.
    pub from: String,
    /// End entity id.
    pub to: String,
    /// Source file of the row it came from (none for derived kinship).
    pub source_file: Option<String>,
    /// Line in it.
    pub source_line: Option<i64>,
    /// What it says in words (role, kin term, title).
    pub label: Option<String>,
}

/// The records that show an alert.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Evidence {
    /// Nodes.
    pub nodes: Vec<EvidenceNode>,
    /// Relationships.
    pub relationships: Vec<EvidenceRelationship>,
}

/// Summary in both languages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Summary {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// A stored alert.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Alert {
    /// Fingerprint: the same finding keeps the same id across scans.
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// How severe.
    pub severity: Severity,
    /// Ids of the entities it is about.
    pub subjects: Vec<String>,
    /// What it says.
    pub summary: Summary,
    /// The records behind it.
    pub evidence: Evidence,
    /// The facts the summary was written from.
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
    /// Where its triage stands.
    pub status: AlertStatus,
    /// First scan that raised it.
    pub first_seen: String,
    /// Latest scan that raised it.
    pub last_seen: String,
    /// Status changes (who, when, note), including a scan's retiring and finding again.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
    /// When a scan retired it (its finding no longer held); only while `retired`.
    pub retired_at: Option<String>,
    /// The scan that retired it; only while `retired`.
    pub retired_scan: Option<String>,
    /// The numbers of the cases that include it (`C-2026-0001`; see [`crate::cases`]).
    #[serde(default)]
    pub cases: Vec<String>,
}

/// One alert in a list: what the inbox shows, without the evidence, facts and history that
/// one alert's page has.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AlertListItem {
    /// Fingerprint (the id of `GET /api/alerts/{id}`).
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// How severe.
    pub severity: Severity,
    /// Ids of the entities it is about.
    pub subjects: Vec<String>,
    /// What it says.
    pub summary: Summary,
    /// Where its triage stands.
    pub status: AlertStatus,
    /// First scan that raised it.
    pub first_seen: String,
    /// Latest scan that raised it.
    pub last_seen: String,
}

/// The fingerprint of a finding: pattern and subject ids, order-free.
pub fn fingerprint(pattern: &str, subjects: &BTreeSet<String>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(pattern.as_bytes());
    for subject in subjects {
        hasher.update(b"\x1f");
        hasher.update(subject.as_bytes());
    }
    format!("al-{}", &hex::encode(hasher.finalize())[..20])
}

/// Counts the writes this process made that can change alert lists (stored findings, a
/// triage, a load). Readers that keep pages (the API's alert list cache) compare the count
/// before and after; writers get a clone of the same handle through their options. A clone
/// shares the count; `default()` starts a count of its own (nobody listens to it).
#[derive(Debug, Clone, Default)]
pub struct AlertChanges(Arc<AtomicU64>);

impl AlertChanges {
    /// Records that alert lists may have changed.
    pub fn note(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// The writes noted so far.
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}
