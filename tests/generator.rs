//! The synthetic generator end to end: its output loads with no rejects, and a scan raises
//! exactly the ground truth's alerts (recall and precision 100%).

mod common;

use std::collections::BTreeSet;

use common::clean_graph;
use guanxi::gen::{generate, GenOptions, Preset};
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::{list_alerts, run_scan_once, AlertFilter, ScanOptions};

#[tokio::test]
async fn small_preset_loads_cleanly_and_scans_to_exactly_its_ground_truth() {
    let test = clean_graph().await;
    let dir = std::env::temp_dir().join(format!("guanxi-gen-small-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let summary = generate(&GenOptions {
        out: dir.clone(),
        preset: Preset::Small,
        seed: 7,
    })
    .unwrap();
    for pattern in guanxi::scan::patterns::PATTERN_IDS {
        assert!(
            summary.planted.get(pattern).copied().unwrap_or(0) >= 2,
            "{pattern}: {:?}",
            summary.planted
        );
    }
    let mut options = LoadOptions::new(&dir);
    options.report_dir = dir.join("reports");
    options.batch_size = 500;
    let loaded = load_dir(&test.graph, &options).await.unwrap();
    assert_eq!(
        loaded.rejected(),
        0,
        "{:?}",
        &loaded.rejects[..loaded.rejects.len().min(5)]
    );
    assert!(
        loaded.identity.certain_person_links > 0,
        "the registry duplicates are linked"
    );

    let scan = ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..ScanOptions::default()
    };
    run_scan_once(&test.graph, &scan).await.unwrap();
    let alerts = list_alerts(&test.graph, &AlertFilter::default())
        .await
        .unwrap();
    let got: BTreeSet<(String, Vec<String>)> = alerts
        .iter()
        .map(|a| {
            let mut s = a.subjects.clone();
            s.sort();
            (a.pattern.clone(), s)
        })
        .collect();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary.ground_truth).unwrap()).unwrap();
    let want: BTreeSet<(String, Vec<String>)> = truth["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut s: Vec<String> = a["subjects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            s.sort();
            (a["pattern"].as_str().unwrap().to_string(), s)
        })
        .collect();
    let missed: Vec<_> = want.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&want).collect();
    assert!(missed.is_empty(), "recall below 100%: missed {missed:#?}");
    assert!(
        unexpected.is_empty(),
        "precision below 100%: unexpected {unexpected:#?}"
    );
    assert_eq!(alerts.len(), want.len(), "one alert per finding");

    // A rescan of the unchanged graph finds every finding again: nothing is retired.
    let again = run_scan_once(&test.graph, &scan).await.unwrap();
    assert_eq!(again.retired_total(), 0, "{:?}", again.retired);
    assert_eq!(again.alerts, want.len());
}
