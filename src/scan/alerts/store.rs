//! Storing findings as alerts: each finding's summaries are rendered from its pattern's
//! templates, its evidence and facts become JSON with a hash (a changed hash reopens a
//! dismissed alert), and one `UNWIND` upsert writes up to 500 of them
//! (`cypher/alerts/upsert.cypher`). A retired alert found again comes back as `new`.

use std::collections::{BTreeMap, BTreeSet};

use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};
use sha2::{Digest, Sha256};

use super::model::{fingerprint, AlertChanges, Evidence, EvidenceNode, EvidenceRelationship};
use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::{AlertStatus, PatternId, Severity};
use crate::scan::patterns::{self, Pattern};

/// A finding before it is stored.
#[derive(Debug)]
pub struct Draft {
    /// The pattern that found it.
    pub pattern: PatternId,
    /// Its pattern's severity.
    pub severity: Severity,
    /// The entities it is about (the fingerprint's input).
    pub subjects: BTreeSet<String>,
    /// The facts its summary is written from.
    pub facts: BTreeMap<String, serde_json::Value>,
    /// Evidence nodes by entity id.
    pub nodes: BTreeMap<String, EvidenceNode>,
    /// Evidence relationships.
    pub relationships: BTreeSet<EvidenceRelationship>,
    /// The person-id chains behind its derived kinship (expanded into evidence).
    pub kin_paths: Vec<Vec<String>>,
}

/// Findings per upsert transaction.
const PER_WRITE: usize = 500;

/// Stores `drafts` as alerts raised by `scan`, noting each write on `changes`.
pub async fn store(
    graph: &Graph,
    scan: &str,
    drafts: Vec<Draft>,
    library: &[Pattern],
    changes: &AlertChanges,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().fixed_offset();
    for chunk in drafts.chunks(PER_WRITE) {
        let list: Vec<BoltType> = chunk.iter().map(|d| alert_map(d, library)).collect();
        let stored = graph.run(upsert_query(scan, now, list)).await;
        // Noted even when the write failed: part of it may have landed before the error.
        changes.note();
        stored.origin(cypher::ALERTS_UPSERT.path)?;
    }
    Ok(())
}

/// A finding as the alert upsert's parameter: summaries rendered from the pattern's
/// templates, evidence and facts as JSON, and a hash of both (a changed hash reopens a
/// dismissed alert).
fn alert_map(draft: &Draft, library: &[Pattern]) -> BoltType {
    let pattern = library.iter().find(|p| p.id == draft.pattern);
    let (zh, en) = match pattern {
        Some(p) => (
            patterns::render(&p.summary_zh, &draft.facts, true),
            patterns::render(&p.summary_en, &draft.facts, false),
        ),
        None => (String::new(), String::new()),
    };
    let evidence = Evidence {
        nodes: draft.nodes.values().cloned().collect(),
        relationships: draft.relationships.iter().cloned().collect(),
    };
    let evidence_json = serde_json::to_string(&evidence).unwrap_or_default();
    let facts_json = serde_json::to_string(&draft.facts).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(evidence_json.as_bytes());
    hasher.update(facts_json.as_bytes());
    let subjects: Vec<String> = draft.subjects.iter().cloned().collect();
    let mut map = BoltMap::new();
    let mut put = |k: &str, v: BoltType| map.put(BoltString::from(k), v);
    put(
        "id",
        BoltType::from(fingerprint(draft.pattern.as_str(), &draft.subjects)),
    );
    put("pattern", BoltType::from(draft.pattern.as_str()));
    put("severity", BoltType::from(draft.severity.as_str()));
    put("subjects", BoltType::from(subjects));
    put("summary_zh", BoltType::from(zh));
    put("summary_en", BoltType::from(en));
    put("facts", BoltType::from(facts_json));
    put("evidence", BoltType::from(evidence_json));
    put(
        "evidence_hash",
        BoltType::from(hex::encode(&hasher.finalize()[..12])),
    );
    BoltType::Map(map)
}

fn upsert_query(
    scan: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
    alerts: Vec<BoltType>,
) -> neo4rs::Query {
    let reopened = serde_json::json!({
        "at": now.to_rfc3339(), "by": "scan", "status": AlertStatus::New,
        "note": "evidence changed since the alert was dismissed"
    })
    .to_string();
    let returned = serde_json::json!({
        "at": now.to_rfc3339(), "by": "scan", "scan": scan,
        "from": AlertStatus::Retired, "status": AlertStatus::New,
        "note": format!("found again by scan {scan}: the finding holds again")
    })
    .to_string();
    query(cypher::ALERTS_UPSERT.text)
        .param("alerts", alerts)
        .param("now", now)
        .param("scan", scan)
        .param("reopened", reopened.as_str())
        .param("returned", returned.as_str())
        .param("retired", AlertStatus::Retired.as_str())
}

/// Rehearses storing a finding (in a transaction that is rolled back: nothing is written),
/// so that the first scan after the service starts does not wait for Cypher planning.
/// Neo4j keys its plans by the parameters' types and roughly by their lengths too, so the
/// rehearsal's ids are made like real ones.
pub async fn rehearse_store(graph: &Graph) -> Result<(), DbError> {
    let draft = Draft {
        pattern: PatternId::LateDeposit,
        severity: Severity::High,
        subjects: BTreeSet::from(["\u{0}warm-up: no such id".to_string()]),
        facts: BTreeMap::new(),
        nodes: BTreeMap::new(),
        relationships: BTreeSet::new(),
        kin_paths: Vec::new(),
    };
    let now = chrono::Utc::now().fixed_offset();
    let alerts = vec![alert_map(&draft, &[])];
    crate::db::rehearse(
        graph,
        vec![upsert_query(
            &crate::domain::ids::run_id("scan"),
            now,
            alerts,
        )],
    )
    .await
    .origin(cypher::ALERTS_UPSERT.path)
}
