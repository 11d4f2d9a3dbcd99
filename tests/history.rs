//! Update semantics and change history (issue 14) against the real Neo4j and service: a
//! partial row keeps the columns it does not have (and the identity links and alerts that
//! rest on them), an empty cell keeps the value unless a clear is asked, and every change is
//! in the entity's history with old and new values, run, who, file and line.

mod common;

use std::path::{Path, PathBuf};

use common::{alerts_by_id, column, load_and_scan_examples, spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::load::update::Clear;
use guanxi::load::{load_dir, LoadOptions};
use guanxi::tokens;
use neo4rs::query;
use serde_json::{json, Value};

async fn person(app: &TestApp, id: &str) -> Value {
    let res = app
        .get(&app.investigator, &format!("/api/entities/{id}"))
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    page["properties"].clone()
}

async fn history(app: &TestApp, token: &str, id: &str) -> (u16, Value) {
    let res = app.get(token, &format!("/api/entities/{id}/history")).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn same_as(app: &TestApp, id: &str) -> Vec<String> {
    column(
        &app.db.graph,
        query("MATCH (:Person {id: $id})-[:SAME_AS]-(b) RETURN b.id AS id ORDER BY id")
            .param("id", id),
        "id",
    )
    .await
}

fn dataset(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-history-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn options(dir: &Path, clear: Clear) -> LoadOptions {
    LoadOptions {
        report_dir: dir.join("reports"),
        clear,
        ..LoadOptions::new(dir)
    }
}

#[tokio::test]
async fn a_partial_people_row_keeps_the_other_columns_and_every_change_is_in_the_history() {
    let app = spawn_app().await;
    let graph = app.db.graph.clone();
    load_and_scan_examples(&graph).await;
    // A person linked to another record by ID number, with alerts about the graph.
    let linked: Vec<String> = column(
        &graph,
        query("MATCH (a:Person)-[:SAME_AS]-() WHERE a.id_number IS NOT NULL AND a.phone IS NOT NULL RETURN a.id AS id ORDER BY id LIMIT 1"),
        "id",
    )
    .await;
    let id = linked
        .first()
        .expect("a person with a SAME_AS link")
        .clone();
    let before = person(&app, &id).await;
    let links = same_as(&app, &id).await;
    let alerts = alerts_by_id(&graph, "status").await;
    assert!(!alerts.is_empty());

    // A partial row: id, name and a new address only.
    let res = app
        .post(
            &app.admin,
            "/api/ingest/people",
            json!([{"id": id, "name": before["name"], "address": "青溪县新街9号"}]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let ingest: Value = res.json().await.unwrap();
    assert_eq!(ingest["loaded"], 1, "{ingest}");
    let after = person(&app, &id).await;
    for key in ["id_number", "phone", "birth_date", "gender"] {
        assert_eq!(after[key], before[key], "{key} kept");
    }
    assert_eq!(after["address"], "青溪县新街9号");
    assert_ne!(after["address_norm"], before["address_norm"]);
    assert_eq!(same_as(&app, &id).await, links, "identity links survive");
    let options = guanxi::scan::ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    };
    guanxi::scan::run_scan_once(&graph, &options).await.unwrap();
    assert_eq!(
        alerts_by_id(&graph, "status").await,
        alerts,
        "alerts survive"
    );

    // The history: old → new, run, who, file and line.
    let (status, page) = history(&app, &app.investigator, &id).await;
    assert_eq!(status, 200, "{page}");
    let entry = &page["entries"][0];
    assert_eq!(entry["changes"]["address"][0], before["address"]);
    assert_eq!(entry["changes"]["address"][1], "青溪县新街9号");
    assert!(entry["changes"].get("phone").is_none());
    assert_eq!(entry["by"], "test-admin");
    assert_eq!(entry["file"], "ingest:people");
    assert_eq!(entry["line"], 1);
    assert_eq!(entry["run"], ingest["load_run"]);
    // The same partial row again changes nothing and records nothing.
    let res = app
        .post(
            &app.admin,
            "/api/ingest/people",
            json!([{"id": id, "name": before["name"], "address": "青溪县新街9号"}]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, again) = history(&app, &app.investigator, &id).await;
    assert_eq!(again["entries"].as_array().unwrap().len(), 1);

    // An empty value keeps the stored one; `?clear=phone` removes it.
    let row = json!([{"id": id, "name": before["name"], "phone": ""}]);
    let res = app
        .post(&app.admin, "/api/ingest/people", row.clone())
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(person(&app, &id).await["phone"], before["phone"]);
    let res = app
        .post(&app.admin, "/api/ingest/people?clear=phone", row)
        .await;
    assert_eq!(res.status(), 200);
    assert!(person(&app, &id).await.get("phone").is_none());
    let (_, page) = history(&app, &app.investigator, &id).await;
    let cleared = &page["entries"][0]["changes"]["phone"];
    assert_eq!(cleared[0], before["phone"]);
    assert_eq!(cleared[1], Value::Null);
    // A clear of a column the table does not have, or of a required one, is refused.
    for bad in ["nope", "name"] {
        let res = app
            .post(
                &app.admin,
                &format!("/api/ingest/people?clear={bad}"),
                json!([{"id": id, "name": before["name"]}]),
            )
            .await;
        assert_eq!(res.status(), 400, "{bad}");
    }

    // Roles and scope: viewers 403; a village token sees its official's history, not an
    // out-of-scope person's (404, as an unknown id).
    assert_eq!(history(&app, &app.viewer, &id).await.0, 403);
    assert_eq!(history(&app, &app.investigator, "p-no-such").await.0, 404);
    let village = tokens::create_scoped(
        &graph,
        "dongshan-inv",
        Role::Investigator,
        Some(vec!["o-dongshan".to_string()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret;
    assert_eq!(history(&app, &village, "p-wang-jianguo").await.0, 200);
    assert_eq!(history(&app, &village, "p-ma-wenbin").await.0, 404);
}

#[tokio::test]
async fn csv_loads_keep_empty_cells_unless_clear_empty_and_record_relationship_changes() {
    let db = common::clean_graph().await;
    let graph = &db.graph;
    let first = dataset(
        "first",
        &[
            ("orgs.csv", "id,name,kind\no-x,某镇,town\n"),
            (
                "people.csv",
                "id,name,phone,address\np-a,张三,13900000001,某镇1号\n",
            ),
            (
                "positions.csv",
                "person_id,org_id,title,start_date,end_date\np-a,o-x,镇长,2020-01-01,\n",
            ),
        ],
    );
    load_dir(graph, &options(&first, Clear::Nothing))
        .await
        .unwrap();
    let props = |id: &'static str| {
        column::<Option<String>>(
            graph,
            query("MATCH (n:Entity {id: $id}) RETURN n.phone AS phone").param("id", id),
            "phone",
        )
    };
    // An empty phone cell and no address column: both kept.
    let second = dataset(
        "second",
        &[
            ("people.csv", "id,name,phone\np-a,张三,\n"),
            (
                "positions.csv",
                "person_id,org_id,title,start_date,end_date\np-a,o-x,镇长,2020-01-01,2024-06-30\n",
            ),
        ],
    );
    load_dir(graph, &options(&second, Clear::Nothing))
        .await
        .unwrap();
    assert_eq!(props("p-a").await, vec![Some("13900000001".to_string())]);
    let address: Vec<String> = column(
        graph,
        query("MATCH (n:Person {id: 'p-a'}) RETURN n.address AS a"),
        "a",
    )
    .await;
    assert_eq!(address, vec!["某镇1号".to_string()]);
    // --clear-empty: the empty cell removes it.
    load_dir(graph, &options(&second, Clear::EmptyCells))
        .await
        .unwrap();
    assert_eq!(props("p-a").await, vec![None]);

    let page = guanxi::history::entity_history(graph, "p-a", None, 0, 50)
        .await
        .unwrap()
        .expect("p-a exists");
    let phone = page
        .entries
        .iter()
        .find(|e| e.changes.contains_key("phone"))
        .expect("the phone's removal is recorded");
    assert_eq!(
        phone.changes["phone"],
        [Some("13900000001".to_string()), None]
    );
    assert_eq!(phone.by, guanxi::load::cli_user());
    assert_eq!(phone.line, 2);
    assert!(phone.file.ends_with("people.csv"), "{}", phone.file);
    // The position's end date, a relationship property, is in both ends' history.
    let post = page
        .entries
        .iter()
        .find(|e| e.rel_type.as_deref() == Some("HOLDS_POST"))
        .expect("the position change is recorded");
    assert_eq!(
        post.changes["end_date"],
        [None, Some("2024-06-30".to_string())]
    );
    assert_eq!(post.other_id.as_deref(), Some("o-x"));
    let org = guanxi::history::entity_history(graph, "o-x", None, 0, 50)
        .await
        .unwrap()
        .unwrap();
    assert!(org
        .entries
        .iter()
        .any(|e| e.rel_type.as_deref() == Some("HOLDS_POST")));
    // The sources list keeps each file and line that asserted the person.
    let third = dataset("third", &[("people.csv", "id,name\np-b,李四\np-a,张三\n")]);
    load_dir(graph, &options(&third, Clear::Nothing))
        .await
        .unwrap();
    let sources: Vec<Vec<String>> = column(
        graph,
        query("MATCH (n:Person {id: 'p-a'}) RETURN n.sources AS s"),
        "s",
    )
    .await;
    assert_eq!(
        sources[0],
        vec!["people.csv:2", "people.csv:3"],
        "{sources:?}"
    );
    assert!(guanxi::history::render(&page).contains("13900000001 → ∅"));
}

#[tokio::test]
async fn a_kinship_tie_keeps_every_row_that_asserted_it() {
    let db = common::clean_graph().await;
    let graph = &db.graph;
    let sources = || {
        column::<Vec<String>>(
            graph,
            query(
                "MATCH (:Person {id: 'p-b'})-[r:PARENT_OF]->(:Person {id: 'p-a'}) \
                 RETURN coalesce(r.sources, []) AS s",
            ),
            "s",
        )
    };
    let first = dataset(
        "kin-first",
        &[
            (
                "people.csv",
                "id,name,gender\np-a,张小明,male\np-b,张大山,male\n",
            ),
            (
                "kinship.csv",
                "person_id,relative_id,relation\np-a,p-b,父亲\n",
            ),
        ],
    );
    for _ in 0..2 {
        load_dir(graph, &options(&first, Clear::Nothing))
            .await
            .unwrap();
    }
    assert_eq!(
        sources().await,
        vec![Vec::<String>::new()],
        "only the first row asserted it: no list, and a reload changes nothing"
    );
    // The same tie from the other end, on another line (provenance names a file by its
    // name): both rows are kept.
    let second = dataset(
        "kin-second",
        &[
            ("people.csv", "id,name,gender\np-c,张小亮,male\n"),
            (
                "kinship.csv",
                "person_id,relative_id,relation\np-a,p-c,哥哥\np-b,p-a,儿子\n",
            ),
        ],
    );
    load_dir(graph, &options(&second, Clear::Nothing))
        .await
        .unwrap();
    assert_eq!(
        sources().await.concat(),
        vec!["kinship.csv:2", "kinship.csv:3"]
    );
}
