//! One small dataset per pattern (`tests/fixtures/<pattern>/`), each holding the cases the
//! pattern must raise and the near misses that must stay quiet. `expected.json` lists the
//! alerts exactly: a near miss that raises an alert fails the test, as does a missing case.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::clean_graph;
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::{list_alerts, run_scan_once, Alert, AlertFilter, Focus, ScanOptions};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    pattern: String,
    as_of: NaiveDate,
    alerts: Vec<ExpectedAlert>,
    quiet: Vec<String>,
    /// The alerts other patterns raise on this fixture, exactly (by subjects): where the
    /// fixture draws the line between two patterns (revolving-door and self-dealing, say).
    #[serde(default)]
    also: std::collections::BTreeMap<String, Vec<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
struct ExpectedAlert {
    subjects: Vec<String>,
    summary_zh_contains: Vec<String>,
    /// Facts the alert must carry with these values (the dates of a post or role, say);
    /// facts not named here are not checked.
    #[serde(default)]
    facts_include: serde_json::Map<String, serde_json::Value>,
    /// The alert's severity when the case sets it (a supervising post lowers it a step);
    /// unchecked when absent.
    #[serde(default)]
    severity: Option<String>,
}

fn fixture(pattern: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(pattern)
}

fn describe(alerts: &[Alert]) -> String {
    alerts
        .iter()
        .map(|a| format!("  {:?}: {}", a.subjects, a.summary.zh))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Loads the pattern's fixture into an empty graph, scans it with that pattern alone and
/// compares the alerts with `expected.json`.
async fn check(pattern: &str) {
    let dir = fixture(pattern);
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    let expected: Expected = serde_json::from_str(&text).expect("expected.json parses");
    assert_eq!(expected.pattern, pattern, "expected.json names its pattern");
    assert!(!expected.alerts.is_empty(), "{pattern}: no case to raise");
    assert!(!expected.quiet.is_empty(), "{pattern}: no near miss");

    let test = clean_graph().await;
    let report_dir =
        std::env::temp_dir().join(format!("guanxi-fixture-{pattern}-{}", std::process::id()));
    let summary = load_dir(
        &test.graph,
        &LoadOptions {
            report_dir: report_dir.clone(),
            ..LoadOptions::new(&dir)
        },
    )
    .await
    .expect("the fixture loads");
    assert_eq!(
        summary.rejected(),
        0,
        "{pattern}: rejected rows {:#?}",
        summary.rejects
    );
    // Only invalid ID numbers may warn (a near miss on purpose); anything else, an unknown
    // column for one, is a mistake in the fixture.
    for warning in &summary.warnings {
        assert_eq!(
            warning.column, "id_number",
            "{pattern}: unexpected warning {warning:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&report_dir);

    run_scan_once(
        &test.graph,
        &ScanOptions {
            patterns: vec![pattern.to_string()],
            as_of: expected.as_of,
            ..Default::default()
        },
    )
    .await
    .expect("the scan runs");
    let alerts = list_alerts(
        &test.graph,
        &AlertFilter {
            patterns: vec![pattern.to_string()],
            status: None,
        },
    )
    .await
    .expect("alerts list");

    eprintln!("{pattern} raised:\n{}", describe(&alerts));
    let actual: BTreeSet<BTreeSet<String>> = alerts
        .iter()
        .map(|a| a.subjects.iter().cloned().collect())
        .collect();
    let wanted: BTreeSet<BTreeSet<String>> = expected
        .alerts
        .iter()
        .map(|a| a.subjects.iter().cloned().collect())
        .collect();
    let unexpected: Vec<_> = actual.difference(&wanted).collect();
    let missing: Vec<_> = wanted.difference(&actual).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "{pattern}: alerts differ from expected.json\n unexpected (a near miss raised?): \
         {unexpected:?}\n missing: {missing:?}\n raised:\n{}",
        describe(&alerts)
    );
    assert_eq!(
        alerts.len(),
        expected.alerts.len(),
        "{pattern}: one alert per finding\n{}",
        describe(&alerts)
    );

    for want in &expected.alerts {
        let subjects: BTreeSet<String> = want.subjects.iter().cloned().collect();
        let alert = alerts
            .iter()
            .find(|a| a.subjects.iter().cloned().collect::<BTreeSet<_>>() == subjects)
            .expect("matched above");
        assert_eq!(alert.pattern, pattern);
        for word in &want.summary_zh_contains {
            assert!(
                alert.summary.zh.contains(word.as_str()),
                "{pattern}: summary of {:?} lacks {word:?}: {}",
                want.subjects,
                alert.summary.zh
            );
        }
        if let Some(severity) = &want.severity {
            assert_eq!(
                alert.severity.as_str(),
                severity,
                "{pattern}: severity of {:?}",
                want.subjects
            );
        }
        for (name, value) in &want.facts_include {
            assert_eq!(
                alert.facts.get(name),
                Some(value),
                "{pattern}: fact {name:?} of {:?}: {}",
                want.subjects,
                alert.facts
            );
        }
    }
    for alert in &alerts {
        assert!(
            alert
                .evidence
                .relationships
                .iter()
                .any(|r| r.source_file.is_some() && r.source_line.is_some()),
            "{pattern}: alert {:?} has no relationship with its source row: {:#?}",
            alert.subjects,
            alert.evidence.relationships
        );
    }

    check_focused(&test.graph, pattern, expected.as_of, &alerts).await;
    for (other, subjects) in &expected.also {
        check_other(&test.graph, pattern, other, expected.as_of, subjects).await;
    }
}

/// Scans the fixture of `pattern` with the `other` pattern alone and requires exactly the
/// alerts `expected.json` lists for it under `also`.
async fn check_other(
    graph: &neo4rs::Graph,
    pattern: &str,
    other: &str,
    as_of: NaiveDate,
    subjects: &[Vec<String>],
) {
    run_scan_once(
        graph,
        &ScanOptions {
            patterns: vec![other.to_string()],
            as_of,
            ..Default::default()
        },
    )
    .await
    .expect("the scan runs");
    let alerts = list_alerts(
        graph,
        &AlertFilter {
            patterns: vec![other.to_string()],
            status: None,
        },
    )
    .await
    .expect("alerts list");
    let actual: BTreeSet<BTreeSet<String>> = alerts
        .iter()
        .map(|a| a.subjects.iter().cloned().collect())
        .collect();
    let wanted: BTreeSet<BTreeSet<String>> = subjects
        .iter()
        .map(|s| s.iter().cloned().collect())
        .collect();
    assert_eq!(
        actual,
        wanted,
        "{other} on the {pattern} fixture\n raised:\n{}",
        describe(&alerts)
    );
}

/// A pattern's focused variant (`cypher/patterns/focused/`), given the ids it starts from,
/// finds the same alerts as the whole pattern, with the same evidence; and given other ids,
/// none.
async fn check_focused(graph: &neo4rs::Graph, pattern: &str, as_of: NaiveDate, whole: &[Alert]) {
    let focused = guanxi::scan::patterns::focused_queries().expect("focused variants parse");
    if !focused.iter().any(|f| f.id == pattern) {
        return;
    }
    // Every payment and contract: the ids the focused variants start from.
    let ids: Vec<String> = common::column(
        graph,
        neo4rs::query("MATCH (n:Payment|Contract) RETURN n.id AS id"),
        "id",
    )
    .await;
    let scan = |ids: Vec<String>| ScanOptions {
        patterns: vec![pattern.to_string()],
        as_of,
        focus: Some(Focus {
            ids,
            derive_kinship: false,
            derive_ownership: false,
            variants: true,
        }),
        ..Default::default()
    };
    let listed = || async {
        list_alerts(
            graph,
            &AlertFilter {
                patterns: vec![pattern.to_string()],
                status: None,
            },
        )
        .await
        .expect("alerts list")
    };
    graph
        .run(neo4rs::query("MATCH (a:Alert) DETACH DELETE a"))
        .await
        .unwrap();
    run_scan_once(graph, &scan(vec!["no-such-id".into()]))
        .await
        .expect("the focused scan runs");
    assert!(listed().await.is_empty(), "{pattern}: focused on nothing");

    run_scan_once(graph, &scan(ids))
        .await
        .expect("the focused scan runs");
    let found = listed().await;
    let key = |alerts: &[Alert]| -> BTreeSet<(String, String)> {
        alerts
            .iter()
            .map(|a| (a.id.clone(), serde_json::to_string(&a.evidence).unwrap()))
            .collect()
    };
    assert_eq!(
        key(&found),
        key(whole),
        "{pattern}: the focused variant differs from the whole pattern\n focused:\n{}\n whole:\n{}",
        describe(&found),
        describe(whole)
    );
}

#[tokio::test]
async fn kin_supplier() {
    check("kin-supplier").await;
}

#[tokio::test]
async fn self_dealing() {
    check("self-dealing").await;
}

#[tokio::test]
async fn supplier_concentration() {
    check("supplier-concentration").await;
}

#[tokio::test]
async fn late_deposit() {
    check("late-deposit").await;
}

#[tokio::test]
async fn collective_subsidy() {
    check("collective-subsidy").await;
}

#[tokio::test]
async fn qualification_anomaly() {
    check("qualification-anomaly").await;
}

#[tokio::test]
async fn split_contracts() {
    check("split-contracts").await;
}

#[tokio::test]
async fn kin_payee() {
    check("kin-payee").await;
}

#[tokio::test]
async fn shared_contact() {
    check("shared-contact").await;
}

#[tokio::test]
async fn single_bidder() {
    check("single-bidder").await;
}

#[tokio::test]
async fn revolving_door() {
    check("revolving-door").await;
}

#[tokio::test]
async fn linked_bidders() {
    check("linked-bidders").await;
}
