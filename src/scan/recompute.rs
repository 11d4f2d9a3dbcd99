//! The recompute after a correction of the graph (a retraction, an undone load run): what
//! derives from the primitive facts must follow them at once, so a whole scan runs through
//! the scan lock like any other (recorded as a scan run with its trigger and who asked),
//! which derives kin and ownership again and retires the alerts that no longer hold (the
//! retired-alert rule), and then the region scopes are derived again (due after any
//! structural change, see [`crate::scope`]). A scan that holds the lock is waited for.

use std::time::{Duration, Instant};

use super::runs::{start_scan, ScanRequest, Scanner, StartError, Trigger};
use super::{ScanOptions, ScanSummary};
use crate::db::DbError;

/// How often a correction retries a scan lock that another scan holds.
const RETRY_EVERY: Duration = Duration::from_secs(2);

/// Why the recompute did not finish. The correction itself stands; the next scan finishes
/// the job.
#[derive(Debug, thiserror::Error)]
pub enum RecomputeError {
    /// The scan could not start (the lock stayed busy for the whole wait, or Neo4j).
    #[error("the scan could not start: {0}")]
    Start(StartError),
    /// The scan's task was lost (a panic).
    #[error("the scan task was lost: {0}")]
    Lost(String),
    /// The scan ran and failed.
    #[error("scan {run} failed: {reason}")]
    Scan {
        /// The scan run.
        run: String,
        /// Why.
        reason: String,
    },
    /// The region-scope pass failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Runs a whole scan with `options` as `by` (`trigger` says what asked), waiting up to
/// `wait` for a scan that holds the lock, then derives the region scopes. Returns the
/// scan's summary.
pub async fn recompute_after_correction(
    scanner: &Scanner,
    trigger: Trigger,
    by: &str,
    options: ScanOptions,
    wait: Duration,
) -> Result<ScanSummary, RecomputeError> {
    let waited = Instant::now();
    let started = loop {
        let request = ScanRequest::with_options(trigger, by, options.clone());
        match start_scan(scanner, request).await {
            Ok(started) => break started,
            Err(StartError::Busy { .. }) if waited.elapsed() < wait => {
                tokio::time::sleep(RETRY_EVERY).await;
            }
            Err(error) => return Err(RecomputeError::Start(error)),
        }
    };
    let outcome = started
        .handle
        .await
        .map_err(|join| RecomputeError::Lost(join.to_string()))?;
    let summary = outcome.result.map_err(|reason| RecomputeError::Scan {
        run: outcome.id.clone(),
        reason,
    })?;
    crate::scope::derive(&scanner.graph).await?;
    Ok(summary)
}
