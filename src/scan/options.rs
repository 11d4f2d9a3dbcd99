//! What a scan is asked to do: which patterns, from which day, with which parameter
//! overrides, whether focused on some entities. [`ScanOptions::from_settings`] is the one
//! place a request (command line, API, schedule, ingest) and the configuration's
//! `[patterns.<id>]` tables become options; unknown pattern ids are refused there, before
//! any lock is taken.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::alerts::AlertChanges;
use super::error::ScanError;
use super::patterns::{self, ParamValue};
use crate::settings::Settings;

/// What to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Pattern ids to run; empty runs all.
    pub patterns: Vec<String>,
    /// The day the scan looks from ("unbooked for more than 30 days" counts to this day).
    pub as_of: NaiveDate,
    /// Parameter overrides per pattern id (from the configuration).
    pub overrides: BTreeMap<String, BTreeMap<String, ParamValue>>,
    /// Restricts the scan to some entities (the follow-up scan of an ingest); `None` scans
    /// the whole graph.
    pub focus: Option<Focus>,
    /// Noted at each alert write, so that caches of alert lists (the service's) notice.
    pub changes: AlertChanges,
}

/// A focused scan: only the findings about some entities are looked for and stored, so
/// alerts about anything else are left as they are (not even their `last_seen` moves). The
/// alerts naming these ids that the scan proves no longer hold are retired.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// Entity ids (the ingested rows' ids, or the ids a relationship row ties together).
    /// Only the findings whose subjects, evidence nodes or kinship chains name one of these
    /// ids are stored.
    pub ids: Vec<String>,
    /// Run the focused variants of `cypher/patterns/focused/` (with the ids as `$focus`)
    /// where a pattern has one; the others run whole. Only when the ids include those the
    /// variants start from (payments, contracts): for other ids a variant finds nothing.
    pub variants: bool,
    /// Derive kinship first. Needed only when the rows can change who is whose kin (people,
    /// kinship ties, positions); otherwise the stored `KIN` relationships are current.
    pub derive_kinship: bool,
    /// Derive holdings through companies and supplier groups first. Needed only when the
    /// rows can change who owns or controls a company (company roles, companies).
    pub derive_ownership: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            patterns: Vec::new(),
            as_of: chrono::Local::now().date_naive(),
            overrides: BTreeMap::new(),
            focus: None,
            changes: AlertChanges::default(),
        }
    }
}

impl ScanOptions {
    /// Options for `patterns` (empty: all) as of `as_of` (default today), with the
    /// configuration's parameter overrides. An unknown pattern id or an override that is
    /// neither a number nor text is refused.
    pub fn from_settings(
        settings: &Settings,
        patterns: Vec<String>,
        as_of: Option<NaiveDate>,
    ) -> Result<Self, ScanError> {
        let mut options = ScanOptions {
            patterns,
            ..ScanOptions::default()
        };
        if let Some(day) = as_of {
            options.as_of = day;
        }
        for (id, params) in &settings.patterns {
            let mut values = BTreeMap::new();
            for (name, value) in params {
                let value =
                    ParamValue::from_toml(value).ok_or_else(|| ScanError::BadParameterValue {
                        pattern: id.clone(),
                        name: name.clone(),
                    })?;
                values.insert(name.clone(), value);
            }
            options.overrides.insert(id.clone(), values);
        }
        let library = patterns::all_patterns()?;
        if let Some(unknown) = options
            .patterns
            .iter()
            .find(|id| !library.iter().any(|p| p.id.as_str() == id.as_str()))
        {
            return Err(ScanError::UnknownPattern(
                unknown.clone(),
                patterns::known_ids(&library),
            ));
        }
        Ok(options)
    }

    /// How many patterns this scan runs.
    pub fn patterns_total(&self) -> usize {
        if self.patterns.is_empty() {
            crate::domain::PatternId::ALL.len()
        } else {
            self.patterns.len()
        }
    }
}
