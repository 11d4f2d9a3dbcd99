//! A short-lived cache of `GET /api/alerts` pages.
//!
//! The inbox is read far more often than alerts change (a scan, an ingest, a triage), and
//! every investigator opening it asks for the same first page; sorting every alert for each
//! of those reads is most of what the route costs Neo4j. A page is kept until this process
//! writes anything that can change alert lists (noted on the [`AlertChanges`] handle that the
//! service passes to its scans, ingests and triage) or
//! until `api.alerts_cache_ms` has passed, which bounds how long a change made through
//! another replica on the same database takes to show.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::scan::AlertChanges;

/// Most pages kept at once (filters and page numbers make the keys).
const MAX_ENTRIES: usize = 512;

/// Cached alert list pages, as the JSON bodies sent.
#[derive(Debug)]
pub struct AlertListCache {
    ttl: Duration,
    changes: AlertChanges,
    entries: Mutex<HashMap<String, Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Debug)]
struct Entry {
    /// [`AlertChanges::count`] read before the page was queried.
    changes: u64,
    at: Instant,
    body: Bytes,
}

impl AlertListCache {
    /// A cache whose pages live at most `ttl` (zero: nothing is cached) and until a write is
    /// noted on `changes`.
    pub fn new(ttl: Duration, changes: AlertChanges) -> Self {
        Self {
            ttl,
            changes,
            entries: Mutex::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The page cached for `key`, if this process has written nothing that can change it
    /// since and it is younger than the time to live.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let changes = self.changes.count();
        let entries = self.entries.lock().ok()?;
        let found = entries
            .get(key)
            .filter(|e| e.changes == changes && e.at.elapsed() < self.ttl)
            .map(|e| e.body.clone());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Hits and misses in the Prometheus text format, for `/metrics`.
    pub fn render_metrics(&self) -> String {
        format!(
            "# HELP guanxi_alert_page_cache_hits_total GET /api/alerts pages served from memory.\n\
             # TYPE guanxi_alert_page_cache_hits_total counter\n\
             guanxi_alert_page_cache_hits_total {}\n\
             # HELP guanxi_alert_page_cache_misses_total GET /api/alerts pages read from Neo4j (cache on).\n\
             # TYPE guanxi_alert_page_cache_misses_total counter\n\
             guanxi_alert_page_cache_misses_total {}\n",
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed)
        )
    }

    /// The count of noted writes, to read before querying a page that is then [`put`](Self::put).
    pub fn changes(&self) -> u64 {
        self.changes.count()
    }

    /// Keeps `body` for `key`. `changes` must be read before the page was queried, so that
    /// a write that lands while the query runs makes the page stale at once.
    pub fn put(&self, key: String, changes: u64, body: Bytes) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES {
            let current = self.changes.count();
            entries.retain(|_, e| e.changes == current && e.at.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                changes,
                at: Instant::now(),
                body,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_until_a_change_or_its_time_to_live() {
        let changes = AlertChanges::default();
        let cache = AlertListCache::new(Duration::from_millis(200), changes.clone());
        let before = cache.changes();
        cache.put("page 1".into(), before, Bytes::from_static(b"[1]"));
        assert_eq!(cache.get("page 1"), Some(Bytes::from_static(b"[1]")));
        assert_eq!(cache.get("page 2"), None);
        changes.note();
        assert_eq!(cache.get("page 1"), None, "a change makes every page stale");
        cache.put("page 1".into(), cache.changes(), Bytes::from_static(b"[2]"));
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cache.get("page 1"), None, "older than its time to live");
        let metrics = cache.render_metrics();
        assert!(
            metrics.contains("guanxi_alert_page_cache_hits_total 1\n"),
            "{metrics}"
        );
        assert!(
            metrics.contains("guanxi_alert_page_cache_misses_total 3\n"),
            "{metrics}"
        );
    }

    #[test]
    fn a_zero_time_to_live_caches_nothing() {
        let cache = AlertListCache::new(Duration::ZERO, AlertChanges::default());
        cache.put("k".into(), cache.changes(), Bytes::from_static(b"x"));
        assert_eq!(cache.get("k"), None);
    }
}
