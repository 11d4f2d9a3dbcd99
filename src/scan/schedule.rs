//! Scheduled scans: at each occurrence of `scan.schedule` (cron, local time) every pattern
//! runs through [`start_scan`]. [`scheduled_pass`] is one occurrence (testable on its own);
//! [`run_scheduler`] is the thin loop around it. Every replica runs the loop; an
//! occurrence's run id is the same on all of them, so it runs once.

use chrono::{DateTime, TimeZone};

use super::error::ScanError;
use super::runs::{start_scan, ScanOutcome, ScanRequest, Scanner, StartError, Trigger};
use crate::settings::SettingsError;

/// What one scheduled pass did.
#[derive(Debug)]
pub enum PassOutcome {
    /// This replica scanned.
    Ran(ScanOutcome),
    /// Another scan was running; this occurrence is left to it.
    Busy {
        /// The running scan.
        holder: Option<String>,
    },
    /// Another replica already scanned this occurrence.
    AlreadyRan(String),
}

/// The run id of a scheduled occurrence: the same on every replica, so it runs once.
pub fn scheduled_id<Tz: TimeZone>(occurrence: &DateTime<Tz>) -> String {
    format!(
        "schedule-{}",
        occurrence
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%SZ")
    )
}

/// One scheduled pass for `occurrence`: [`start_scan`] with every pattern, then wait for it.
pub async fn scheduled_pass<Tz: TimeZone>(
    scanner: &Scanner,
    occurrence: &DateTime<Tz>,
) -> Result<PassOutcome, ScanError> {
    let mut request = ScanRequest::new(
        &scanner.settings,
        Trigger::Schedule,
        "schedule",
        Vec::new(),
        None,
    )?;
    request.id = scheduled_id(occurrence);
    match start_scan(scanner, request).await {
        Ok(started) => {
            let outcome = started
                .handle
                .await
                .map_err(|e| ScanError::Internal(format!("scan task failed: {e}")))?;
            Ok(PassOutcome::Ran(outcome))
        }
        Err(StartError::Busy { holder, .. }) => Ok(PassOutcome::Busy { holder }),
        Err(StartError::AlreadyRan(id)) => Ok(PassOutcome::AlreadyRan(id)),
        Err(StartError::Db(e)) => Err(e.into()),
    }
}

/// Scans at every occurrence of `scan.schedule` (local time) until the process ends; returns
/// at once when the schedule is empty, with an error when it is not a cron expression.
pub async fn run_scheduler(scanner: Scanner) -> Result<(), SettingsError> {
    let Some(cron) = scanner.settings.scan.cron()? else {
        tracing::info!("scan.schedule is empty: no scheduled scans");
        return Ok(());
    };
    tracing::info!(schedule = %scanner.settings.scan.schedule, "scheduled scans on");
    loop {
        let now = chrono::Local::now();
        let next = match cron.find_next_occurrence(&now, false) {
            Ok(next) => next,
            Err(error) => {
                tracing::error!(%error, "scan.schedule has no next occurrence; scheduled scans stop");
                return Ok(());
            }
        };
        let wait = (next - now).to_std().unwrap_or_default();
        tokio::time::sleep(wait).await;
        match scheduled_pass(&scanner, &next).await {
            Ok(PassOutcome::Ran(ScanOutcome { id, result: Ok(s) })) => {
                tracing::info!(run = %id, alerts = s.alerts, kin = s.kin, seconds = s.seconds, "scheduled scan done")
            }
            Ok(PassOutcome::Ran(ScanOutcome { id, result: Err(e) })) => {
                tracing::error!(run = %id, error = %e, "scheduled scan failed")
            }
            Ok(PassOutcome::Busy { holder }) => {
                tracing::info!(holder = ?holder, "scheduled scan skipped: a scan is running")
            }
            Ok(PassOutcome::AlreadyRan(id)) => {
                tracing::info!(run = %id, "scheduled scan already run by another replica")
            }
            Err(error) => tracing::error!(%error, "scheduled scan could not start"),
        }
    }
}
