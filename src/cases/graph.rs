//! One graph of everything in a case (the case page draws it): the entities it includes,
//! the subjects of its alerts and the entities its tips name, the paths between them found by
//! the link finder ([`explore::paths`], run for a bounded number of pairs within
//! [`CASE_MAX_HOPS`]), and the evidence of its alerts. Nodes and edges have the shape of an
//! entity's neighbourhood ([`explore::NodeRef`], [`explore::GraphEdge`]), so the page draws
//! them the same way; every relationship of the model among the nodes is drawn
//! ([`explore::subgraph`]), plus the evidence relationships the model does not walk (derived
//! holdings, `BEHIND`). Everything is cut to the caller's region scope.

use std::collections::BTreeSet;
use std::time::Duration;

use neo4rs::Graph;
use serde::Serialize;
use utoipa::ToSchema;

use super::CaseError;
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::CompanyRole;
use crate::explore::{self, GraphEdge, GraphPath, MaxHops, NodeRef, PathEnds, Paths};
use crate::scan::alerts::{get_alert_in, EvidenceRelationship};
use crate::scope::{scope_param, Scope};

/// Longest path searched between two entities of a case (as for a tip: kin through a
/// registry record to a company is three steps).
pub const CASE_MAX_HOPS: u32 = crate::tips::TIP_MAX_HOPS;
/// At most this many pairs of entities are connected (the most telling kinds first).
pub const MAX_PAIRS: usize = 12;
/// At most this many nodes are drawn (anchors first, then evidence, then path nodes).
pub const MAX_NODES: usize = 300;

/// The paths found between two entities of a case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CasePaths {
    /// One end.
    pub from: String,
    /// The other end.
    pub to: String,
    /// The shortest paths, most telling first (kin before contracts).
    pub paths: Vec<GraphPath>,
}

/// `GET /api/cases/{id}/graph`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseGraph {
    /// The case number.
    pub case: String,
    /// Nodes: the case's entities first.
    pub nodes: Vec<NodeRef>,
    /// Relationships among them, in plain words.
    pub edges: Vec<GraphEdge>,
    /// The chains connecting the case's entities, pair by pair.
    pub paths: Vec<CasePaths>,
    /// The alerts whose evidence is drawn.
    pub alerts: Vec<String>,
    /// Whether nodes (or pairs) were left out to keep within the bounds.
    pub truncated: bool,
    /// What was left out or ran past its time, in words.
    pub notes: Vec<String>,
}

/// How telling a pair of kinds is to connect: an official or person to a company first.
fn pair_rank(a: &str, b: &str) -> u8 {
    match (a.min(b), a.max(b)) {
        ("Company", "Person") => 0,
        ("Company", "Org") => 1,
        ("Person", "Person") | ("Org", "Person") => 2,
        _ => 3,
    }
}

/// The pairs of anchors to connect, most telling first, at most [`MAX_PAIRS`]; whether
/// some were left out.
fn pairs(anchors: &[(String, String)]) -> (Vec<(String, String)>, bool) {
    let connectable: Vec<&(String, String)> = anchors
        .iter()
        .filter(|(_, kind)| matches!(kind.as_str(), "Person" | "Company" | "Org"))
        .collect();
    let mut all = Vec::new();
    for (i, (a, ka)) in connectable.iter().enumerate() {
        for (b, kb) in connectable.iter().skip(i + 1) {
            all.push((pair_rank(ka, kb), a.clone(), b.clone()));
        }
    }
    all.sort();
    let truncated = all.len() > MAX_PAIRS;
    let chosen = all.into_iter().take(MAX_PAIRS).map(|(_, a, b)| (a, b));
    (chosen.collect(), truncated)
}

/// The anchors of case `id`: (entity id, kind), in `scope`.
async fn anchors(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Vec<(String, String)>, DbError> {
    let file = &cypher::CASE_GRAPH_ANCHORS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("id", id)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        out.push((
            row.get("id").unwrap_or_default(),
            row.get("kind").unwrap_or_default(),
        ));
    }
    Ok(out)
}

/// Runs the link finder for each pair, side by side: the pairs connected, and notes of the
/// searches that ran past `timeout`.
async fn connect(
    graph: &Graph,
    pairs: Vec<(String, String)>,
    scope: Scope<'_>,
    timeout: Duration,
) -> Result<(Vec<CasePaths>, Vec<String>), DbError> {
    let owned: Option<Vec<String>> = scope.map(<[String]>::to_vec);
    let mut searches = tokio::task::JoinSet::new();
    for (from, to) in pairs.into_iter() {
        let (graph, scope) = (graph.clone(), owned.clone());
        searches.spawn(async move {
            let ends = PathEnds::new(from.clone(), to.clone())?;
            let hops = MaxHops::new(CASE_MAX_HOPS);
            Some(explore::paths(&graph, &ends, hops, scope.as_deref(), timeout).await)
        });
    }
    let (mut found, mut notes) = (Vec::new(), Vec::new());
    while let Some(done) = searches.join_next().await {
        match done.expect("a path search does not panic").transpose()? {
            Some(Paths::Found(r)) if !r.paths.is_empty() => found.push(CasePaths {
                from: r.from,
                to: r.to,
                paths: r.paths,
            }),
            Some(Paths::TimedOut) => notes.push(
                "路径查询超时 a path search between two of the case's entities ran past its time"
                    .to_string(),
            ),
            _ => {}
        }
    }
    found.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    Ok((found, notes))
}

/// An evidence relationship as an edge, in words: a company role's words, else the stored
/// label (a kin term, a post title), else the type.
fn evidence_edge(rel: &EvidenceRelationship) -> GraphEdge {
    let (label, label_en) = match rel.label.as_deref() {
        Some(code) => match CompanyRole::parse(code) {
            Ok(role) => (role.zh().to_string(), role.as_str().to_string()),
            Err(_) => (code.to_string(), code.to_string()),
        },
        None => (rel.rel_type.clone(), rel.rel_type.to_lowercase()),
    };
    GraphEdge {
        id: format!("{}|{}|{}", rel.from, rel.rel_type, rel.to),
        source: rel.from.clone(),
        target: rel.to.clone(),
        kind: rel.rel_type.clone(),
        label,
        label_en,
        certain: rel.rel_type != "POSSIBLY_SAME_AS",
        derived: rel.source_file.is_none(),
    }
}

/// Adds `id` to the nodes to draw unless already there or the bound is reached; whether
/// it was left out.
fn push_node(ids: &mut Vec<String>, seen: &mut BTreeSet<String>, id: &str) -> bool {
    if seen.contains(id) {
        return false;
    }
    if ids.len() >= MAX_NODES {
        return true;
    }
    seen.insert(id.to_string());
    ids.push(id.to_string());
    false
}

/// The graph of case `id` as `scope` sees it ([`CaseError::NotFound`] when it does not see
/// the case); `timeout` bounds each path search.
pub async fn graph(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
    timeout: Duration,
) -> Result<CaseGraph, CaseError> {
    let case = super::get(graph, id, scope)
        .await?
        .ok_or_else(|| CaseError::NotFound(id.to_string()))?;
    let anchors = anchors(graph, &case.id, scope).await?;
    let (pairs, pairs_cut) = pairs(&anchors);
    let mut notes = Vec::new();
    if pairs_cut {
        notes.push(format!(
            "只连接了前 {MAX_PAIRS} 对 only the first {MAX_PAIRS} pairs of entities were connected"
        ));
    }
    let alert_ids: Vec<String> = case
        .items
        .iter()
        .filter(|i| i.kind == "alert")
        .map(|i| i.id.clone())
        .collect();
    let alerts = async {
        let mut read = Vec::new();
        for alert in &alert_ids {
            read.extend(get_alert_in(graph, alert, scope).await?);
        }
        Ok::<_, DbError>(read)
    };
    let (alerts, connected) = tokio::join!(alerts, connect(graph, pairs, scope, timeout));
    let (alerts, (paths, timed_out)) = (alerts?, connected?);
    notes.extend(timed_out);

    // Anchors, then the case's other items (tips, contracts ...), then evidence, then paths.
    let (mut ids, mut seen, mut cut) = (Vec::new(), BTreeSet::new(), false);
    let others = case.items.iter().filter(|i| i.kind != "alert");
    for node in anchors
        .iter()
        .map(|(a, _)| a.as_str())
        .chain(others.map(|i| i.id.as_str()))
        .chain(
            alerts
                .iter()
                .flat_map(|a| a.evidence.nodes.iter().map(|n| n.id.as_str())),
        )
        .chain(
            paths
                .iter()
                .flat_map(|p| p.paths.iter())
                .flat_map(|p| p.nodes.iter().map(|n| n.id.as_str())),
        )
    {
        cut |= push_node(&mut ids, &mut seen, node);
    }
    if cut {
        notes.push(format!(
            "节点过多，只画了前 {MAX_NODES} 个 only the first {MAX_NODES} nodes are drawn"
        ));
    }
    let (nodes, mut edges) = explore::subgraph(graph, &ids, scope).await?;
    // Evidence the model's walk does not draw (derived holdings): added as the alert says.
    let drawn: BTreeSet<String> = nodes.iter().map(|n| n.id.clone()).collect();
    let mut present: BTreeSet<(String, String, String)> = edges
        .iter()
        .map(|e| (e.source.clone(), e.kind.clone(), e.target.clone()))
        .collect();
    for rel in alerts.iter().flat_map(|a| &a.evidence.relationships) {
        let key = (rel.from.clone(), rel.rel_type.clone(), rel.to.clone());
        if drawn.contains(&rel.from) && drawn.contains(&rel.to) && present.insert(key) {
            edges.push(evidence_edge(rel));
        }
    }
    Ok(CaseGraph {
        case: case.id,
        nodes,
        edges,
        paths,
        alerts: alerts.into_iter().map(|a| a.id).collect(),
        truncated: cut || pairs_cut,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_put_people_and_companies_first_and_stay_bounded() {
        let anchors: Vec<(String, String)> = [
            ("o-1", "Org"),
            ("p-1", "Person"),
            ("c-1", "Company"),
            ("k-1", "Other"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (chosen, cut) = pairs(&anchors);
        assert!(!cut);
        assert_eq!(chosen.len(), 3, "contracts are not connected: {chosen:?}");
        assert_eq!(chosen[0], ("p-1".to_string(), "c-1".to_string()));
        let many: Vec<(String, String)> = (0..10)
            .map(|i| (format!("p-{i}"), "Person".to_string()))
            .collect();
        let (chosen, cut) = pairs(&many);
        assert!(cut);
        assert_eq!(chosen.len(), MAX_PAIRS);
    }
}
