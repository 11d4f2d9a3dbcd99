//! `ScanError`: what can go wrong in a scan, a triage or a scan's configuration. Neo4j's own
//! failures arrive as [`DbError`] with the query file that failed.

use crate::db::DbError;
use crate::domain::AlertStatus;
use crate::scan::patterns::PatternError;

/// Errors of the scan boundary.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// Neo4j failed or could not be reached (the error names the query file).
    #[error(transparent)]
    Db(#[from] DbError),
    /// A background part of the scan stopped unexpectedly (a panic in a worker).
    #[error("{0}")]
    Internal(String),
    /// A pattern's query failed.
    #[error("pattern {pattern} failed: {source}")]
    Pattern {
        /// The pattern id.
        pattern: String,
        /// The driver's error.
        source: neo4rs::Error,
    },
    /// A pattern file is broken (caught by tests).
    #[error(transparent)]
    PatternFile(#[from] PatternError),
    /// `--pattern` named no known pattern.
    #[error("no pattern {0:?} (known: {1})")]
    UnknownPattern(String, String),
    /// The configuration sets a parameter the pattern does not have.
    #[error(
        "[patterns.{pattern}] sets {name}, which is not a parameter of {pattern} (it has: {known})"
    )]
    UnknownParameter {
        /// The pattern id.
        pattern: String,
        /// The unknown name.
        name: String,
        /// Its parameters.
        known: String,
    },
    /// The configuration gives a parameter a value that is neither a number nor text.
    #[error("[patterns.{pattern}] {name}: expected a number or text")]
    BadParameterValue {
        /// The pattern id.
        pattern: String,
        /// The parameter.
        name: String,
    },
    /// No alert with this id.
    #[error("no alert {0}")]
    UnknownAlert(String),
    /// A retired alert cannot be triaged: its finding no longer holds in the data.
    #[error("alert {0} is retired: its finding no longer holds in the data; a scan brings it back as new if it holds again")]
    RetiredAlert(String),
    /// A status change that is not allowed.
    #[error("alert {id} is {from}; it cannot become {to}")]
    BadTransition {
        /// The alert.
        id: String,
        /// Its status.
        from: AlertStatus,
        /// The requested one.
        to: AlertStatus,
    },
}
impl ScanError {
    /// What a scan run's record says about the failure: the message itself when the request
    /// caused it (an unknown pattern or parameter), a plain sentence when Neo4j or the service
    /// did, whose details (queries, server messages) stay in the service log under the run's id.
    pub fn public_message(&self) -> String {
        match self {
            ScanError::Db(_) | ScanError::Pattern { .. } => {
                "Neo4j failed during the scan; the details are in the service log".to_string()
            }
            ScanError::Internal(_) | ScanError::PatternFile(_) => {
                "the scan failed inside guanxi; the details are in the service log".to_string()
            }
            other => other.to_string(),
        }
    }
}
