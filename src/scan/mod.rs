//! The scan engine: derive kinship, run the patterns of `cypher/patterns/`, turn each
//! finding into an alert with a stable fingerprint, a summary in Chinese and English, and
//! the evidence (nodes and relationships with their source file and line), and store the
//! alerts in Neo4j. [`run_scan_once`] is one whole pass; schedulers call it in a loop.

pub mod kinship;
pub mod patterns;
pub mod terms;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cypher;
use patterns::{ParamValue, Pattern, PatternError};

/// Errors of the scan boundary.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// A bookkeeping query failed.
    #[error("scan query {origin} failed: {source}")]
    Query {
        /// The Cypher file.
        origin: String,
        /// The driver's error.
        source: neo4rs::Error,
    },
    /// A background part of the scan stopped unexpectedly (a panic in a worker).
    #[error("{0}")]
    Internal(String),
    /// A pattern's query failed.
    #[error("pattern {pattern} failed: {source}")]
    Pattern {
        /// The pattern id.
        pattern: String,
        /// The driver's error.
        source: neo4rs::Error,
    },
    /// A pattern file is broken (caught by tests).
    #[error(transparent)]
    PatternFile(#[from] PatternError),
    /// `--pattern` named no known pattern.
    #[error("no pattern {0:?} (known: {1})")]
    UnknownPattern(String, String),
    /// The configuration sets a parameter the pattern does not have.
    #[error(
        "[patterns.{pattern}] sets {name}, which is not a parameter of {pattern} (it has: {known})"
    )]
    UnknownParameter {
        /// The pattern id.
        pattern: String,
        /// The unknown name.
        name: String,
        /// Its parameters.
        known: String,
    },
    /// No alert with this id.
    #[error("no alert {0}")]
    UnknownAlert(String),
    /// A status change that is not allowed.
    #[error("alert {id} is {from}; it cannot become {to}")]
    BadTransition {
        /// The alert.
        id: String,
        /// Its status.
        from: String,
        /// The requested one.
        to: String,
    },
}

/// What to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Pattern ids to run; empty runs all.
    pub patterns: Vec<String>,
    /// The day the scan looks from ("unbooked for more than 30 days" counts to this day).
    pub as_of: NaiveDate,
    /// Parameter overrides per pattern id (from the configuration).
    pub overrides: BTreeMap<String, BTreeMap<String, ParamValue>>,
    /// Restricts the scan to some entities (the follow-up scan of an ingest); `None` scans
    /// the whole graph.
    pub focus: Option<Focus>,
}

/// A focused scan: only the findings about some entities are looked for and stored, so
/// alerts about anything else are left as they are (not even their `last_seen` moves).
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// Entity ids (the ingested rows' ids, or the ids a relationship row ties together).
    /// Only the findings whose subjects, evidence nodes or kinship chains name one of these
    /// ids are stored.
    pub ids: Vec<String>,
    /// Run the focused variants of `cypher/patterns/focused/` (with the ids as `$focus`)
    /// where a pattern has one; the others run whole. Only when the ids include those the
    /// variants start from (payments, contracts): for other ids a variant finds nothing.
    pub variants: bool,
    /// Derive kinship first. Needed only when the rows can change who is whose kin (people,
    /// kinship ties, positions); otherwise the stored `KIN` relationships are current.
    pub derive_kinship: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            patterns: Vec::new(),
            as_of: chrono::Local::now().date_naive(),
            overrides: BTreeMap::new(),
            focus: None,
        }
    }
}

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
    /// `high`, `medium`, `low`.
    pub severity: String,
    /// Ids of the entities it is about.
    pub subjects: Vec<String>,
    /// What it says.
    pub summary: Summary,
    /// The records behind it.
    pub evidence: Evidence,
    /// The facts the summary was written from.
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
    /// `new`, `in_review`, `confirmed`, `dismissed`.
    pub status: String,
    /// First scan that raised it.
    pub first_seen: String,
    /// Latest scan that raised it.
    pub last_seen: String,
    /// Status changes (who, when, note).
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
}

/// What one scan did.
#[derive(Debug, Clone, Serialize)]
pub struct ScanSummary {
    /// Scan id.
    pub scan: String,
    /// Kinship relations derived.
    pub kin: usize,
    /// Per pattern: id, alerts raised, seconds.
    pub patterns: Vec<(String, usize, f64)>,
    /// Alerts raised in all.
    pub alerts: usize,
    /// Seconds in all.
    pub seconds: f64,
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

/// A finding before it is stored.
struct Draft {
    pattern: String,
    severity: &'static str,
    subjects: BTreeSet<String>,
    facts: BTreeMap<String, serde_json::Value>,
    nodes: BTreeMap<String, EvidenceNode>,
    relationships: BTreeSet<EvidenceRelationship>,
    kin_paths: Vec<Vec<String>>,
}

/// How far a running scan is (for [`run_scan_with_progress`]).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ScanProgress {
    /// `kinship`, `patterns` or `done`.
    pub phase: &'static str,
    /// Patterns finished.
    pub patterns_done: usize,
    /// Patterns selected.
    pub patterns_total: usize,
    /// Kinship relations derived (once past that phase).
    pub kin: usize,
    /// Alerts raised so far.
    pub alerts: usize,
}

/// Runs one full scan: derive kinship, run the selected patterns, store their alerts.
pub async fn run_scan_once(graph: &Graph, options: &ScanOptions) -> Result<ScanSummary, ScanError> {
    run_scan_with_progress(graph, options, &|_| {}).await
}

/// [`run_scan_once`], telling `progress` after each phase and each pattern.
pub async fn run_scan_with_progress(
    graph: &Graph,
    options: &ScanOptions,
    progress: &(dyn Fn(&ScanProgress) + Send + Sync),
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let library = patterns::all_patterns()?;
    let selected: Vec<&Pattern> = if options.patterns.is_empty() {
        library.iter().collect()
    } else {
        options
            .patterns
            .iter()
            .map(|id| {
                library.iter().find(|p| &p.id == id).ok_or_else(|| {
                    ScanError::UnknownPattern(
                        id.clone(),
                        library
                            .iter()
                            .map(|p| p.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })
            })
            .collect::<Result<_, _>>()?
    };
    let scan = crate::domain::ids::run_id("scan");
    let mut state = ScanProgress {
        phase: "kinship",
        patterns_total: selected.len(),
        ..ScanProgress::default()
    };
    progress(&state);
    let kin = match &options.focus {
        Some(focus) if !focus.derive_kinship => 0,
        _ => kinship::derive_kinship(graph, &scan).await?,
    };
    let focused = match &options.focus {
        Some(focus) if focus.variants => patterns::focused_queries()?,
        _ => Vec::new(),
    };
    state.phase = "patterns";
    state.kin = kin;
    progress(&state);
    let mut per_pattern = Vec::new();
    let mut total = 0;
    // Two patterns at a time: each query runs on one of Neo4j's cores, and the alerts two
    // patterns store never share a fingerprint (it includes the pattern id).
    for pair in selected.chunks(2) {
        let (first, second) = tokio::join!(
            run_and_store(graph, &scan, pair[0], &focused, options),
            async {
                match pair.get(1) {
                    Some(pattern) => {
                        Some(run_and_store(graph, &scan, pattern, &focused, options).await)
                    }
                    None => None,
                }
            }
        );
        for outcome in std::iter::once(first).chain(second) {
            let (id, count, seconds) = outcome?;
            per_pattern.push((id, count, seconds));
            total += count;
            state.patterns_done += 1;
        }
        state.alerts = total;
        progress(&state);
    }
    state.phase = "done";
    progress(&state);
    Ok(ScanSummary {
        scan,
        kin,
        patterns: per_pattern,
        alerts: total,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Runs one pattern (its focused variant where the scan uses them) and stores its findings;
/// returns the pattern id, the number of findings and the seconds taken.
async fn run_and_store(
    graph: &Graph,
    scan: &str,
    pattern: &Pattern,
    focused: &[patterns::FocusedQuery],
    options: &ScanOptions,
) -> Result<(String, usize, f64), ScanError> {
    let t = Instant::now();
    let variant = focused.iter().find(|f| f.id == pattern.id);
    let drafts = run_pattern(graph, pattern, variant, options).await?;
    let count = drafts.len();
    let queried = t.elapsed().as_secs_f64();
    store(graph, scan, drafts).await?;
    let seconds = t.elapsed().as_secs_f64();
    tracing::debug!(
        pattern = %pattern.id,
        focused = variant.is_some(),
        findings = count,
        query_seconds = queried,
        store_seconds = seconds - queried,
        "scan: pattern done"
    );
    Ok((pattern.id.clone(), count, seconds))
}

fn bolt_param(value: &ParamValue) -> BoltType {
    match value {
        ParamValue::Int(i) => BoltType::from(*i),
        ParamValue::Float(f) => BoltType::from(*f),
        ParamValue::Text(s) => BoltType::from(s.as_str()),
    }
}

fn bolt_to_json(value: &BoltType) -> serde_json::Value {
    use serde_json::Value;
    match value {
        BoltType::String(s) => Value::String(s.value.clone()),
        BoltType::Integer(i) => Value::from(i.value),
        BoltType::Float(f) => Value::from(f.value),
        BoltType::Boolean(b) => Value::Bool(b.value),
        BoltType::Null(_) => Value::Null,
        BoltType::List(list) => Value::Array(list.value.iter().map(bolt_to_json).collect()),
        BoltType::Map(map) => Value::Object(
            map.value
                .iter()
                .map(|(k, v)| (k.value.clone(), bolt_to_json(v)))
                .collect(),
        ),
        other => Value::String(format!("{other:?}")),
    }
}

fn node_name(node: &neo4rs::Node) -> Option<String> {
    node.get::<String>("name")
        .or_else(|_| node.get::<String>("title"))
        .or_else(|_| node.get::<String>("purpose"))
        .ok()
}

/// Runs one pattern (or, in a focused scan, its focused variant when it has one) and groups
/// its rows into findings by fingerprint; a focused scan keeps only the findings about its ids.
async fn run_pattern(
    graph: &Graph,
    pattern: &Pattern,
    variant: Option<&patterns::FocusedQuery>,
    options: &ScanOptions,
) -> Result<Vec<Draft>, ScanError> {
    let fail = |source| ScanError::Pattern {
        pattern: pattern.id.clone(),
        source,
    };
    let mut q = match (&options.focus, variant) {
        (Some(focus), Some(variant)) => query(&variant.query).param("focus", focus.ids.clone()),
        _ => query(&pattern.query),
    }
    .param("as_of", options.as_of);
    let overrides = options.overrides.get(&pattern.id);
    if let Some(name) = overrides
        .into_iter()
        .flat_map(|o| o.keys())
        .find(|name| !pattern.params.contains_key(*name))
    {
        return Err(ScanError::UnknownParameter {
            pattern: pattern.id.clone(),
            name: name.clone(),
            known: pattern
                .params
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    for (name, default) in &pattern.params {
        let value = overrides.and_then(|o| o.get(name)).unwrap_or(default);
        q = q.param(name, bolt_param(value));
    }
    let mut rows = graph.execute(q).await.map_err(fail)?;
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    while let Some(row) = rows.next().await.map_err(fail)? {
        let subjects: BTreeSet<String> = row
            .get::<Vec<Option<String>>>("subjects")
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        let id = fingerprint(&pattern.id, &subjects);
        let facts: BTreeMap<String, serde_json::Value> = match row.get::<BoltMap>("facts") {
            Ok(map) => map
                .value
                .iter()
                .map(|(k, v)| (k.value.clone(), bolt_to_json(v)))
                .collect(),
            Err(_) => BTreeMap::new(),
        };
        let nodes: Vec<neo4rs::Node> = row.get("nodes").unwrap_or_default();
        let relations: Vec<neo4rs::Relation> = row.get("rels").unwrap_or_default();
        let draft = drafts.entry(id).or_insert_with(|| Draft {
            pattern: pattern.id.clone(),
            severity: pattern.severity.as_str(),
            subjects: subjects.clone(),
            facts,
            nodes: BTreeMap::new(),
            relationships: BTreeSet::new(),
            kin_paths: Vec::new(),
        });
        let mut by_internal: HashMap<i64, String> = HashMap::new();
        for node in &nodes {
            let Ok(id) = node.get::<String>("id") else {
                continue;
            };
            by_internal.insert(node.id(), id.clone());
            let label = node
                .labels()
                .into_iter()
                .find(|l| !matches!(*l, "Entity" | "Official"))
                .unwrap_or("Entity")
                .to_string();
            draft.nodes.entry(id.clone()).or_insert(EvidenceNode {
                id,
                label,
                name: node_name(node),
                source_file: node.get("source_file").ok(),
                source_line: node.get("source_line").ok(),
            });
        }
        for rel in &relations {
            let (Some(from), Some(to)) = (
                by_internal.get(&rel.start_node_id()),
                by_internal.get(&rel.end_node_id()),
            ) else {
                continue;
            };
            let label = rel
                .get::<String>("term_zh")
                .or_else(|_| rel.get::<String>("role"))
                .or_else(|_| rel.get::<String>("title"))
                .ok();
            if rel.typ() == "KIN" {
                if let Ok(path) = rel.get::<Vec<String>>("path") {
                    draft.kin_paths.push(path);
                }
            }
            draft.relationships.insert(EvidenceRelationship {
                rel_type: rel.typ().to_string(),
                from: from.clone(),
                to: to.clone(),
                source_file: rel.get("source_file").ok(),
                source_line: rel.get("source_line").ok(),
                label,
            });
        }
    }
    let mut drafts: Vec<Draft> = drafts.into_values().collect();
    if let Some(focus) = &options.focus {
        let ids: std::collections::HashSet<&str> = focus.ids.iter().map(String::as_str).collect();
        drafts.retain(|d| {
            d.subjects
                .iter()
                .chain(d.nodes.keys())
                .chain(d.kin_paths.iter().flatten())
                .any(|id| ids.contains(id.as_str()))
        });
    }
    expand_kin_evidence(graph, &mut drafts).await?;
    Ok(drafts)
}

/// Adds the primitive ties and identity links behind each derived kinship to the evidence,
/// so every kin alert shows the household-registry rows it rests on.
async fn expand_kin_evidence(graph: &Graph, drafts: &mut [Draft]) -> Result<(), ScanError> {
    let err = |source| ScanError::Query {
        origin: cypher::KIN_EVIDENCE.path.into(),
        source,
    };
    for draft in drafts.iter_mut().filter(|d| !d.kin_paths.is_empty()) {
        let mut pairs = Vec::new();
        for path in &draft.kin_paths {
            for pair in path.windows(2) {
                let mut map = BoltMap::new();
                map.put(BoltString::from("a"), BoltType::from(pair[0].as_str()));
                map.put(BoltString::from("b"), BoltType::from(pair[1].as_str()));
                pairs.push(BoltType::Map(map));
            }
        }
        let mut rows = graph
            .execute(query(cypher::KIN_EVIDENCE.text).param("pairs", pairs))
            .await
            .map_err(err)?;
        while let Some(row) = rows.next().await.map_err(err)? {
            let person: String = row.get("person").unwrap_or_default();
            draft.nodes.entry(person.clone()).or_insert(EvidenceNode {
                id: person,
                label: "Person".into(),
                name: row.get("name").ok(),
                source_file: row.get("person_file").ok(),
                source_line: row.get("person_line").ok(),
            });
            draft.relationships.insert(EvidenceRelationship {
                rel_type: row.get("type").unwrap_or_default(),
                from: row.get("from").unwrap_or_default(),
                to: row.get("to").unwrap_or_default(),
                source_file: row.get("source_file").ok(),
                source_line: row.get("source_line").ok(),
                label: row.get("basis").ok(),
            });
        }
    }
    Ok(())
}

async fn store(graph: &Graph, scan: &str, drafts: Vec<Draft>) -> Result<(), ScanError> {
    let now = chrono::Utc::now().fixed_offset();
    let library = patterns::all_patterns()?;
    for chunk in drafts.chunks(500) {
        let list: Vec<BoltType> = chunk.iter().map(|d| alert_map(d, &library)).collect();
        let stored = graph.run(alerts_upsert_query(scan, now, list)).await;
        crate::db::note_alert_change();
        stored.map_err(|source| ScanError::Query {
            origin: cypher::ALERTS_UPSERT.path.into(),
            source,
        })?;
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
        BoltType::from(fingerprint(&draft.pattern, &draft.subjects)),
    );
    put("pattern", BoltType::from(draft.pattern.as_str()));
    put("severity", BoltType::from(draft.severity));
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

fn alerts_upsert_query(
    scan: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
    alerts: Vec<BoltType>,
) -> neo4rs::Query {
    let reopened = serde_json::json!({
        "at": now.to_rfc3339(), "by": "scan", "status": "new",
        "note": "evidence changed since the alert was dismissed"
    })
    .to_string();
    query(cypher::ALERTS_UPSERT.text)
        .param("alerts", alerts)
        .param("now", now)
        .param("scan", scan)
        .param("reopened", reopened.as_str())
}

/// Rehearses storing a finding (in a transaction that is rolled back: nothing is written),
/// so that the first scan after the service starts does not wait for Cypher planning.
/// Neo4j keys its plans by the parameters' types and roughly by their lengths too, so the
/// rehearsal's ids are made like real ones.
pub async fn rehearse_store(graph: &Graph) -> Result<(), ScanError> {
    let draft = Draft {
        pattern: "late-deposit".into(),
        severity: "high",
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
        vec![alerts_upsert_query(
            &crate::domain::ids::run_id("scan"),
            now,
            alerts,
        )],
    )
    .await
    .map_err(|source| ScanError::Query {
        origin: cypher::ALERTS_UPSERT.path.into(),
        source,
    })
}

/// Which stored alerts to list.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only these patterns (empty: all).
    pub patterns: Vec<String>,
    /// Only this status.
    pub status: Option<String>,
}

/// Stored alerts, most severe first.
pub async fn list_alerts(graph: &Graph, filter: &AlertFilter) -> Result<Vec<Alert>, ScanError> {
    let err = |source| ScanError::Query {
        origin: cypher::ALERTS_LIST.path.into(),
        source,
    };
    let patterns: BoltType = if filter.patterns.is_empty() {
        BoltType::Null(neo4rs::BoltNull)
    } else {
        BoltType::from(filter.patterns.clone())
    };
    let status: BoltType = match &filter.status {
        Some(s) => BoltType::from(s.as_str()),
        None => BoltType::Null(neo4rs::BoltNull),
    };
    let mut rows = graph
        .execute(
            query(cypher::ALERTS_LIST.text)
                .param("patterns", patterns)
                .param("status", status),
        )
        .await
        .map_err(err)?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await.map_err(err)? {
        alerts.push(alert_from_row(&row));
    }
    Ok(alerts)
}

/// An alert from a row with the columns of `cypher/alerts/list.cypher`.
pub fn alert_from_row(row: &neo4rs::Row) -> Alert {
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    let history: Vec<String> = row.get("history").unwrap_or_default();
    Alert {
        id: text("id"),
        pattern: text("pattern"),
        severity: text("severity"),
        subjects: row.get("subjects").unwrap_or_default(),
        summary: Summary {
            zh: text("summary_zh"),
            en: text("summary_en"),
        },
        evidence: serde_json::from_str(&text("evidence")).unwrap_or_default(),
        facts: serde_json::from_str(&text("facts")).unwrap_or(serde_json::Value::Null),
        status: text("status"),
        first_seen: text("first_seen"),
        last_seen: text("last_seen"),
        history: history
            .iter()
            .filter_map(|h| serde_json::from_str(h).ok())
            .collect(),
    }
}

/// One stored alert by id.
pub async fn get_alert(graph: &Graph, id: &str) -> Result<Option<Alert>, ScanError> {
    let err = |source| ScanError::Query {
        origin: cypher::ALERT_GET.path.into(),
        source,
    };
    let mut rows = graph
        .execute(query(cypher::ALERT_GET.text).param("id", id))
        .await
        .map_err(err)?;
    Ok(rows
        .next()
        .await
        .map_err(err)?
        .map(|row| alert_from_row(&row)))
}

/// Allowed status changes: new → in_review → confirmed or dismissed (and back to review).
pub fn transition_allowed(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        ("new", "in_review")
            | ("new", "dismissed")
            | ("new", "confirmed")
            | ("in_review", "confirmed")
            | ("in_review", "dismissed")
            | ("confirmed", "in_review")
            | ("dismissed", "in_review")
    )
}

/// Changes an alert's status, recording who, when and the note.
pub async fn triage(
    graph: &Graph,
    id: &str,
    status: &str,
    who: &str,
    note: &str,
) -> Result<(), ScanError> {
    let current = get_alert(graph, id)
        .await?
        .ok_or_else(|| ScanError::UnknownAlert(id.to_string()))?;
    if !transition_allowed(&current.status, status) {
        return Err(ScanError::BadTransition {
            id: id.to_string(),
            from: current.status,
            to: status.to_string(),
        });
    }
    let now = chrono::Utc::now().fixed_offset();
    let entry = serde_json::json!({
        "at": now.to_rfc3339(), "by": who, "from": current.status, "status": status, "note": note
    })
    .to_string();
    let triaged = graph
        .run(
            query(cypher::ALERTS_TRIAGE.text)
                .param("id", id)
                .param("status", status)
                .param("entry", entry)
                .param("now", now),
        )
        .await;
    crate::db::note_alert_change();
    triaged.map_err(|source| ScanError::Query {
        origin: cypher::ALERTS_TRIAGE.path.into(),
        source,
    })?;
    Ok(())
}
