//! Nodes and relationships as read from Neo4j for drawing a neighbourhood or walking a path
//! (the shapes the `cypher/graph/neighborhood_graph.cypher` and `paths.cypher` files return).

use serde::Deserialize;

use super::kind_of;
use super::neighborhood::NodeRef;

/// A relationship as read for drawing or for a path.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RelRow {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub source: String,
    pub target: String,
    pub role: Option<String>,
    pub term_zh: Option<String>,
    pub term_en: Option<String>,
    pub title: Option<String>,
    pub basis: Option<String>,
    pub older_id: Option<String>,
}

/// A node as read for drawing or for a path.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct NodeRow {
    pub id: String,
    #[serde(default)]
    pub labels: Vec<String>,
    pub name: Option<String>,
    pub gender: Option<String>,
}

impl NodeRow {
    pub fn node_ref(&self) -> NodeRef {
        NodeRef {
            id: self.id.clone(),
            kind: kind_of(&self.labels),
            name: self.name.clone().unwrap_or_else(|| self.id.clone()),
        }
    }

    /// The name in running text: contracts in 《》.
    pub fn display(&self) -> String {
        let name = self.name.clone().unwrap_or_else(|| self.id.clone());
        if self.labels.iter().any(|l| l == "Contract") {
            format!("《{name}》")
        } else {
            name
        }
    }
}
