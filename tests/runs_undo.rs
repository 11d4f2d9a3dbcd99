//! `guanxi runs undo` (issue 14) against the real Neo4j: a load that changes people's
//! columns and adds a person and a family tie is undone; the old values are back, typed as
//! they were, the new person and tie are gone, and the graph's records, identity links, kin
//! and open alerts equal those the first load and scan built; the history shows the undo and
//! the run is listed `undone`. Refused, changing nothing: a run a later run built on (named),
//! an unknown run and an undone one.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{alerts_by_id, clean_graph, column, load_and_scan_examples, spawn_app};
use guanxi::load::undo::{self, UndoError};
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::runs::{Scanner, Trigger};
use guanxi::scan::ScanOptions;
use neo4rs::{query, Graph};
use serde_json::{json, Value};

/// Labels and types of bookkeeping (runs, history, audit, locks): they grow with every run.
/// Alerts too: a retired alert stays (the retired-alert rule); [`open_alerts`] compares them.
const BOOKKEEPING: &[&str] = &[
    "Alert",
    "-CONCERNS",
    "History",
    "LoadRun",
    "ScanRun",
    "ScanLock",
    "ScopeState",
    "AuditBatch",
    "AuditHead",
    "AuditEntry",
];

fn as_of() -> ScanOptions {
    ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    }
}

/// Nodes per label and relationships per type, bookkeeping left out.
async fn counts(graph: &Graph) -> BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> = column::<Vec<serde_json::Value>>(
        graph,
        query(
            "MATCH (n) UNWIND labels(n) AS l WITH l, count(*) AS c RETURN [l, c] AS row \
             UNION ALL MATCH ()-[r]->() WITH type(r) AS t, count(*) AS c \
             RETURN ['-' + t, c] AS row",
        ),
        "row",
    )
    .await
    .into_iter()
    .map(|row| {
        (
            row[0].as_str().unwrap().to_string(),
            row[1].as_i64().unwrap(),
        )
    })
    .collect();
    rows.into_iter()
        .filter(|(name, _)| !BOOKKEEPING.contains(&name.as_str()))
        .collect()
}

/// Alert id → status, the retired ones left out (a retired alert stays, by the rule).
async fn open_alerts(graph: &Graph) -> BTreeMap<String, String> {
    let mut alerts = alerts_by_id(graph, "status").await;
    alerts.retain(|_, status| status != "retired");
    alerts
}

/// One person's properties that the change touches, as text, with the type of `birth_date`.
async fn wang(graph: &Graph) -> Vec<String> {
    column::<Vec<String>>(
        graph,
        query(
            "MATCH (p:Person {id: 'p-wang-jianguo'}) \
             RETURN [coalesce(p.phone, ''), coalesce(p.address, ''), toString(p.birth_date), \
                     valueType(p.birth_date), p.load_run, coalesce(p.row_hash, '')] AS v",
        ),
        "v",
    )
    .await
    .concat()
}

/// A property's value and type as text (lists item by item).
fn text(value: &str) -> String {
    format!(
        "CASE WHEN valueType({value}) STARTS WITH 'LIST' \
         THEN reduce(s = '', x IN {value} | s + toString(x) + ',') ELSE toString({value}) END \
         + ' ' + valueType({value})"
    )
}

/// Every property of the records the change alters (a person, a post), as `key=value (type)`.
async fn altered(graph: &Graph) -> Vec<String> {
    let mut all = column::<Vec<String>>(
        graph,
        query(
            &"MATCH (p:Person {id: 'p-wang-jianguo'}) \
             RETURN [k IN keys(p) | 'wang.' + k + '=' + text(p[k])] AS v \
             UNION ALL \
             MATCH (:Person {id: 'p-zheng-xiaofeng'})-[r:HOLDS_POST {title: '镇纪委书记'}]->() \
             RETURN [k IN keys(r) | 'post.' + k + '=' + text(r[k])] AS v"
                .replace("text(p[k])", &text("p[k]"))
                .replace("text(r[k])", &text("r[k]")),
        ),
        "v",
    )
    .await
    .concat();
    all.sort();
    all
}

fn change_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-undo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "people.csv",
            "id,name,gender,birth_date,id_number,phone,address\n\
             p-wang-jianguo,王建国,male,1963-01-01,,13900001111,青溪县新街9号\n\
             p-undo-new,王新人,male,1968-07-30,330698196807302256,13900002222,青溪县新街9号\n",
        ),
        (
            "positions.csv",
            "person_id,org_id,title,start_date,end_date\n\
             p-zheng-xiaofeng,o-fenglin,镇纪委书记,2014-01-01,2026-01-01\n\
             p-undo-new,o-fenglin,村委委员,2020-01-01,\n",
        ),
        (
            "kinship.csv",
            "person_id,relative_id,relation\np-wang-jianguo,p-undo-new,儿子\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

async fn load(graph: &Graph, dir: &Path) -> String {
    let options = LoadOptions {
        report_dir: dir.join("reports"),
        ..LoadOptions::new(dir)
    };
    let summary = load_dir(graph, &options).await.expect("load");
    assert_eq!(summary.rejected(), 0);
    summary.run
}

#[tokio::test]
async fn undo_restores_the_old_values_removes_what_the_run_created_and_refuses_when_it_cannot() {
    let db = clean_graph().await;
    let graph = db.graph.clone();
    load_and_scan_examples(&graph).await;
    let first: Vec<String> =
        column(&graph, query("MATCH (r:LoadRun) RETURN r.id AS id"), "id").await;
    let clean = (
        counts(&graph).await,
        open_alerts(&graph).await,
        wang(&graph).await,
    );
    assert_eq!(clean.2[3], "DATE NOT NULL", "{:?}", clean.2);

    let change = load(&graph, &change_dir()).await;
    guanxi::scan::run_scan_once(&graph, &as_of()).await.unwrap();
    let changed = (
        counts(&graph).await,
        open_alerts(&graph).await,
        wang(&graph).await,
    );
    assert_eq!(changed.2[0], "13900001111");
    assert_eq!(changed.2[2], "1963-01-01");
    let changed_records = altered(&graph).await;
    assert!(
        changed_records.contains(&"post.end_date=2026-01-01 DATE NOT NULL".to_string()),
        "{changed_records:?}"
    );
    assert_ne!(changed.0, clean.0, "the change added a person and a tie");
    assert_ne!(
        changed.0.get("-SAME_AS"),
        clean.0.get("-SAME_AS"),
        "the new person shares an ID number: a new identity link"
    );
    assert_ne!(changed.1, clean.1, "the change raised alerts");

    let scanner = Scanner::new(graph.clone(), std::sync::Arc::new(db.settings.clone()));
    // The first load cannot be undone: the change touched its records. Nothing changes.
    let refused = undo::undo(&scanner, &first[0], "test", Trigger::Cli, as_of()).await;
    match refused {
        Err(UndoError::LaterRuns {
            later_runs,
            ids,
            records,
            ..
        }) => {
            assert_eq!(later_runs, vec![change.clone()]);
            assert!(ids.contains(&"p-wang-jianguo".to_string()), "{ids:?}");
            assert!(records >= 1);
        }
        other => panic!("expected a refusal naming the later run, got {other:?}"),
    }
    assert_eq!(counts(&graph).await, changed.0, "nothing changed");
    assert_eq!(wang(&graph).await, changed.2, "nothing changed");
    // Unknown run.
    let unknown = undo::undo(&scanner, "load-nope", "test", Trigger::Cli, as_of()).await;
    assert!(
        matches!(unknown, Err(UndoError::UnknownRun(_))),
        "{unknown:?}"
    );

    // Without --yes the command line only says that it can be done.
    let out = Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["runs", "undo", &change])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("--yes"),
        "{stderr}"
    );
    assert_eq!(wang(&graph).await, changed.2, "nothing changed");

    // The change is undone: old values (typed), no new person nor tie, derived facts as the
    // clean run built them.
    let report = undo::undo(&scanner, &change, "test", Trigger::Cli, as_of())
        .await
        .expect("undo");
    assert!(report.restored >= 1 && report.removed >= 2, "{report:?}");
    assert_eq!(
        wang(&graph).await,
        clean.2,
        "old values, types and provenance"
    );
    assert_eq!(
        counts(&graph).await,
        clean.0,
        "records, links, kin as after the first load"
    );
    assert_eq!(
        open_alerts(&graph).await,
        clean.1,
        "open alerts as after the first scan"
    );
    let gone: Vec<i64> = column(
        &graph,
        query("MATCH (n:Entity {id: 'p-undo-new'}) RETURN count(n) AS n"),
        "n",
    )
    .await;
    assert_eq!(gone, vec![0]);

    // The history shows the undo; the run is listed undone.
    let page = guanxi::history::entity_history(&graph, "p-wang-jianguo", None, 0, 10)
        .await
        .unwrap()
        .unwrap();
    let entry = &page.entries[0];
    assert_eq!(entry.run, report.undo);
    assert_eq!(entry.by, "test");
    assert_eq!(
        entry.changes["phone"],
        [Some("13900001111".to_string()), clean.2.first().cloned()]
    );
    let runs = guanxi::load::runs::list(&graph, 0, 10, guanxi::load::runs::STALE_AFTER)
        .await
        .unwrap();
    let undone = runs.runs.iter().find(|r| r.id == change).unwrap();
    assert_eq!(undone.status.as_str(), "undone");
    assert_eq!(undone.undone_by.as_deref(), Some("test"));
    assert_eq!(undone.undo_id.as_deref(), Some(report.undo.as_str()));

    // Undone already: refused; from the command line too, with a non-zero exit.
    let again = undo::undo(&scanner, &change, "test", Trigger::Cli, as_of()).await;
    assert!(
        matches!(again, Err(UndoError::AlreadyUndone { .. })),
        "{again:?}"
    );
    for (run, words) in [
        (change.as_str(), "already undone"),
        ("load-nope", "no load run"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_guanxi"))
            .args(["runs", "undo", run, "--yes"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(words), "{stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["runs", "list"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("undone") && table.contains(&format!("by test ({})", report.undo)),
        "{table}"
    );
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let audit = guanxi::audit::list(
        &graph,
        &guanxi::audit::AuditFilter {
            token: Some(format!("cli:{user}")),
            page: 1,
            per_page: 10,
        },
    )
    .await
    .unwrap();
    let audited: Vec<(String, i64)> = audit.iter().map(|e| (e.path.clone(), e.status)).collect();
    assert!(
        audited.contains(&(format!("guanxi runs undo {change}"), 409))
            && audited.contains(&("guanxi runs undo load-nope".to_string(), 404)),
        "{audited:?}"
    );
    // Reloading the change's files writes them again (the row hashes were restored too).
    let redo = load(&graph, &change_dir()).await;
    assert_ne!(redo, change);
    assert_eq!(wang(&graph).await[0], "13900001111");
}

#[tokio::test]
async fn the_api_undoes_an_ingest_for_admins_only() {
    let app = spawn_app().await;
    let graph = app.db.graph.clone();
    load_and_scan_examples(&graph).await;
    let phone = |graph: Graph| async move {
        column::<String>(
            &graph,
            query("MATCH (p:Person {id: 'p-cai-yongming'}) RETURN p.phone AS v"),
            "v",
        )
        .await
    };
    let before = phone(graph.clone()).await;
    let res = app
        .post(
            &app.admin,
            "/api/ingest/people",
            json!([{"id": "p-cai-yongming", "name": "蔡永明", "phone": "13900003333"}]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let ingest: Value = res.json().await.unwrap();
    let run = ingest["load_run"].as_str().unwrap().to_string();
    assert_eq!(phone(graph.clone()).await, vec!["13900003333".to_string()]);

    let path = format!("/api/loads/{run}/undo");
    let res = app.post(&app.investigator, &path, json!({})).await;
    assert_eq!(res.status(), 403);
    let res = app
        .post(&app.admin, "/api/loads/load-nope/undo", json!({}))
        .await;
    assert_eq!(res.status(), 404);
    let res = app.post(&app.admin, &path, json!({})).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["run"], run.as_str(), "{report}");
    assert_eq!(report["by"], "test-admin", "{report}");
    assert_eq!(phone(graph.clone()).await, before);
    let res = app.post(&app.admin, &path, json!({})).await;
    assert_eq!(res.status(), 409);
    let problem: Value = res.json().await.unwrap();
    assert!(problem.to_string().contains("already undone"), "{problem}");
    let res = app.get(&app.investigator, "/api/loads").await;
    let page: Value = res.json().await.unwrap();
    let listed = page["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == run.as_str())
        .unwrap();
    assert_eq!(listed["status"], "undone", "{page}");
}

/// `n` people rows `u-<i>` from `from`, with a birth date and a phone that say `version`.
fn people(from: usize, n: usize, version: u32) -> String {
    let mut csv = String::from("id,name,birth_date,phone\n");
    for i in from..from + n {
        csv.push_str(&format!(
            "u-{i:05},张{i},19{:02}-0{}-1{},1390{version}{i:06}\n",
            50 + i % 40,
            1 + i % 9,
            i % 10
        ));
    }
    csv
}

fn people_dir(tag: &str, csv: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-undo-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("people.csv"), csv).unwrap();
    dir
}

#[tokio::test]
async fn a_big_undo_works_in_batches_and_runs_are_undone_newest_first() {
    let db = clean_graph().await;
    let graph = db.graph.clone();
    // 2,500 people; then a run that changes 1,500 of them and adds 2,500 more: more than one
    // batch of each kind.
    let first = load(&graph, &people_dir("a", &people(0, 2500, 1))).await;
    let before: Vec<String> = column(
        &graph,
        query("MATCH (p:Person) WHERE p.id <= 'u-01499' RETURN p.phone + toString(p.birth_date) AS v ORDER BY p.id"),
        "v",
    )
    .await;
    let second = load(&graph, &people_dir("b", &people(1000, 4000, 2))).await;
    let total: Vec<i64> = column(&graph, query("MATCH (p:Person) RETURN count(p) AS n"), "n").await;
    assert_eq!(total, vec![5000]);

    let scanner = Scanner::new(graph.clone(), std::sync::Arc::new(db.settings.clone()));
    let refused = undo::undo(&scanner, &first, "test", Trigger::Cli, as_of()).await;
    assert!(
        matches!(refused, Err(UndoError::LaterRuns { ref later_runs, .. }) if later_runs == &vec![second.clone()]),
        "{refused:?}"
    );
    let report = undo::undo(&scanner, &second, "test", Trigger::Cli, as_of())
        .await
        .expect("undo the second");
    assert_eq!(report.removed, 2500, "{report:?}");
    assert_eq!(report.restored, 1500, "{report:?}");
    let after: Vec<String> = column(
        &graph,
        query("MATCH (p:Person) WHERE p.id <= 'u-01499' RETURN p.phone + toString(p.birth_date) AS v ORDER BY p.id"),
        "v",
    )
    .await;
    assert_eq!(after, before);
    let total: Vec<i64> = column(&graph, query("MATCH (p:Person) RETURN count(p) AS n"), "n").await;
    assert_eq!(total, vec![2500]);
    // The second undone, the first may go too: nothing is left of either.
    let report = undo::undo(&scanner, &first, "test", Trigger::Cli, as_of())
        .await
        .expect("undo the first");
    assert_eq!(report.removed, 2500, "{report:?}");
    let total: Vec<i64> = column(&graph, query("MATCH (n:Entity) RETURN count(n) AS n"), "n").await;
    assert_eq!(total, vec![0]);
}

#[tokio::test]
async fn each_batch_finds_its_records_by_element_id_or_index_never_by_a_scan() {
    let db = clean_graph().await;
    let (restore, remove) = (
        guanxi::cypher::LOAD_RUNS_UNDO[2].statements(),
        guanxi::cypher::LOAD_RUNS_UNDO[3].statements(),
    );
    // The batches (the listings run once each; the relationships' listing is one scan).
    for statement in [&restore[1], &restore[2], &remove[1], &remove[2]] {
        let mut params = neo4rs::BoltMap::default();
        for name in ["run", "undo", "by"] {
            params.put(name.into(), "x".into());
        }
        params.put(
            "now".into(),
            neo4rs::BoltType::from(chrono::Utc::now().fixed_offset()),
        );
        params.put("ids".into(), vec!["a b".to_string()].into());
        let plan = common::plan_of(&db.graph, statement, params).await;
        assert!(
            !plan.contains("AllRelationshipsScan")
                && !plan.contains("AllNodesScan")
                && !plan.contains("LabelScan"),
            "{statement}\n{plan}"
        );
    }
}
