//! The shortest paths connecting two entities, each step named in plain words in Chinese
//! and English, kin terms included (`王建国 —外甥女→ 赵丽 —法定代表人→ 青溪县红图广告有限公司`).

use std::collections::HashSet;
use std::time::Duration;

use neo4rs::{query, Graph};
use serde::Serialize;
use utoipa::ToSchema;

use super::neighborhood::NodeRef;
use super::rows::{NodeRow, RelRow};
use super::words::step_words;
use crate::cypher;
use crate::db::{is_timed_out, tx_timeout_ms, DbError, WithOrigin};
use crate::scope::visible_ids;
use crate::scope::{scope_param, Scope};

/// How long after its transaction timeout the client gives up waiting on its own: the
/// server checks timeouts five times a second (the launcher's monitor interval), so normally its
/// refusal arrives first.
const CLIENT_GRACE: Duration = Duration::from_secs(2);
/// At most this many paths are returned.
const MAX_PATHS: i64 = 5;

bounded!(
    /// Longest path searched, in hops (1–8, default 6). It is written into the statement's
    /// text (a variable-length bound cannot be a parameter), so it is never more than 8.
    MaxHops,
    1,
    8,
    6
);

/// The two ends of a path search: two different entity ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathEnds {
    from: String,
    to: String,
}

impl PathEnds {
    /// The ends; `None` when `from` and `to` are the same id.
    pub fn new(from: String, to: String) -> Option<PathEnds> {
        (from != to).then_some(PathEnds { from, to })
    }

    /// Where the paths start.
    pub fn from(&self) -> &str {
        &self.from
    }

    /// Where they end.
    pub fn to(&self) -> &str {
        &self.to
    }
}

/// The answer of a path search.
#[derive(Debug, Clone)]
pub enum Paths {
    /// The paths found, possibly none (with a note).
    Found(PathsResponse),
    /// No path was found and these ids (one or both ends) name no entity.
    UnknownEntities(Vec<String>),
    /// The search ran past its time and Neo4j stopped it.
    TimedOut,
}

/// One step of a path, in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathStep {
    /// Entity id the step leaves.
    pub from: String,
    /// Entity id it reaches.
    pub to: String,
    /// Relationship type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the step goes the way the relationship points.
    pub forward: bool,
    /// In Chinese (外甥女, 法定代表人, 中标 ...).
    pub label_zh: String,
    /// In English.
    pub label_en: String,
}

/// One connecting path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GraphPath {
    /// Number of relationships.
    pub length: usize,
    /// The entities along it, in order.
    pub nodes: Vec<NodeRef>,
    /// Its steps.
    pub steps: Vec<PathStep>,
    /// `王建国 —外甥女→ 赵丽 —法定代表人→ 青溪县红图广告有限公司`.
    pub text_zh: String,
    /// The same with English words.
    pub text_en: String,
}

/// `GET /api/paths`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathsResponse {
    /// Start.
    pub from: String,
    /// End.
    pub to: String,
    /// Longest path searched.
    pub max_hops: u32,
    /// The shortest paths (at most 5); empty if none within `max_hops`.
    pub paths: Vec<GraphPath>,
    /// Why there are no paths, when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn build_path(nodes: Vec<NodeRow>, rels: Vec<RelRow>) -> Option<GraphPath> {
    if nodes.len() != rels.len() + 1 {
        return None;
    }
    let mut steps = Vec::with_capacity(rels.len());
    let mut text_zh = nodes[0].display();
    let mut text_en = nodes[0].display();
    for (i, rel) in rels.iter().enumerate() {
        let (from, to) = (&nodes[i], &nodes[i + 1]);
        let forward = rel.source == from.id;
        let (label_zh, label_en) = step_words(rel, forward, from, to);
        text_zh.push_str(&format!(" —{label_zh}→ {}", to.display()));
        text_en.push_str(&format!(" —{label_en}→ {}", to.display()));
        steps.push(PathStep {
            from: from.id.clone(),
            to: to.id.clone(),
            kind: rel.kind.clone(),
            forward,
            label_zh,
            label_en,
        });
    }
    Some(GraphPath {
        length: rels.len(),
        nodes: nodes.iter().map(NodeRow::node_ref).collect(),
        steps,
        text_zh,
        text_en,
    })
}

/// How telling a relationship is in a path between an official and a company: family and
/// identity first, then roles and posts, then transactions (lower is more telling).
fn step_weight(kind: &str) -> u32 {
    match kind {
        "KIN" => 0,
        "PARENT_OF" | "SPOUSE_OF" | "SIBLING_OF" | "SAME_AS" => 1,
        "ROLE_IN" | "HOLDS_POST" => 2,
        "POSSIBLY_SAME_AS" | "OWNED_BY" | "PART_OF" => 3,
        _ => 4,
    }
}

/// Keeps one path per sequence of entities (the most telling of parallel relationships, a
/// contract both bid on and won), most telling first, at most [`MAX_PATHS`].
fn pick_paths(paths: Vec<GraphPath>) -> Vec<GraphPath> {
    let weight = |p: &GraphPath| -> u32 { p.steps.iter().map(|s| step_weight(&s.kind)).sum() };
    let mut paths = paths;
    paths.sort_by(|a, b| {
        a.length
            .cmp(&b.length)
            .then_with(|| weight(a).cmp(&weight(b)))
            .then_with(|| a.text_zh.cmp(&b.text_zh))
    });
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    paths
        .into_iter()
        .filter(|p| seen.insert(p.nodes.iter().map(|n| n.id.clone()).collect()))
        .take(MAX_PATHS as usize)
        .collect()
}

/// The shortest paths connecting two entities (at most 5, within `max_hops`), each step
/// named in plain words in Chinese and English, kin terms included. The search runs as a
/// transaction with `timeout` as its timeout, so Neo4j itself stops it past that time
/// ([`Paths::TimedOut`]); the client stops waiting shortly after in any case. Every node of
/// a path lies in `scope`; an end outside it is answered as unknown.
pub async fn paths(
    graph: &Graph,
    ends: &PathEnds,
    max_hops: MaxHops,
    scope: Scope<'_>,
    timeout: Duration,
) -> Result<Paths, DbError> {
    let (from, to) = (ends.from(), ends.to());
    let max_hops = max_hops.get();
    let origin = cypher::GRAPH_PATHS.path;
    // The bound of a variable-length pattern cannot be a parameter: the file's `*..8` is
    // replaced by the clamped number (an integer from 1 to 8, never user text).
    let text = cypher::GRAPH_PATHS
        .text
        .replace("*..8]", &format!("*..{max_hops}]"));
    // More shortest paths are read than returned, so that the telling ones (kin, roles) can
    // be chosen over the many alike (one per contract).
    let candidates = MAX_PATHS * 20;
    let search = async {
        let mut rows = graph
            .execute(
                query(&text)
                    .param("from", from)
                    .param("to", to)
                    .param("limit", candidates)
                    .param("scope", scope_param(scope))
                    .extra("tx_timeout", tx_timeout_ms(timeout)),
            )
            .await?;
        let mut found = Vec::new();
        while let Some(row) = rows.next().await? {
            let nodes: Vec<NodeRow> = row.get("nodes").unwrap_or_default();
            let rels: Vec<RelRow> = row.get("rels").unwrap_or_default();
            found.extend(build_path(nodes, rels));
        }
        Ok::<_, neo4rs::Error>(found)
    };
    let found = match tokio::time::timeout(timeout + CLIENT_GRACE, search).await {
        Ok(Err(error)) if is_timed_out(&error) => return Ok(Paths::TimedOut),
        Ok(result) => result.origin(origin)?,
        Err(_) => return Ok(Paths::TimedOut),
    };
    let note = found
        .is_empty()
        .then(|| format!("no path of at most {max_hops} steps connects {from} and {to}"));
    // A path proves both ends exist; only an empty answer costs the round trip that tells a
    // missing entity from unconnected ones.
    if found.is_empty() {
        let known = visible_ids(graph, &[from.to_string(), to.to_string()], scope).await?;
        let unknown: Vec<String> = [from, to]
            .into_iter()
            .filter(|id| !known.contains(*id))
            .map(str::to_string)
            .collect();
        if !unknown.is_empty() {
            return Ok(Paths::UnknownEntities(unknown));
        }
    }
    Ok(Paths::Found(PathsResponse {
        from: from.to_string(),
        to: to.to_string(),
        max_hops,
        paths: pick_paths(found),
        note,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_differ_and_hops_stay_within_bounds() {
        assert!(PathEnds::new("a".into(), "a".into()).is_none());
        let ends = PathEnds::new("a".into(), "b".into()).unwrap();
        assert_eq!((ends.from(), ends.to()), ("a", "b"));
        assert_eq!(MaxHops::new(0).get(), 1);
        assert_eq!(MaxHops::new(99).get(), 8);
        assert_eq!(MaxHops::default().get(), 6);
    }
}
