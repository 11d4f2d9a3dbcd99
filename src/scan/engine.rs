//! One scan pass: derive ownership and kinship (unless a focused scan says they are current),
//! run the selected patterns two at a time (those that do not read kinship beside its
//! derivation), group each pattern's rows into findings and store them as alerts,
//! then retire the pattern's alerts whose finding no longer holds (a focused scan: only
//! those about its ids that it proves gone).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};
use serde::Serialize;

use super::alerts::retire;
use super::alerts::store::{self, Draft};
use super::alerts::{fingerprint, EvidenceNode, EvidenceRelationship};
use super::error::ScanError;
use super::kinship;
use super::options::{Focus, ScanOptions};
use super::ownership;
use super::patterns::{self, ParamValue, Pattern};
use crate::cypher;
use crate::db::WithOrigin;
use crate::domain::Severity;

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
    /// Per pattern (in the order of `patterns`): id, alerts this scan retired because their
    /// finding no longer holds.
    pub retired: Vec<(String, usize)>,
}

impl ScanSummary {
    /// Alerts this scan retired, in all.
    pub fn retired_total(&self) -> usize {
        self.retired.iter().map(|(_, n)| n).sum()
    }
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
                library
                    .iter()
                    .find(|p| p.id.as_str() == id.as_str())
                    .ok_or_else(|| {
                        ScanError::UnknownPattern(id.clone(), patterns::known_ids(&library))
                    })
            })
            .collect::<Result<_, _>>()?
    };
    let scan = crate::domain::ids::run_id("scan");
    let state = ScanProgress {
        phase: "kinship",
        patterns_total: selected.len(),
        ..ScanProgress::default()
    };
    progress(&state);
    let focused = match &options.focus {
        Some(focus) if focus.variants => patterns::focused_queries()?,
        _ => Vec::new(),
    };
    let derive_kin = options
        .focus
        .as_ref()
        .is_none_or(|focus| focus.derive_kinship);
    // Two patterns at a time from two queues: each query runs on one of Neo4j's cores, and
    // the alerts two patterns store never share a fingerprint (it includes the pattern id).
    // The patterns that read kinship (`KIN` in their query) wait for it to be derived; the
    // others start at once, beside the derivation, which leaves a core idle while it reads
    // the family graph. In each queue the longest queries go first (their text's length
    // stands for their cost: linked-bidders, kin-supplier), so that the short ones fill in
    // beside them rather than one core idling at the end.
    let mut order: Vec<(usize, &Pattern)> = selected.iter().copied().enumerate().collect();
    order.sort_by_key(|(index, pattern)| (std::cmp::Reverse(pattern.query.len()), *index));
    let (kin_queue, free_queue): (Vec<_>, Vec<_>) = order
        .into_iter()
        .partition(|(_, pattern)| derive_kin && pattern.query.contains(":KIN"));
    let kin_queue = Mutex::new(kin_queue.into_iter());
    let free_queue = Mutex::new(free_queue.into_iter());
    let (kin_ready, _) = tokio::sync::watch::channel(false);
    let workers = Workers {
        graph,
        scan: &scan,
        focused: &focused,
        options,
        progress,
        failed: AtomicBool::new(false),
        state: Mutex::new(state),
        finished: Mutex::new(Vec::new()),
    };
    // Holdings through companies and supplier groups change only with company roles.
    let derive_ownership = options
        .focus
        .as_ref()
        .is_none_or(|focus| focus.derive_ownership);
    let (owned_ready, _) = tokio::sync::watch::channel(false);
    // The first worker derives kinship, then takes the kinship patterns, then helps with the
    // rest; the second derives ownership (every pattern may read it: it takes a second on
    // the county), takes the other patterns, then the kinship ones once they may run. The two
    // derivations write relationships on the same people at once; a deadlock between them is
    // a transient error that the driver retries.
    let first = async {
        let (kin, kin_tied, kin_removed) = match derive_kin {
            true => match kinship::derive_kinship(graph, &scan).await {
                Ok(derived) => derived,
                Err(error) => {
                    workers.failed.store(true, Ordering::SeqCst);
                    kin_ready.send_replace(true);
                    return Err(error);
                }
            },
            false => (0, Vec::new(), 0),
        };
        {
            let mut now = workers.state.lock().expect("state");
            now.phase = "patterns";
            now.kin = kin;
            (workers.progress)(&now);
        }
        kin_ready.send_replace(true);
        // Both senders live until their worker ends, and each sends before it ends.
        let _ = owned_ready.subscribe().wait_for(|ready| *ready).await;
        workers.drain(&kin_queue).await?;
        workers.drain(&free_queue).await?;
        Ok::<(usize, Vec<String>, usize), ScanError>((kin, kin_tied, kin_removed))
    };
    let second = async {
        if derive_ownership {
            let owned = ownership::derive_ownership(graph, &scan).await;
            if owned.is_err() {
                workers.failed.store(true, Ordering::SeqCst);
            }
            owned_ready.send_replace(true);
            owned?;
        }
        owned_ready.send_replace(true);
        workers.drain(&free_queue).await?;
        let _ = kin_ready.subscribe().wait_for(|ready| *ready).await;
        workers.drain(&kin_queue).await
    };
    let (kin, other) = tokio::join!(first, second);
    let (kin, kin_tied, kin_removed) = kin?;
    other?;
    // Region scopes last: they follow kinship and the alerts just stored. A focused scan adds
    // only what its ids, and the people the kinship it created ties, can change (removals
    // wait for the next whole pass). A whole scan runs the whole pass unless nothing it
    // follows changed since the last one (`crate::scope::derive_after_scan`).
    match &options.focus {
        Some(focus) => {
            let mut ids = focus.ids.clone();
            ids.extend(kin_tied);
            crate::scope::derive_focused(graph, &ids, Some(&scan)).await?
        }
        None => {
            let kinship_changed = !kin_tied.is_empty() || kin_removed > 0;
            crate::scope::derive_after_scan(graph, &scan, kinship_changed).await?
        }
    };
    let mut finished = workers.finished.into_inner().expect("finished");
    finished.sort_by_key(|(index, _)| *index);
    let mut state = workers.state.into_inner().expect("state");
    let mut per_pattern = Vec::new();
    let mut retired = Vec::new();
    let mut total = 0;
    for (_, done) in finished {
        retired.push((done.id.clone(), done.retired));
        total += done.count;
        per_pattern.push((done.id, done.count, done.seconds));
    }
    state.phase = "done";
    progress(&state);
    crate::metrics::record_scan(options.focus.is_some(), started.elapsed());
    Ok(ScanSummary {
        scan,
        kin,
        patterns: per_pattern,
        alerts: total,
        seconds: started.elapsed().as_secs_f64(),
        retired,
    })
}

/// A queue of patterns still to run, each with its place in the selection.
type Queue<'a> = Mutex<std::vec::IntoIter<(usize, &'a Pattern)>>;

/// What the two pattern workers of a scan share.
struct Workers<'a> {
    graph: &'a Graph,
    scan: &'a str,
    focused: &'a [patterns::FocusedQuery],
    options: &'a ScanOptions,
    progress: &'a (dyn Fn(&ScanProgress) + Send + Sync),
    /// Set when a pattern or the derivation failed: the other worker stops at its next one.
    failed: AtomicBool,
    state: Mutex<ScanProgress>,
    /// The patterns done, with their place in the selection.
    finished: Mutex<Vec<(usize, PatternDone)>>,
}

impl Workers<'_> {
    /// Runs and stores the patterns of `queue` one at a time until it is empty or the scan
    /// has failed.
    async fn drain(&self, queue: &Queue<'_>) -> Result<(), ScanError> {
        loop {
            if self.failed.load(Ordering::SeqCst) {
                return Ok(());
            }
            let next = queue.lock().expect("queue").next();
            let Some((index, pattern)) = next else {
                return Ok(());
            };
            let done = run_and_store(self.graph, self.scan, pattern, self.focused, self.options)
                .await
                .inspect_err(|_| self.failed.store(true, Ordering::SeqCst))?;
            let mut now = self.state.lock().expect("state");
            now.patterns_done += 1;
            now.alerts += done.count;
            (self.progress)(&now);
            drop(now);
            self.finished.lock().expect("finished").push((index, done));
        }
    }
}

/// What one pattern of a scan did.
struct PatternDone {
    id: String,
    /// Findings stored.
    count: usize,
    /// Alerts retired.
    retired: usize,
    seconds: f64,
}

/// Runs one pattern (its focused variant where the scan uses them), stores its findings and
/// retires its alerts that no longer hold. A pattern whose query failed retires nothing.
async fn run_and_store(
    graph: &Graph,
    scan: &str,
    pattern: &Pattern,
    focused: &[patterns::FocusedQuery],
    options: &ScanOptions,
) -> Result<PatternDone, ScanError> {
    let t = Instant::now();
    let variant = focused.iter().find(|f| f.id == pattern.id);
    let (drafts, found) = run_pattern(graph, pattern, variant, options).await?;
    let count = drafts.len();
    let queried = t.elapsed().as_secs_f64();
    store::store(
        graph,
        scan,
        drafts,
        std::slice::from_ref(pattern),
        &options.changes,
    )
    .await?;
    let retired = match &options.focus {
        None => retire::retire(graph, scan, pattern.id, None, &options.changes).await?,
        Some(focus) => {
            let gone = gone_in_focus(graph, scan, pattern, variant, options, focus, &found).await?;
            retire::retire(graph, scan, pattern.id, Some(gone), &options.changes).await?
        }
    };
    let seconds = t.elapsed().as_secs_f64();
    crate::metrics::record_pattern(pattern.id, seconds);
    tracing::debug!(
        pattern = %pattern.id,
        focused = variant.is_some(),
        findings = count,
        retired,
        query_seconds = queried,
        store_seconds = seconds - queried,
        "scan: pattern done"
    );
    Ok(PatternDone {
        id: pattern.id.to_string(),
        count,
        retired,
        seconds,
    })
}

/// The alerts about a focused scan's ids whose finding no longer holds: those naming a focus
/// id (subjects or evidence) that the pattern's query did not find (`found`: every finding
/// it returned, kept or not). A whole query found every finding, so that is proof enough. A
/// focused variant finds only the findings about the contracts or payments among its ids:
/// an alert that names another focus id (a bid's company) may hold beyond them, so the
/// variant runs once more from every id the unfound alerts name, and only what it does not
/// find either is gone.
async fn gone_in_focus(
    graph: &Graph,
    scan: &str,
    pattern: &Pattern,
    variant: Option<&patterns::FocusedQuery>,
    options: &ScanOptions,
    focus: &Focus,
    found: &BTreeSet<String>,
) -> Result<Vec<String>, ScanError> {
    let mut unfound: Vec<retire::Candidate> =
        retire::focus_candidates(graph, scan, pattern.id, &focus.ids)
            .await?
            .into_iter()
            .filter(|c| !found.contains(&c.id))
            .collect();
    if let (Some(variant), false) = (variant, unfound.is_empty()) {
        let named: BTreeSet<String> = unfound.iter().flat_map(|c| c.names.clone()).collect();
        let named: Vec<String> = named.into_iter().collect();
        let again = query_findings(graph, pattern, Some((variant, &named)), options).await?;
        unfound.retain(|c| !again.contains_key(&c.id));
    }
    Ok(unfound.into_iter().map(|c| c.id).collect())
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
/// its rows into findings by fingerprint; a focused scan keeps only the findings about its
/// ids. Returns the findings to store and the fingerprints of every finding found.
async fn run_pattern(
    graph: &Graph,
    pattern: &Pattern,
    variant: Option<&patterns::FocusedQuery>,
    options: &ScanOptions,
) -> Result<(Vec<Draft>, BTreeSet<String>), ScanError> {
    let focus_ids = options
        .focus
        .as_ref()
        .map(|f| f.ids.as_slice())
        .unwrap_or(&[]);
    let drafts = query_findings(graph, pattern, variant.map(|v| (v, focus_ids)), options).await?;
    let found: BTreeSet<String> = drafts.keys().cloned().collect();
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
    Ok((drafts, found))
}

/// The query a pattern runs (its focused `variant` from the given ids, or whole) with its
/// parameters: the header's defaults or the configuration's overrides.
fn pattern_query(
    pattern: &Pattern,
    variant: Option<(&patterns::FocusedQuery, &[String])>,
    options: &ScanOptions,
) -> Result<neo4rs::Query, ScanError> {
    let mut q = match variant {
        Some((variant, ids)) => query(&variant.query).param("focus", ids.to_vec()),
        None => query(&pattern.query),
    }
    .param("as_of", options.as_of);
    let overrides = options.overrides.get(pattern.id.as_str());
    if let Some(name) = overrides
        .into_iter()
        .flat_map(|o| o.keys())
        .find(|name| !pattern.params.contains_key(*name))
    {
        return Err(ScanError::UnknownParameter {
            pattern: pattern.id.to_string(),
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
    Ok(q)
}

/// Runs the pattern's whole query, or its focused `variant` from the given ids, and groups
/// the rows into findings by fingerprint.
async fn query_findings(
    graph: &Graph,
    pattern: &Pattern,
    variant: Option<(&patterns::FocusedQuery, &[String])>,
    options: &ScanOptions,
) -> Result<BTreeMap<String, Draft>, ScanError> {
    let fail = |source| ScanError::Pattern {
        pattern: pattern.id.to_string(),
        source,
    };
    let q = pattern_query(pattern, variant, options)?;
    // Timed to the last row under the file that ran: the pattern's or its focused variant's.
    let (started, file) = (
        Instant::now(),
        variant.map_or(pattern.path, |(v, _)| v.path),
    );
    let mut rows = graph.execute(q).await.map_err(fail)?;
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    while let Some(row) = rows.next().await.map_err(fail)? {
        let subjects: BTreeSet<String> = row
            .get::<Vec<Option<String>>>("subjects")
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        let id = fingerprint(pattern.id.as_str(), &subjects);
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
        let severity = row_severity(pattern, &facts);
        let draft = drafts.entry(id).or_insert_with(|| Draft {
            pattern: pattern.id,
            severity,
            subjects: subjects.clone(),
            facts,
            nodes: BTreeMap::new(),
            relationships: BTreeSet::new(),
            kin_paths: Vec::new(),
        });
        // Rows of one finding may differ in authority (own org on one contract, supervising
        // on another): the finding is as severe as its most severe row.
        draft.severity = draft.severity.max(severity);
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
    crate::metrics::record_query(file, started.elapsed());
    Ok(drafts)
}

/// The severity of one row: the pattern's, one step lower when the row's facts say the
/// official reaches the org through a supervising post (`authority: supervising`, see
/// docs/patterns/time-authority-ownership.md).
fn row_severity(pattern: &Pattern, facts: &BTreeMap<String, serde_json::Value>) -> Severity {
    match facts.get("authority").and_then(|v| v.as_str()) {
        Some(SUPERVISING) => pattern.severity.one_step_lower(),
        _ => pattern.severity,
    }
}

/// The `authority` fact of a finding through a post at an org above the buyer or payer.
pub const SUPERVISING: &str = "supervising";

/// Adds the primitive ties and identity links behind each derived kinship to the evidence,
/// so every kin alert shows the household-registry rows it rests on.
async fn expand_kin_evidence(graph: &Graph, drafts: &mut [Draft]) -> Result<(), ScanError> {
    let origin = cypher::KIN_EVIDENCE.path;
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
            .origin(origin)?;
        while let Some(row) = rows.next().await.origin(origin)? {
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
