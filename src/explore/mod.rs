//! The graph for investigators: ranked search over names, pinyin and identifiers
//! ([`mod@search`]), entity pages ([`mod@entity`]), neighbourhoods to draw
//! ([`mod@neighborhood`]), and the shortest paths connecting two entities ([`mod@paths`]),
//! each step named in plain words in Chinese and English (`王建国 —外甥女→ 赵丽`).
//!
//! Functions here take the graph and typed arguments (the HTTP side parses query strings
//! into these) and return the response types, or a [`DbError`] naming the `.cypher` file
//! whose statement failed. An entity that does not exist is `Ok(None)`; a path search
//! names the ends that do not ([`Paths::UnknownEntities`]).
//!
//! Each function takes the caller's region scope ([`crate::scope::Scope`]): what lies outside
//! it is answered as absent, and never stepped through.
//!
//! Every statement is a registered `.cypher` file; user text only ever reaches Neo4j as a
//! parameter (the Lucene query for the full-text index is built here from escaped terms).
//! Relationship types and labels come from the fixed lists in those files. ID numbers and
//! phones are returned under the keys `id_number` and `phone`, which the API masks for
//! viewers.

/// Defines a count taken from a query parameter, brought within bounds: the type of a
/// `limit`, `depth` or `max_hops` argument (`$name::new(n)` clamps, `Default` is the
/// default).
macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $default:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(u32);

        impl $name {
            /// The least value.
            pub const MIN: u32 = $min;
            /// The greatest value.
            pub const MAX: u32 = $max;
            /// The value when none is given.
            pub const DEFAULT: u32 = $default;

            /// `n` brought within `MIN..=MAX`.
            pub fn new(n: u32) -> Self {
                Self(n.clamp(Self::MIN, Self::MAX))
            }

            /// The value.
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new(Self::DEFAULT)
            }
        }
    };
}

pub mod entity;
pub mod neighborhood;
pub mod paths;
mod rows;
pub mod search;
pub(crate) mod words;

pub(crate) use words::evidence_words;

pub use entity::{
    entity, AlertRef, EntityPage, IdentityLink, KinLink, PositionLink, Provenance, RoleLink,
    TieLink,
};
pub use neighborhood::{
    neighborhood, subgraph, Depth, GraphEdge, Neighborhood, NodeLimit, NodeRef,
};
pub use paths::{paths, GraphPath, MaxHops, PathEnds, PathStep, Paths, PathsResponse};
pub use search::{search, HitLimit, Identifiers, SearchHit, SearchText, SearchTextError};

/// The kinds of entity, in the order a node's kind is picked from its labels.
const KINDS: [&str; 6] = ["Person", "Company", "Org", "Contract", "Payment", "Tip"];

fn kinds_param() -> Vec<String> {
    KINDS.iter().map(|k| k.to_string()).collect()
}

/// A node's kind from its labels (`Person`, `Company`, `Org`, `Contract`, `Payment`, `Tip`).
pub(crate) fn kind_of(labels: &[String]) -> String {
    KINDS
        .iter()
        .find(|k| labels.iter().any(|l| l == *k))
        .unwrap_or(&"Entity")
        .to_string()
}
