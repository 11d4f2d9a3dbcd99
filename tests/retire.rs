//! Retired alerts against the real Neo4j: a correcting load retires the alert whose fact it
//! removes (when, which scan, history kept) and leaves the others; the fact's return brings
//! the alert back as new; `--pattern X` retires only X's alerts; a focused ingest retires
//! only within its focus; retired alerts leave the default lists and cannot be triaged.

mod common;

use std::path::{Path, PathBuf};

use common::{clean_graph, load_and_scan_examples, spawn_app};
use guanxi::domain::AlertStatus;
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::{
    self, get_alert, list_alerts, run_scan_once, triage, Alert, AlertFilter, ScanOptions,
};
use neo4rs::{query, Graph};
use serde_json::{json, Value};

/// The late payment of the seed (paid 2017-03-10, booked 2017-05-12).
const LATE_PAYMENT: &str = "pay-ds-clean-2017a";

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

fn options(patterns: &[&str]) -> ScanOptions {
    ScanOptions {
        patterns: patterns.iter().map(|p| p.to_string()).collect(),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..ScanOptions::default()
    }
}

/// A folder holding only `payments.csv` of the examples, the late payment's `recorded_on`
/// set to its `paid_on` day when `corrected`.
fn payments_dir(name: &str, corrected: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-retire-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let original = std::fs::read_to_string(examples().join("payments.csv")).unwrap();
    let text = if corrected {
        let row = original
            .lines()
            .find(|l| l.starts_with(&format!("{LATE_PAYMENT},")))
            .unwrap();
        original.replace(row, &row.replace("2017-05-12", "2017-03-10"))
    } else {
        original
    };
    assert!(!corrected || text.contains("2017-03-10,2017-03-10"));
    std::fs::write(dir.join("payments.csv"), text).unwrap();
    dir
}

async fn load(graph: &Graph, dir: &Path) {
    let mut options = LoadOptions::new(dir);
    options.report_dir = dir.join("reports");
    let summary = load_dir(graph, &options).await.unwrap();
    assert_eq!(summary.rejected(), 0, "{:?}", summary.rejects);
}

async fn all_alerts(graph: &Graph) -> Vec<Alert> {
    let mut alerts = list_alerts(graph, &AlertFilter::default()).await.unwrap();
    alerts.extend(
        list_alerts(
            graph,
            &AlertFilter {
                status: Some(AlertStatus::Retired),
                ..AlertFilter::default()
            },
        )
        .await
        .unwrap(),
    );
    alerts
}

fn late_alert(alerts: &[Alert]) -> Alert {
    alerts
        .iter()
        .find(|a| a.pattern == "late-deposit" && a.subjects.iter().any(|s| s == LATE_PAYMENT))
        .expect("the late-deposit alert")
        .clone()
}

#[tokio::test]
async fn a_correcting_load_retires_the_alert_and_the_facts_return_brings_it_back() {
    let test = clean_graph().await;
    let graph = &test.graph;
    load(graph, &examples()).await;
    let first = run_scan_once(graph, &options(&[])).await.unwrap();
    assert_eq!(first.retired_total(), 0, "a first scan retires nothing");
    let before = list_alerts(graph, &AlertFilter::default()).await.unwrap();
    let late = late_alert(&before);
    triage(
        graph,
        &late.id,
        AlertStatus::InReview,
        "inspector-1",
        "asked",
    )
    .await
    .unwrap();
    let unchanged = run_scan_once(graph, &options(&[])).await.unwrap();
    assert_eq!(
        unchanged.retired_total(),
        0,
        "a rescan of an unchanged graph retires nothing"
    );

    // The village books the payment on the day it was paid after all.
    load(graph, &payments_dir("corrected", true)).await;
    let second = run_scan_once(graph, &options(&[])).await.unwrap();
    assert_eq!(second.retired_total(), 1, "{:?}", second.retired);
    assert!(second.retired.contains(&("late-deposit".to_string(), 1)));
    let retired = get_alert(graph, &late.id).await.unwrap().unwrap();
    assert_eq!(retired.status, AlertStatus::Retired);
    assert_eq!(retired.retired_scan.as_deref(), Some(second.scan.as_str()));
    assert!(retired.retired_at.is_some());
    assert_eq!(retired.history.len(), 2, "{:?}", retired.history);
    assert_eq!(
        retired.history[0]["by"], "inspector-1",
        "triage history kept"
    );
    assert_eq!(retired.history[1]["by"], "scan");
    assert_eq!(retired.history[1]["from"], "in_review");
    assert_eq!(retired.history[1]["status"], "retired");
    assert_eq!(retired.history[1]["scan"], second.scan.as_str());
    // Out of the default list, in the retired one and in what this scan retired.
    let listed = list_alerts(graph, &AlertFilter::default()).await.unwrap();
    assert_eq!(listed.len(), before.len() - 1);
    assert!(listed.iter().all(|a| a.id != late.id));
    for alert in &listed {
        let was = before.iter().find(|a| a.id == alert.id).unwrap();
        assert_eq!(alert.status, was.status, "{} untouched", alert.id);
        assert!(alert.retired_scan.is_none());
    }
    let retired_list = list_alerts(
        graph,
        &AlertFilter {
            status: Some(AlertStatus::Retired),
            ..AlertFilter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        retired_list.iter().map(|a| &a.id).collect::<Vec<_>>(),
        [&late.id]
    );
    let by_scan = scan::alerts::alerts_retired_by(graph, &second.scan)
        .await
        .unwrap();
    assert_eq!(by_scan.len(), 1);
    assert_eq!(by_scan[0].id, late.id);
    // A retired alert is not triaged, and triage never retires.
    let refused = triage(graph, &late.id, AlertStatus::InReview, "inspector-1", "").await;
    assert!(
        matches!(refused, Err(scan::ScanError::RetiredAlert(_))),
        "{refused:?}"
    );
    let other = &listed[0];
    let refused = triage(graph, &other.id, AlertStatus::Retired, "inspector-1", "").await;
    assert!(
        matches!(refused, Err(scan::ScanError::BadTransition { .. })),
        "{refused:?}"
    );
    // Scanning again retires nothing more.
    let third = run_scan_once(graph, &options(&[])).await.unwrap();
    assert_eq!(third.retired_total(), 0);

    // The correction is undone: the finding holds again.
    load(graph, &payments_dir("original", false)).await;
    let fourth = run_scan_once(graph, &options(&[])).await.unwrap();
    assert_eq!(fourth.retired_total(), 0);
    let back = get_alert(graph, &late.id).await.unwrap().unwrap();
    assert_eq!(back.status, AlertStatus::New);
    assert_eq!(back.retired_scan, None);
    assert_eq!(back.retired_at, None);
    assert_eq!(back.first_seen, late.first_seen);
    assert_eq!(back.history.len(), 3, "{:?}", back.history);
    assert_eq!(back.history[2]["by"], "scan");
    assert_eq!(back.history[2]["from"], "retired");
    assert_eq!(back.history[2]["status"], "new");
    assert!(back.history[2]["note"]
        .as_str()
        .unwrap()
        .contains("found again"));
    assert_eq!(
        list_alerts(graph, &AlertFilter::default())
            .await
            .unwrap()
            .len(),
        before.len()
    );
}

#[tokio::test]
async fn a_scan_of_some_patterns_retires_only_their_alerts() {
    let test = clean_graph().await;
    let graph = &test.graph;
    load(graph, &examples()).await;
    run_scan_once(graph, &options(&[])).await.unwrap();
    let late = late_alert(&all_alerts(graph).await);
    load(graph, &payments_dir("pattern", true)).await;

    let other = run_scan_once(graph, &options(&["kin-supplier", "kin-payee"]))
        .await
        .unwrap();
    assert_eq!(other.retired_total(), 0, "{:?}", other.retired);
    assert_eq!(
        get_alert(graph, &late.id).await.unwrap().unwrap().status,
        AlertStatus::New
    );

    let own = run_scan_once(graph, &options(&["late-deposit"]))
        .await
        .unwrap();
    assert_eq!(own.retired, [("late-deposit".to_string(), 1)]);
    assert_eq!(
        get_alert(graph, &late.id).await.unwrap().unwrap().status,
        AlertStatus::Retired
    );
}

/// Every alert's id and status, in the graph.
async fn statuses(graph: &Graph) -> std::collections::BTreeMap<String, String> {
    common::alerts_by_id(graph, "status").await
}

#[tokio::test]
async fn a_focused_ingest_retires_only_within_its_focus_and_the_api_shows_it() {
    let app = spawn_app().await;
    let graph = &app.db.graph;
    load_and_scan_examples(graph).await;
    let late = late_alert(&all_alerts(graph).await);
    let payee = all_alerts(graph)
        .await
        .into_iter()
        .find(|a| a.pattern == "kin-payee")
        .expect("the kin-payee alert");
    // The kin-payee payment goes away outside of any ingest: only a scan of the whole
    // pattern may notice it.
    graph
        .run(query(
            "MATCH (p:Payment {id: 'pay-lh-labour-xxy'}) DETACH DELETE p",
        ))
        .await
        .unwrap();
    let before = statuses(graph).await;

    // The correction arrives through the ingest route: the follow-up scan looks only at it.
    let response = app
        .post(
            &app.admin,
            "/api/ingest/payments?as_of=2026-11-26",
            json!([{
                "id": LATE_PAYMENT, "payer_id": "c-dongshan-hw", "payee_id": "o-dongshan",
                "amount": 20000, "purpose": "保洁费", "paid_on": "2017-03-10",
                "recorded_on": "2017-03-10", "handler_id": "p-li-mingde"
            }]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scan"]["status"], "done", "{body}");
    let after = statuses(graph).await;
    for (id, status) in &after {
        if *id == late.id {
            assert_eq!(status, "retired", "the corrected payment's alert");
        } else {
            assert_eq!(Some(status), before.get(id), "{id} is outside the focus");
        }
    }
    assert_eq!(after[&payee.id], "new", "not in the ingest's focus");
    let run_id = body["scan"]["id"].as_str().unwrap();
    let run: Value = app
        .get(&app.admin, &format!("/api/scans/{run_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["counts"]["retired"], 1, "{run}");

    // The API: out of the inbox, listed with status=retired, readable with its history.
    let page: Value = app
        .get(&app.viewer, "/api/alerts?per_page=500")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&late.id.as_str()), "{page}");
    assert_eq!(page["total"], ids.len());
    let retired: Value = app
        .get(&app.viewer, "/api/alerts?status=retired")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retired["total"], 1, "{retired}");
    assert_eq!(retired["alerts"][0]["id"], late.id.as_str());
    let one: Value = app
        .get(&app.viewer, &format!("/api/alerts/{}", late.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["status"], "retired");
    assert_eq!(one["retired_scan"], run["scan"], "{one}");
    assert_eq!(one["history"][0]["status"], "retired");
    // Triage: `retired` cannot be chosen (400), a retired alert cannot be triaged (409).
    let chosen = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{}/triage", payee.id),
            json!({"status": "retired"}),
        )
        .await;
    assert_eq!(chosen.status(), 400);
    let problem: Value = chosen.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("set by scans"),
        "{problem}"
    );
    let on_retired = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{}/triage", late.id),
            json!({"status": "in_review"}),
        )
        .await;
    assert_eq!(on_retired.status(), 409);

    // A whole scan of the pattern notices the deleted payment.
    let whole = run_scan_once(graph, &options(&["kin-payee"]))
        .await
        .unwrap();
    assert_eq!(whole.retired, [("kin-payee".to_string(), 1)]);
    assert_eq!(statuses(graph).await[&payee.id], "retired");
}

#[tokio::test]
async fn a_focused_variant_does_not_retire_what_lies_beyond_its_contracts() {
    let app = spawn_app().await;
    let graph = &app.db.graph;
    load_and_scan_examples(graph).await;
    let single = all_alerts(graph)
        .await
        .into_iter()
        .find(|a| a.pattern == "single-bidder")
        .expect("the single-bidder alert");
    assert!(single.subjects.iter().any(|s| s == "c-ruifeng"));
    // 瑞丰 bids on another tender: the follow-up scan is focused on that contract and on
    // 瑞丰, and its variant starts from the contract only. The alert about 瑞丰's other
    // tender names a focus id and is not among what the variant found, yet it holds.
    let response = app
        .post(
            &app.admin,
            "/api/ingest/bids?as_of=2026-11-26",
            json!([{"contract_id": "k-sq-bridge", "bidder_id": "c-ruifeng",
                    "amount": 126000, "qualified": "true"}]),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scan"]["status"], "done", "{body}");
    assert_eq!(body["loaded"], 1, "{body}");
    let after = get_alert(graph, &single.id).await.unwrap().unwrap();
    assert_eq!(after.status, AlertStatus::New, "{:?}", after.history);
    assert!(after.history.is_empty());
}

/// A folder holding one `company_roles.csv` row: the holding company 浩宇投资's 55% of the
/// supplier 新星园林 (kin-supplier fixture), ended before the 2017 award when `ended`.
fn holding_dir(name: &str, ended: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-retire-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let end = if ended { "2016-12-31" } else { "" };
    std::fs::write(
        dir.join("company_roles.csv"),
        format!(
            "company_id,person_id,role,share_pct,start_date,end_date\n\
             c-xinxing,c-haoyu,shareholder,55,2014-05-01,{end}\n"
        ),
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn a_holding_chain_cut_by_a_correcting_load_retires_its_finding_and_comes_back() {
    let test = clean_graph().await;
    let graph = &test.graph;
    let fixture = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kin-supplier"
    ));
    load(graph, &fixture).await;
    let status_of_chain_finding = || async {
        run_scan_once(graph, &options(&["kin-supplier"]))
            .await
            .unwrap();
        all_alerts(graph)
            .await
            .into_iter()
            .find(|a| a.subjects.contains(&"c-xinxing".to_string()))
            .map(|a| a.status)
    };
    // The son holds 80% of 浩宇投资, which holds 55% of 新星园林: 44% through the chain.
    assert_eq!(status_of_chain_finding().await, Some(AlertStatus::New));
    let behind: Vec<String> = common::column(
        graph,
        query(
            "MATCH (:Person {id: 'p-wang-hao'})-[b:BEHIND]->(:Company {id: 'c-xinxing'}) \
             RETURN coalesce(toString(b.end_date), 'open') AS end",
        ),
        "end",
    )
    .await;
    assert_eq!(behind, vec!["open".to_string()]);

    // The registry is corrected: the holding sold its share before the award (2017-04-20).
    load(graph, &holding_dir("ended", true)).await;
    assert_eq!(
        status_of_chain_finding().await,
        Some(AlertStatus::Retired),
        "the chain no longer holds on the award's day"
    );
    let behind: Vec<String> = common::column(
        graph,
        query(
            "MATCH (:Person {id: 'p-wang-hao'})-[b:BEHIND]->(:Company {id: 'c-xinxing'}) \
             RETURN toString(b.end_date) AS end",
        ),
        "end",
    )
    .await;
    assert_eq!(
        behind,
        vec!["2016-12-31".to_string()],
        "the derived holding follows the roles"
    );

    // The correction is undone: the finding is back as new. An empty cell keeps the stored
    // end date (issue 14's update rule) unless the load is told to clear empty cells.
    let mut reopen = LoadOptions::new(holding_dir("open", false));
    reopen.report_dir = reopen.dir.join("reports");
    reopen.clear = guanxi::load::update::Clear::EmptyCells;
    let summary = load_dir(graph, &reopen).await.unwrap();
    assert_eq!(summary.rejected(), 0, "{:?}", summary.rejects);
    assert_eq!(status_of_chain_finding().await, Some(AlertStatus::New));
}
