//! guanxi (关系): conflict-of-interest detection for discipline inspectors.
//!
//! The flow, and the layout of this crate:
//! `loaders/` (table mappings) → [`load`] → Neo4j ([`db`]) ← `cypher/` ([`cypher`]) ←
//! [`scan`] → alerts ← [`api`] ← web page. [`explore`] holds the graph reads behind the
//! investigators' search, entity pages, neighbourhoods and paths ([`api`] is only their HTTP).
//! [`cli`] is the command line over the same library.

pub mod api;
pub mod audit;
pub mod cases;
pub mod cli;
pub mod csv_out;
pub mod cypher;
pub mod db;
pub mod domain;
pub mod explore;
pub mod filters;
pub mod ftm;
pub mod gen;
pub mod history;
pub mod identity;
pub mod ingest;
pub mod load;
pub mod metrics;
pub mod notify;
pub mod overview;
pub mod portrait;
pub mod report;
pub mod retract;
pub mod scan;
pub mod scope;
pub mod service;
pub mod settings;
pub mod timeline;
pub mod tips;
pub mod tokens;
pub mod views;
pub mod watch;
pub mod web;
