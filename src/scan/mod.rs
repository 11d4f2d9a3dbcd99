//! The scan engine: derive kinship, run the patterns of `cypher/patterns/`, turn each
//! finding into an alert with a stable fingerprint, a summary in Chinese and English, and
//! the evidence (nodes and relationships with their source file and line), and store the
//! alerts in Neo4j. [`run_scan_once`] is one whole pass.
//!
//! Its rooms: [`options`] (what a scan is asked), [`patterns`] (the one pattern registry),
//! [`kinship`] and [`terms`] (who is whose kin, and the one home of kin words), [`alerts`]
//! (the alert model, store, reads and triage), [`runs`] (the scan lock and run records: how
//! every scan starts, whoever asks) and [`schedule`] (scheduled scans).

pub mod alerts;
pub mod kinship;
pub mod options;
pub mod ownership;
pub mod patterns;
pub mod recompute;
pub mod runs;
pub mod schedule;
pub mod terms;

mod engine;
mod error;
mod reads;

pub use alerts::{
    fingerprint, get_alert, list_alerts, triage, Alert, AlertChanges, AlertFilter, Evidence,
    Summary,
};
pub use engine::{run_scan_once, run_scan_with_progress, ScanProgress, ScanSummary};
pub use error::ScanError;
pub use options::{Focus, ScanOptions};
