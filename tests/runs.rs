//! Scan runs against the real Neo4j: the scan lock (one scan at a time on a database, the
//! command line included, across replicas, with expiry), and scheduled passes.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::clean_graph;
use guanxi::scan::runs::{self, Scanner};
use guanxi::scan::schedule;
use guanxi::settings::Settings;

/// A scanner on its own connection pool, as a service replica has.
fn scanner(graph: neo4rs::Graph, settings: Settings) -> Scanner {
    Scanner::new(graph, Arc::new(settings))
}

#[tokio::test]
async fn a_command_line_scan_takes_the_same_lock_and_is_recorded() {
    let db = clean_graph().await;
    let scan = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
            .args(["scan", "--format", "json", "--as-of", "2026-11-26"])
            .output()
            .expect("guanxi scan runs")
    };
    // A service replica is scanning: the command line refuses, naming it.
    let other = runs::try_lock(&db.graph, "api-other-replica", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(other.acquired);
    let refused = scan();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("api-other-replica"), "{stderr}");
    assert!(runs::release_lock(&db.graph, "api-other-replica")
        .await
        .unwrap());

    let done = scan();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let runs: Vec<String> = common::column(
        &db.graph,
        neo4rs::query("MATCH (r:ScanRun) RETURN r.trigger + ' ' + r.status AS run"),
        "run",
    )
    .await;
    assert_eq!(runs, ["cli done"]);
    // ...and it gave the lock back.
    let after = runs::try_lock(&db.graph, "api-after-cli", Duration::from_secs(60))
        .await
        .unwrap();
    assert!(after.acquired);
    runs::release_lock(&db.graph, "api-after-cli")
        .await
        .unwrap();
}

#[tokio::test]
async fn two_replicas_never_both_hold_the_scan_lock() {
    let db = clean_graph().await;
    // Two service states with their own connection pools, as two replicas would have.
    let other_graph = guanxi::db::connect(&db.settings.neo4j).unwrap();
    let one = scanner(db.graph.clone(), db.settings.clone());
    let two = scanner(other_graph, db.settings.clone());
    let ttl = Duration::from_secs(30);
    for round in 0..25 {
        let (owner_one, owner_two) = (format!("one-{round}"), format!("two-{round}"));
        let (a, b) = tokio::join!(
            runs::try_lock(&one.graph, &owner_one, ttl),
            runs::try_lock(&two.graph, &owner_two, ttl)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.acquired != b.acquired, "round {round}: {a:?} {b:?}");
        let (winner, loser) = if a.acquired {
            (owner_one, b)
        } else {
            (owner_two, a)
        };
        assert_eq!(loser.holder.as_deref(), Some(winner.as_str()));
        assert!(runs::release_lock(&one.graph, &winner).await.unwrap());
    }
    let lock_nodes: Vec<i64> = common::column(
        &db.graph,
        neo4rs::query("MATCH (l:ScanLock) RETURN count(l) AS n"),
        "n",
    )
    .await;
    assert_eq!(lock_nodes, vec![1]);

    // The whole start path too: of two scans started at once, one runs.
    let request = |id: &str| runs::ScanRequest {
        id: id.into(),
        trigger: runs::Trigger::Api,
        requested_by: "test".into(),
        options: guanxi::scan::ScanOptions::default(),
    };
    let (a, b) = tokio::join!(
        runs::start_scan(&one, request("api-one")),
        runs::start_scan(&two, request("api-two"))
    );
    assert!(a.is_ok() != b.is_ok(), "{:?} {:?}", a.is_ok(), b.is_ok());
    let (started, refused) = match (a, b) {
        (Ok(s), Err(e)) | (Err(e), Ok(s)) => (s, e),
        _ => unreachable!(),
    };
    assert!(
        matches!(refused, runs::StartError::Busy { .. }),
        "{refused}"
    );
    let outcome = started.handle.await.unwrap();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);

    // A holder that stops renewing loses the lock after its time to live; its run is failed.
    let dead = request("api-dead-replica");
    let short = Duration::from_secs(1);
    assert!(
        runs::try_lock(&one.graph, &dead.id, short)
            .await
            .unwrap()
            .acquired
    );
    db.graph
        .run(neo4rs::query(
            "CREATE (:ScanRun {id: 'api-dead-replica', status: 'running'})",
        ))
        .await
        .unwrap();
    let early = runs::try_lock(&two.graph, "api-survivor", ttl)
        .await
        .unwrap();
    assert!(!early.acquired);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let taken = runs::try_lock(&two.graph, "api-survivor", ttl)
        .await
        .unwrap();
    assert!(taken.acquired, "{taken:?}");
    assert!(!runs::renew_lock(&one.graph, &dead.id, ttl).await.unwrap());
    let dead_run = runs::scan_run(&db.graph, "api-dead-replica")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dead_run.status, "failed");
    assert!(dead_run.error.unwrap().contains("abandoned"));
    assert!(runs::release_lock(&two.graph, "api-survivor")
        .await
        .unwrap());
}

#[tokio::test]
async fn a_scheduled_pass_scans_once_per_occurrence() {
    let db = clean_graph().await;
    let scanner = scanner(db.graph.clone(), db.settings.clone());
    let occurrence = chrono::Utc::now();
    let id = schedule::scheduled_id(&occurrence);
    match schedule::scheduled_pass(&scanner, &occurrence)
        .await
        .unwrap()
    {
        schedule::PassOutcome::Ran(outcome) => {
            assert_eq!(outcome.id, id);
            assert!(outcome.result.is_ok(), "{:?}", outcome.result);
        }
        other => panic!("expected a scan, got {other:?}"),
    }
    // Another replica waking for the same occurrence finds it done.
    match schedule::scheduled_pass(&scanner, &occurrence)
        .await
        .unwrap()
    {
        schedule::PassOutcome::AlreadyRan(again) => assert_eq!(again, id),
        other => panic!("expected already ran, got {other:?}"),
    }
    let run = runs::scan_run(&db.graph, &id).await.unwrap().unwrap();
    assert_eq!(run.status, "done");
    assert_eq!(run.trigger.as_deref(), Some("schedule"));
    // A pass while another scan holds the lock leaves the occurrence to it.
    assert!(
        runs::try_lock(&db.graph, "api-long-scan", Duration::from_secs(60))
            .await
            .unwrap()
            .acquired
    );
    let later = occurrence + chrono::Duration::days(1);
    match schedule::scheduled_pass(&scanner, &later).await.unwrap() {
        schedule::PassOutcome::Busy { holder } => {
            assert_eq!(holder.as_deref(), Some("api-long-scan"))
        }
        other => panic!("expected busy, got {other:?}"),
    }
    runs::release_lock(&db.graph, "api-long-scan")
        .await
        .unwrap();
}

#[test]
fn the_default_schedule_is_nightly_at_two_and_a_bad_one_is_a_clear_error() {
    use chrono::{TimeZone, Timelike};
    let settings = guanxi::settings::Settings::default();
    assert_eq!(settings.scan.schedule, "0 0 2 * * *");
    let cron = settings.scan.cron().unwrap().expect("a schedule");
    let from = chrono::Local
        .with_ymd_and_hms(2026, 3, 4, 13, 30, 0)
        .unwrap();
    let next = cron.find_next_occurrence(&from, false).unwrap();
    assert_eq!((next.hour(), next.minute(), next.second()), (2, 0, 0));
    assert_eq!(next.date_naive(), from.date_naive().succ_opt().unwrap());
    // Five fields work too.
    let mut five = settings.scan.clone();
    five.schedule = "30 3 * * 1".into();
    assert!(five.cron().unwrap().is_some());
    // Empty: no scheduled scans.
    five.schedule = String::new();
    assert!(five.cron().unwrap().is_none());

    let dir = std::env::temp_dir().join(format!("guanxi-schedule-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("guanxi.toml");
    std::fs::write(&file, "[scan]\nschedule = \"every night at two\"\n").unwrap();
    let error = guanxi::settings::Settings::load_with(Some(&file), |_| None).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("scan.schedule"), "{message}");
    assert!(message.contains("every night at two"), "{message}");
    let error = guanxi::settings::Settings::load_with(None, |name| {
        (name == "GUANXI_SCAN_SCHEDULE").then(|| "0 0 25 * * *".to_string())
    })
    .unwrap_err();
    assert!(error.to_string().contains("scan.schedule"), "{error}");
}
