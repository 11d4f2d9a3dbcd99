// Alerts by status for the `guanxi_alerts` gauge (`crate::metrics::refresh_alerts`, at each
// scrape of /metrics): one count per status through the alert_status index.
UNWIND $statuses AS status
CALL (status) {
  MATCH (a:Alert)
  WHERE a.status = status
  RETURN count(a) AS alerts
}
RETURN status, alerts
