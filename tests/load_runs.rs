//! Load runs (issue 14) against the real Neo4j: `guanxi load` records who ran it, the files,
//! the row counts and its status; a load that fails says so, exits non-zero and is marked
//! failed, and the rerun completes; `guanxi runs list` and `GET /api/loads` show them, newest
//! first, to investigators and admins only, never to a token bound to a region scope.

mod common;

use std::path::{Path, PathBuf};

use common::{clean_graph, guanxi, spawn_app, text};
use guanxi::domain::Role;
use guanxi::tokens;
use serde_json::Value;

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-runs-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The examples with one people row that is rejected (no name).
fn examples_with_a_bad_row() -> PathBuf {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let dir = temp_dir("data");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let people = dir.join("people.csv");
    let mut csv = std::fs::read_to_string(&people).unwrap();
    csv.push_str("p-no-name,,M,1970-01-01,,,\n");
    std::fs::write(&people, csv).unwrap();
    dir
}

fn runs_json() -> Value {
    let output = guanxi(&["runs", "list", "--format", "json"]);
    assert!(output.status.success(), "{}", text(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[tokio::test]
async fn a_failed_load_says_so_is_marked_failed_and_the_rerun_completes() {
    let _db = clean_graph().await;
    let data = examples_with_a_bad_row();
    // The rejects report cannot be written (its folder is a file): the load fails at its end.
    let blocked = temp_dir("blocked").join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    let failed = guanxi(&[
        "load",
        data.to_str().unwrap(),
        "--report-dir",
        blocked.to_str().unwrap(),
    ]);
    assert!(!failed.status.success(), "{}", text(&failed));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("the load failed"),
        "{}",
        text(&failed)
    );
    let page = runs_json();
    assert_eq!(page["total"], 1, "{page}");
    let run = &page["runs"][0];
    assert_eq!(run["status"], "failed", "{page}");
    assert!(run["error"].as_str().unwrap().contains("a-file"), "{page}");

    let reports = temp_dir("reports");
    let done = guanxi(&[
        "load",
        data.to_str().unwrap(),
        "--report-dir",
        reports.to_str().unwrap(),
    ]);
    assert!(done.status.success(), "{}", text(&done));
    let page = runs_json();
    assert_eq!(page["total"], 2, "{page}");
    let (newest, older) = (&page["runs"][0], &page["runs"][1]);
    assert_eq!(newest["status"], "complete", "{page}");
    assert_eq!(older["status"], "failed", "{page}");
    assert_eq!(newest["kind"], "load");
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    assert_eq!(newest["by"], format!("cli:{user}"));
    assert_eq!(newest["dir"], data.to_str().unwrap());
    assert!(newest["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "people.csv"));
    assert_eq!(newest["rows_rejected"], 1, "{page}");
    assert!(newest["rows_loaded"].as_i64().unwrap() > 200, "{page}");
    assert!(newest["finished_at"].is_string());

    let table = guanxi(&["runs", "list"]);
    assert!(table.status.success(), "{}", text(&table));
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("complete") && table.contains("failed") && table.contains("2 of 2 runs")
    );
}

#[tokio::test]
async fn get_api_loads_pages_newest_first_for_investigators_and_admins_only() {
    let app = spawn_app().await;
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut options = guanxi::load::LoadOptions::new(&examples);
    options.report_dir = temp_dir("api-reports");
    guanxi::load::load_dir(&app.db.graph, &options)
        .await
        .unwrap();
    let ingest = app
        .post(
            &app.admin,
            "/api/ingest/people",
            serde_json::json!([{"id": "p-api-1", "name": "测试人", "birth_date": "1980-02-03"}]),
        )
        .await;
    assert_eq!(ingest.status(), 200);

    let answer = app.get(&app.investigator, "/api/loads").await;
    assert_eq!(answer.status(), 200);
    let page: Value = answer.json().await.unwrap();
    assert_eq!(page["total"], 2, "{page}");
    let newest = &page["runs"][0];
    assert_eq!(newest["kind"], "ingest", "{page}");
    assert_eq!(newest["by"], "test-admin");
    assert_eq!(newest["dir"], "ingest:people");
    assert_eq!(newest["status"], "complete");
    assert_eq!(newest["rows_loaded"], 1);
    assert_eq!(page["runs"][1]["kind"], "load");

    let second: Value = app
        .get(&app.admin, "/api/loads?page=2&per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["runs"].as_array().unwrap().len(), 1);
    assert_eq!(second["runs"][0]["kind"], "load", "{second}");

    assert_eq!(app.get(&app.viewer, "/api/loads").await.status(), 403);
    let scoped = tokens::create_scoped(
        &app.db.graph,
        "village-investigator",
        Role::Investigator,
        Some(vec!["o-dongshan".to_string()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret;
    assert_eq!(app.get(&scoped, "/api/loads").await.status(), 403);
}
