//! What a token may do. viewer: reads, with personal identifiers masked; investigator:
//! unmasked, and triage; admin: also ingest, scans, tokens and the audit log.

use serde::{Deserialize, Serialize};

/// What a token may do (ordered: each role may do what the ones before it may).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads alerts, graph and portraits; identifiers masked.
    Viewer,
    /// Reads unmasked; triages alerts.
    Investigator,
    /// Also ingests data, runs scans, manages tokens, reads the audit log.
    Admin,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Investigator, Role::Admin];

    /// The lower-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Investigator => "investigator",
            Role::Admin => "admin",
        }
    }

    /// From the lower-case word.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
