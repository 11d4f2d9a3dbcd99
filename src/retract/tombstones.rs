//! A retraction sticks: the loaders read every tombstone once per load or ingest
//! ([`Tombstones::read`]; retractions are few) and skip, with a warning naming the
//! retraction, each row that asserts a retracted fact again: a kinship row between the two
//! people, the same role or post, a row defining a retracted entity, or any row referring to
//! one. The skip is decided in memory per row, so it costs a load nothing measurable.

use std::collections::HashMap;

use neo4rs::Graph;

use super::RetractionKind;
use crate::db::DbError;
use crate::load::typed::{TypedRow, Value};

/// The tombstones by kind and keys, each giving its retraction id.
#[derive(Debug, Clone, Default)]
pub struct Tombstones {
    by_key: HashMap<(RetractionKind, Vec<String>), String>,
}

impl Tombstones {
    /// Every retraction's tombstone.
    pub async fn read(graph: &Graph) -> Result<Self, DbError> {
        let mut by_key = HashMap::new();
        for retraction in super::list(graph).await? {
            if let Some(kind) = RetractionKind::parse(&retraction.kind) {
                // Newest first: the newest retraction of the same keys is the one named.
                by_key
                    .entry((kind, retraction.keys))
                    .or_insert(retraction.id);
            }
        }
        Ok(Self { by_key })
    }

    /// Whether there is none (then nothing needs checking).
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    fn find(&self, kind: RetractionKind, keys: Vec<String>) -> Option<&String> {
        self.by_key.get(&(kind, keys))
    }

    /// Why a row of `table` must not be written: the warning text naming the retraction, or
    /// `None` when the row asserts nothing retracted.
    pub fn skip_reason(&self, table: &str, row: &TypedRow) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let text = |name: &str| match row.params.get(name) {
            Some(Value::Text(s)) => s.clone(),
            _ => String::new(),
        };
        let entities = row
            .id
            .iter()
            .chain(row.references.iter().flat_map(|r| r.ids.iter()));
        for id in entities {
            if let Some(r) = self.find(RetractionKind::Entity, vec![id.clone()]) {
                return Some(format!(
                    "entity {id} was retracted ({r}; `guanxi retract list`): row skipped"
                ));
            }
        }
        let (kind, keys) = match table {
            "kinship" => {
                let mut pair = vec![text("tie_from"), text("tie_to")];
                pair.sort();
                (RetractionKind::Kinship, pair)
            }
            "company_roles" => (
                RetractionKind::Role,
                vec![text("company_id"), text("person_id"), text("role")],
            ),
            "positions" => (
                RetractionKind::Position,
                vec![text("person_id"), text("org_id"), text("title")],
            ),
            _ => return None,
        };
        self.find(kind, keys.clone()).map(|r| {
            format!(
                "{kind} {} was retracted ({r}; `guanxi retract list`): row skipped",
                keys.join(" ")
            )
        })
    }
}
