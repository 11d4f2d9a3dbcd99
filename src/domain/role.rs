//! What a token may do. viewer: reads, with personal identifiers masked; investigator:
//! unmasked, and triage; admin: also ingest, scans, tokens and the audit log.

crate::word_enum! {
    /// What a token may do (ordered: each role may do what the ones before it may).
    #[derive(clap::ValueEnum)]
    pub enum Role {
        /// Reads alerts, graph and portraits; identifiers masked.
        Viewer = "viewer",
        /// Reads unmasked; triages alerts.
        Investigator = "investigator",
        /// Also ingests data, runs scans, manages tokens, reads the audit log.
        Admin = "admin",
    }
}

impl Role {
    /// Whether the role may look people and companies up by an identifier (ID number, phone,
    /// credit code). A viewer may not: a hit would confirm an identifier that masking hides
    /// (need-to-know), so such a search finds nothing for him.
    pub fn may_search_identifiers(self) -> bool {
        self >= Role::Investigator
    }
}
