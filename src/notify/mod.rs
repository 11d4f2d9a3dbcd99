//! Notifications (`[[notify]]` targets): after each scan, and so after each ingest's
//! follow-up scan, the alerts that scan opened (raised for the first time, or brought back
//! to `new`) go to every target whose filter wants them, once per alert and target: an
//! alert that stays open is not opened again by the next scan, so it is not sent again.
//!
//! A scan never waits for a receiver: at its end it only puts its scan id on a bounded
//! queue ([`Notifier::scan_done`], which drops and counts when the queue is full). A
//! background task drains the queue: [`deliver_pass`] is one scan's delivery (testable on
//! its own), [`Notifier::start`] the thin loop around it. Each message is retried with
//! exponential backoff; failures are counted on `/metrics` and logged with the target's name
//! (never its URL or secret). Undelivered messages are not kept across restarts.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use neo4rs::{query, Graph};
use tokio::sync::mpsc;

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::scan::alerts::Summary;
use crate::scan::patterns::{self, Pattern};

pub mod message;
pub mod target;

pub use message::OpenedAlert;
pub use target::{Target, TargetKind};

use message::Titles;
use target::Filtered;

/// Scans whose notifications may wait at once; a scan finding the queue full drops its
/// notifications (counted as failures) rather than wait.
const QUEUE: usize = 256;

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct NotifyMetrics {
    sent: AtomicU64,
    failed: AtomicU64,
    queued: AtomicU64,
}

impl NotifyMetrics {
    /// Messages delivered.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
    /// Messages given up on (after every retry) and scans dropped on a full queue.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::SeqCst)
    }
    /// Scans whose notifications are queued or being delivered.
    pub fn queued(&self) -> u64 {
        self.queued.load(Ordering::SeqCst)
    }

    /// The counters in Prometheus' text format.
    pub fn render(&self) -> String {
        format!(
            "# HELP guanxi_notify_sent_total Notifications delivered.\n# TYPE guanxi_notify_sent_total counter\nguanxi_notify_sent_total {}\n\
             # HELP guanxi_notify_failed_total Notifications given up on after their retries, or dropped on a full queue.\n# TYPE guanxi_notify_failed_total counter\nguanxi_notify_failed_total {}\n\
             # HELP guanxi_notify_queue_depth Scans whose notifications wait or are being delivered.\n# TYPE guanxi_notify_queue_depth gauge\nguanxi_notify_queue_depth {}\n",
            self.sent(),
            self.failed(),
            self.queued()
        )
    }
}

/// The handle scans put their ids on. Cheap to clone; [`Notifier::disabled`] (the default)
/// does nothing.
#[derive(Clone, Default)]
pub struct Notifier {
    queue: Option<mpsc::Sender<String>>,
    metrics: Arc<NotifyMetrics>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("enabled", &self.queue.is_some())
            .finish()
    }
}

/// What one delivery pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassReport {
    /// Alerts the scan opened.
    pub opened: usize,
    /// Messages delivered.
    pub sent: usize,
    /// Messages given up on.
    pub failed: usize,
}

impl Notifier {
    /// A notifier that sends nothing.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Starts the background delivery task for `targets` (disabled when there are none).
    /// Needs a Tokio runtime.
    pub fn start(graph: Graph, targets: Vec<Target>) -> Self {
        if targets.is_empty() {
            return Self::disabled();
        }
        let (sender, mut receiver) = mpsc::channel::<String>(QUEUE);
        let metrics = Arc::new(NotifyMetrics::default());
        let counters = metrics.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            while let Some(scan) = receiver.recv().await {
                match deliver_pass(&graph, &client, &targets, &scan, &counters).await {
                    Ok(report) => tracing::debug!(scan, ?report, "notifications delivered"),
                    Err(error) => {
                        tracing::warn!(%error, scan, "notifications: could not read the scan's alerts; none sent");
                        counters.failed.fetch_add(1, Ordering::SeqCst);
                    }
                }
                counters.queued.fetch_sub(1, Ordering::SeqCst);
            }
        });
        Self {
            queue: Some(sender),
            metrics,
        }
    }

    /// Whether any target is configured.
    pub fn enabled(&self) -> bool {
        self.queue.is_some()
    }

    /// The counters.
    pub fn metrics(&self) -> &NotifyMetrics {
        &self.metrics
    }

    /// Queues the notifications of the finished scan `scan` (its `last_scan` id). Never
    /// waits: a full queue drops them, with a warning and a failure counted.
    pub fn scan_done(&self, scan: &str) {
        let Some(queue) = &self.queue else { return };
        self.metrics.queued.fetch_add(1, Ordering::SeqCst);
        if let Err(error) = queue.try_send(scan.to_string()) {
            self.metrics.queued.fetch_sub(1, Ordering::SeqCst);
            self.metrics.failed.fetch_add(1, Ordering::SeqCst);
            tracing::warn!(scan, %error, "notifications dropped: the queue is full or closed");
        }
    }

    /// Waits until every queued scan's notifications are delivered or given up on, at most
    /// `timeout`; `true` when the queue is empty.
    pub async fn drain(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.metrics.queued() > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        true
    }
}

/// The alerts `scan` opened, with the orgs whose scope sees them.
pub async fn opened_alerts(graph: &Graph, scan: &str) -> Result<Vec<OpenedAlert>, DbError> {
    let origin = cypher::NOTIFY_OPENED.path;
    let mut rows = graph
        .execute(query(cypher::NOTIFY_OPENED.text).param("scan", scan))
        .await
        .origin(origin)?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let text = |k: &str| {
            row.get::<Option<String>>(k)
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let (Some(pattern), Some(severity), Some(status)) = (
            crate::domain::PatternId::parse(&text("pattern")),
            crate::domain::Severity::parse(&text("severity")),
            crate::domain::AlertStatus::parse(&text("status")),
        ) else {
            // Written by an older or newer guanxi: skipped rather than sent half-understood.
            tracing::warn!(
                alert = text("id"),
                "notifications: alert with an unknown pattern, severity or status skipped"
            );
            continue;
        };
        alerts.push(OpenedAlert {
            id: text("id"),
            pattern,
            severity,
            subjects: row.get("subjects").unwrap_or_default(),
            summary: Summary {
                zh: text("summary_zh"),
                en: text("summary_en"),
            },
            status,
            first_seen: text("first_seen"),
            last_seen: text("last_seen"),
            created: row.get("created").unwrap_or(false),
            scope_orgs: row.get("scope_orgs").unwrap_or_default(),
        });
    }
    Ok(alerts)
}

/// One scan's delivery: every alert it opened to every target that wants it, each message
/// retried with backoff. Targets are served side by side, so a receiver that hangs delays
/// only its own messages. Counts on `metrics` as it goes.
pub async fn deliver_pass(
    graph: &Graph,
    client: &reqwest::Client,
    targets: &[Target],
    scan: &str,
    metrics: &Arc<NotifyMetrics>,
) -> Result<PassReport, DbError> {
    let alerts = opened_alerts(graph, scan).await?;
    let library = patterns::all_patterns().unwrap_or_default();
    let alerts: Arc<Vec<(OpenedAlert, Titles)>> = Arc::new(
        alerts
            .into_iter()
            .map(|alert| {
                let titles = titles_of(&library, &alert);
                (alert, titles)
            })
            .collect(),
    );
    let mut report = PassReport {
        opened: alerts.len(),
        ..PassReport::default()
    };
    let mut deliveries = tokio::task::JoinSet::new();
    for target in targets {
        let (target, alerts, client, metrics) = (
            target.clone(),
            alerts.clone(),
            client.clone(),
            metrics.clone(),
        );
        let scan = scan.to_string();
        deliveries
            .spawn(async move { deliver_to(&client, &target, &alerts, &scan, &metrics).await });
    }
    while let Some(done) = deliveries.join_next().await {
        match done {
            Ok((sent, failed)) => {
                report.sent += sent;
                report.failed += failed;
            }
            Err(error) => tracing::error!(%error, scan, "notifications: a delivery task failed"),
        }
    }
    Ok(report)
}

/// The alerts `target` wants, one after the other; returns how many were sent and failed.
async fn deliver_to(
    client: &reqwest::Client,
    target: &Target,
    alerts: &[(OpenedAlert, Titles)],
    scan: &str,
    metrics: &NotifyMetrics,
) -> (usize, usize) {
    let (mut sent, mut failed) = (0, 0);
    for (alert, titles) in alerts {
        let wanted = target.wants(Filtered {
            pattern: alert.pattern,
            severity: alert.severity,
            scope_orgs: &alert.scope_orgs,
        });
        if !wanted {
            continue;
        }
        match send_with_retries(client, target, alert, titles, scan).await {
            Ok(()) => {
                sent += 1;
                metrics.sent.fetch_add(1, Ordering::SeqCst);
            }
            Err(reason) => {
                failed += 1;
                metrics.failed.fetch_add(1, Ordering::SeqCst);
                tracing::warn!(target = %target.name, alert = %alert.id, %reason, "notification failed after its retries");
            }
        }
    }
    (sent, failed)
}

fn titles_of(library: &[Pattern], alert: &OpenedAlert) -> Titles {
    match library.iter().find(|p| p.id == alert.pattern) {
        Some(p) => Titles {
            zh: p.title_zh.clone(),
            en: p.title_en.clone(),
        },
        None => Titles {
            zh: alert.pattern.to_string(),
            en: alert.pattern.to_string(),
        },
    }
}

/// Sends one message, retrying after `backoff`, `2 × backoff`, ... up to `retries` times.
async fn send_with_retries(
    client: &reqwest::Client,
    target: &Target,
    alert: &OpenedAlert,
    titles: &Titles,
    scan: &str,
) -> Result<(), String> {
    let mut wait = target.backoff;
    let mut attempt = 0;
    loop {
        match send_once(client, target, alert, titles, scan).await {
            Ok(()) => return Ok(()),
            Err(reason) if attempt >= target.retries => return Err(reason),
            Err(reason) => {
                tracing::warn!(target = %target.name, alert = %alert.id, attempt = attempt + 1, %reason, "notification attempt failed; retrying");
                tokio::time::sleep(wait).await;
                wait = wait.saturating_mul(2);
                attempt += 1;
            }
        }
    }
}

/// One attempt. A reason never holds the URL (it may carry an access token).
async fn send_once(
    client: &reqwest::Client,
    target: &Target,
    alert: &OpenedAlert,
    titles: &Titles,
    scan: &str,
) -> Result<(), String> {
    let (url, body) = match target.kind {
        TargetKind::Webhook => (
            target.url.to_string(),
            message::webhook_body(alert, titles, target.role, scan),
        ),
        TargetKind::Dingtalk => {
            let url = match &target.secret {
                Some(secret) => message::dingtalk_url(
                    &target.url,
                    chrono::Utc::now().timestamp_millis(),
                    secret.expose(),
                ),
                None => target.url.to_string(),
            };
            (url, message::dingtalk_body(alert, titles, target.role))
        }
    };
    let response = client
        .post(url)
        .timeout(target.timeout)
        .json(&body)
        .send()
        .await
        .map_err(describe)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the receiver answered {status}"));
    }
    if target.kind == TargetKind::Dingtalk {
        // DingTalk answers 200 with `errcode` ≠ 0 for a refused message (bad signature, rate
        // limit, keyword missing).
        let answer: serde_json::Value = response.json().await.unwrap_or_default();
        if let Some(code) = answer["errcode"].as_i64().filter(|c| *c != 0) {
            return Err(format!(
                "DingTalk refused the message: errcode {code} ({})",
                answer["errmsg"].as_str().unwrap_or("")
            ));
        }
    }
    Ok(())
}

/// A transport error in words, without its URL (it may carry an access token).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
