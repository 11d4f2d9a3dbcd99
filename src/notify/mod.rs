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
//!
//! A target with a `watchlist` sends only what touches that watcher's watched entities and
//! regions (`crate::watch`), and also the new tips naming them: an ingest of tips queues its
//! load run ([`Notifier::tips_loaded`]), whose new tips [`deliver_tips`] sends.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use neo4rs::{query, Graph};
use tokio::sync::mpsc;

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::metrics::NotifyFailure;
use crate::scan::alerts::Summary;
use crate::scan::patterns::{self, Pattern};

pub mod message;
pub mod target;

pub use message::{NewTip, OpenedAlert};
pub use target::{Target, TargetKind};

use message::Titles;
use target::Filtered;

use crate::domain::Role;
use crate::watch::Watched;

/// What the queue carries: a finished scan (its alerts) or a load run that wrote tips.
#[derive(Debug, Clone)]
enum Job {
    /// The scan's id.
    Scan(String),
    /// The load run's id.
    Tips(String),
}

/// One message to a target.
#[derive(Debug, Clone, Copy)]
enum Message<'a> {
    /// An alert a scan opened, its pattern's titles and the scan.
    Alert(&'a OpenedAlert, &'a Titles, &'a str),
    /// A new tip naming watched items, and the watchlist.
    Tip(&'a NewTip, &'a str),
}

impl Message<'_> {
    fn id(&self) -> &str {
        match self {
            Message::Alert(alert, ..) => &alert.id,
            Message::Tip(tip, _) => &tip.id,
        }
    }

    fn webhook(&self, role: Role) -> serde_json::Value {
        match *self {
            Message::Alert(alert, titles, scan) => message::webhook_body(alert, titles, role, scan),
            Message::Tip(tip, watchlist) => message::tip_webhook_body(tip, role, watchlist),
        }
    }

    fn dingtalk(&self, role: Role) -> serde_json::Value {
        match *self {
            Message::Alert(alert, titles, _) => message::dingtalk_body(alert, titles, role),
            Message::Tip(tip, _) => message::tip_dingtalk_body(tip, role),
        }
    }
}

/// Scans whose notifications may wait at once; a scan finding the queue full drops its
/// notifications (counted as failures) rather than wait.
const QUEUE: usize = 256;

/// Counters for `/metrics`, per notifier (failures by target and kind are on the process's
/// recorder too: `crate::metrics::NOTIFY_FAILURES_TOTAL`).
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
    queue: Option<mpsc::Sender<Job>>,
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
        let (sender, mut receiver) = mpsc::channel::<Job>(QUEUE);
        let metrics = Arc::new(NotifyMetrics::default());
        let counters = metrics.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let names = crate::tips::MatcherCache::default();
            while let Some(job) = receiver.recv().await {
                let done = match &job {
                    Job::Scan(scan) => {
                        deliver_pass(&graph, &client, &targets, scan, &counters).await
                    }
                    Job::Tips(run) => {
                        deliver_tips(&graph, &client, &targets, run, &names, &counters).await
                    }
                };
                match done {
                    Ok(report) => tracing::debug!(?job, ?report, "notifications delivered"),
                    Err(error) => {
                        tracing::warn!(%error, ?job, "notifications: could not read what to send; none sent");
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
        self.queue_job(Job::Scan(scan.to_string()));
    }

    /// Queues the notifications of the new tips load run `run` wrote (for the targets with
    /// a `watchlist`). Never waits, as [`Notifier::scan_done`].
    pub fn tips_loaded(&self, run: &str) {
        self.queue_job(Job::Tips(run.to_string()));
    }

    fn queue_job(&self, job: Job) {
        let Some(queue) = &self.queue else { return };
        self.metrics.queued.fetch_add(1, Ordering::SeqCst);
        if let Err(error) = queue.try_send(job) {
            self.metrics.queued.fetch_sub(1, Ordering::SeqCst);
            self.metrics.failed.fetch_add(1, Ordering::SeqCst);
            crate::metrics::record_notify_failure("*", NotifyFailure::QueueFull);
            tracing::warn!(%error, "notifications dropped: the queue is full or closed");
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
            evidence_ids: crate::watch::evidence_ids(
                row.get::<Option<String>>("evidence")
                    .ok()
                    .flatten()
                    .as_deref(),
            ),
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
        let Some(watched) = watched_or_skip(graph, target, metrics).await else {
            report.failed += 1;
            continue;
        };
        let (target, alerts, client, metrics) = (
            target.clone(),
            alerts.clone(),
            client.clone(),
            metrics.clone(),
        );
        let scan = scan.to_string();
        deliveries.spawn(async move {
            let alerts: Vec<&(OpenedAlert, Titles)> = alerts
                .iter()
                .filter(|(alert, _)| watched.as_ref().is_none_or(|w| touches(w, alert)))
                .collect();
            deliver_to(&client, &target, &alerts, &scan, &metrics).await
        });
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
    alerts: &[&(OpenedAlert, Titles)],
    scan: &str,
    metrics: &NotifyMetrics,
) -> (usize, usize) {
    let (mut sent, mut failed) = (0, 0);
    for (alert, titles) in alerts.iter().copied() {
        let wanted = target.wants(Filtered {
            pattern: alert.pattern,
            severity: alert.severity,
            scope_orgs: &alert.scope_orgs,
        });
        if !wanted {
            continue;
        }
        match send_with_retries(client, target, Message::Alert(alert, titles, scan)).await {
            Ok(()) => {
                sent += 1;
                metrics.sent.fetch_add(1, Ordering::SeqCst);
            }
            Err(reason) => {
                failed += 1;
                metrics.failed.fetch_add(1, Ordering::SeqCst);
                crate::metrics::record_notify_failure(&target.name, NotifyFailure::Delivery);
                tracing::warn!(target = %target.name, alert = %alert.id, %reason, "notification failed after its retries");
            }
        }
    }
    (sent, failed)
}

/// The watchlist of a target with a `watchlist` filter (`None`: no such filter).
async fn watched_of(graph: &Graph, target: &Target) -> Result<Option<Watched>, DbError> {
    match &target.watchlist {
        Some(watcher) => Ok(Some(Watched::load(graph, watcher).await?)),
        None => Ok(None),
    }
}

/// [`watched_of`], or `None` (logged and counted as a failure) when the watchlist could not
/// be read: that target is skipped this time, the others are served.
async fn watched_or_skip(
    graph: &Graph,
    target: &Target,
    metrics: &NotifyMetrics,
) -> Option<Option<Watched>> {
    match watched_of(graph, target).await {
        Ok(watched) => Some(watched),
        Err(error) => {
            metrics.failed.fetch_add(1, Ordering::SeqCst);
            crate::metrics::record_notify_failure(&target.name, NotifyFailure::Watchlist);
            tracing::warn!(target = %target.name, %error, "notifications: the watchlist could not be read; nothing sent to this target");
            None
        }
    }
}

/// Whether an opened alert touches the watchlist (its subjects, its evidence, its region).
fn touches(watched: &Watched, alert: &OpenedAlert) -> bool {
    let entities: Vec<String> = alert
        .subjects
        .iter()
        .chain(&alert.evidence_ids)
        .cloned()
        .collect();
    !watched
        .touched(&entities, &alert.scope_orgs, i64::MAX)
        .is_empty()
}

/// One load run's delivery of new tips: each tip it wrote first that names an entity (or
/// lies in a region) a target's watchlist watches goes to that target, one after the other
/// (tips are few); targets without a `watchlist` get no tips.
pub async fn deliver_tips(
    graph: &Graph,
    client: &reqwest::Client,
    targets: &[Target],
    run: &str,
    names: &crate::tips::MatcherCache,
    metrics: &Arc<NotifyMetrics>,
) -> Result<PassReport, DbError> {
    let mut report = PassReport::default();
    if targets.iter().all(|t| t.watchlist.is_none()) {
        return Ok(report);
    }
    let tips = crate::watch::new_tips_of_run(graph, names, run).await?;
    report.opened = tips.len();
    for target in targets {
        let Some(watcher) = &target.watchlist else {
            continue;
        };
        let Some(Some(watched)) = watched_or_skip(graph, target, metrics).await else {
            report.failed += 1;
            continue;
        };
        for (tip, named, orgs) in &tips {
            let touched = watched.touched(named, orgs, i64::MAX);
            if touched.is_empty() {
                continue;
            }
            let tip = NewTip {
                watched: touched,
                ..tip.clone()
            };
            match send_with_retries(client, target, Message::Tip(&tip, watcher)).await {
                Ok(()) => {
                    report.sent += 1;
                    metrics.sent.fetch_add(1, Ordering::SeqCst);
                }
                Err(reason) => {
                    report.failed += 1;
                    metrics.failed.fetch_add(1, Ordering::SeqCst);
                    crate::metrics::record_notify_failure(&target.name, NotifyFailure::Delivery);
                    tracing::warn!(target = %target.name, tip = %tip.id, %reason, "notification failed after its retries");
                }
            }
        }
    }
    Ok(report)
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
    message: Message<'_>,
) -> Result<(), String> {
    let mut wait = target.backoff;
    let mut attempt = 0;
    loop {
        match send_once(client, target, message).await {
            Ok(()) => return Ok(()),
            Err(reason) if attempt >= target.retries => return Err(reason),
            Err(reason) => {
                tracing::warn!(target = %target.name, item = message.id(), attempt = attempt + 1, %reason, "notification attempt failed; retrying");
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
    message: Message<'_>,
) -> Result<(), String> {
    let (url, body) = match target.kind {
        TargetKind::Webhook => (target.url.to_string(), message.webhook(target.role)),
        TargetKind::Dingtalk => {
            let url = match &target.secret {
                Some(secret) => message::dingtalk_url(
                    &target.url,
                    chrono::Utc::now().timestamp_millis(),
                    secret.expose(),
                ),
                None => target.url.to_string(),
            };
            (url, message.dingtalk(target.role))
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
