//! The subgraph around an entity, for drawing: nodes within a few hops, nearest first, and
//! every relationship among them, labelled in plain words.

use std::collections::HashMap;

use neo4rs::Graph;
use serde::Serialize;
use utoipa::ToSchema;

use super::rows::{NodeRow, RelRow};
use super::words::edge_label;
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::scope::visible_ids;
use crate::scope::{scope_param, Scope};

bounded!(
    /// Hops from the entity drawn (1–3, default 1).
    Depth,
    1,
    3,
    1
);

bounded!(
    /// Most nodes drawn (1–500, default 100), nearest first.
    NodeLimit,
    1,
    500,
    100
);

/// A node to draw.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeRef {
    /// Entity id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Name (a contract's title).
    pub name: String,
}

/// A relationship to draw, named in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GraphEdge {
    /// Relationship id (stable within a database).
    pub id: String,
    /// Start node id.
    pub source: String,
    /// End node id.
    pub target: String,
    /// Relationship type (`ROLE_IN`, `KIN`, `SAME_AS` ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Plain Chinese words: the role (法定代表人), the kin term (外甥女: the target is the
    /// source's niece), 父母/子女/配偶/兄弟姐妹 (what the target is to the source), the post
    /// title, 中标, 采购方, 付款, 收款 ...
    pub label: String,
    /// The same in English.
    pub label_en: String,
    /// False only for a possible identity (POSSIBLY_SAME_AS), drawn dashed.
    pub certain: bool,
    /// Derived by a scan (KIN) rather than loaded.
    pub derived: bool,
}

/// `GET /api/entities/{id}/neighborhood`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Neighborhood {
    /// The entity at the centre.
    pub center: String,
    /// Hops drawn.
    pub depth: u32,
    /// Nodes, the centre first, nearest first.
    pub nodes: Vec<NodeRef>,
    /// Relationships among the nodes.
    pub edges: Vec<GraphEdge>,
    /// Whether nodes were left out to keep within the limit.
    pub truncated: bool,
}

/// The subgraph around an entity, for drawing: nodes within `depth` hops (nearest first, at
/// most `limit`) and every relationship among them, labelled in plain words. Alerts, load
/// runs, tokens and audit entries are left out, and so is (never stepped into or through)
/// what `scope` does not see. `None` when no entity has the id, or `scope` does not see it.
pub async fn neighborhood(
    graph: &Graph,
    id: &str,
    depth: Depth,
    limit: NodeLimit,
    scope: Scope<'_>,
) -> Result<Option<Neighborhood>, DbError> {
    let depth = depth.get();
    let limit = limit.get() as usize;
    if visible_ids(graph, &[id.to_string()], scope)
        .await?
        .is_empty()
    {
        return Ok(None);
    }
    let mut seen: Vec<String> = vec![id.to_string()];
    let mut frontier: Vec<String> = vec![id.to_string()];
    let mut truncated = false;
    for _ in 0..depth {
        if frontier.is_empty() {
            break;
        }
        if seen.len() >= limit {
            truncated = true;
            break;
        }
        let room = limit - seen.len();
        let origin = cypher::GRAPH_NEIGHBORHOOD.path;
        let mut rows = graph
            .execute_read(
                read_query(cypher::GRAPH_NEIGHBORHOOD.text)
                    .param("frontier", frontier.clone())
                    .param("seen", seen.clone())
                    // One more than there is room for, to know whether some were left out.
                    .param("cap", (room + 1) as i64)
                    .param("scope", scope_param(scope)),
            )
            .await
            .origin(origin)?;
        let mut next = Vec::new();
        while let Some(row) = rows.next().await.origin(origin)? {
            let node: String = row.get("id").unwrap_or_default();
            if next.len() < room {
                next.push(node);
            } else {
                truncated = true;
            }
        }
        next.sort();
        seen.extend(next.iter().cloned());
        frontier = next;
    }
    let (nodes, edges) = subgraph(graph, &seen, scope).await?;
    Ok(Some(Neighborhood {
        center: id.to_string(),
        depth,
        nodes,
        edges,
        truncated,
    }))
}

/// The nodes of `ids` that `scope` sees (in the order of `ids`) and every relationship of the
/// model among them, labelled in plain words: what a neighbourhood draws once its nodes are
/// chosen, and what a case's graph draws (`crate::cases::graph`).
pub async fn subgraph(
    graph: &Graph,
    ids: &[String],
    scope: Scope<'_>,
) -> Result<(Vec<NodeRef>, Vec<GraphEdge>), DbError> {
    let origin = cypher::GRAPH_NEIGHBORHOOD_GRAPH.path;
    let mut rows = graph
        .execute_read(
            read_query(cypher::GRAPH_NEIGHBORHOOD_GRAPH.text)
                .param("ids", ids.to_vec())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let mut nodes: HashMap<String, NodeRow> = HashMap::new();
    let mut rels: Vec<RelRow> = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let node = NodeRow {
            id: row.get("id").unwrap_or_default(),
            labels: row.get("labels").unwrap_or_default(),
            name: row.get("name").unwrap_or_default(),
            gender: row.get("gender").unwrap_or_default(),
        };
        rels.extend(row.get::<Vec<RelRow>>("edges").unwrap_or_default());
        nodes.insert(node.id.clone(), node);
    }
    let mut edges: Vec<GraphEdge> = rels
        .into_iter()
        .filter_map(|rel| {
            let source = nodes.get(&rel.source)?;
            let target = nodes.get(&rel.target)?;
            let (label, label_en) = edge_label(&rel, source, target);
            Some(GraphEdge {
                id: rel.id.clone().unwrap_or_default(),
                source: rel.source.clone(),
                target: rel.target.clone(),
                certain: rel.kind != "POSSIBLY_SAME_AS",
                derived: rel.kind == "KIN",
                kind: rel.kind,
                label,
                label_en,
            })
        })
        .collect();
    edges.sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
    let nodes = ids
        .iter()
        .filter_map(|id| nodes.get(id).map(NodeRow::node_ref))
        .collect();
    Ok((nodes, edges))
}
