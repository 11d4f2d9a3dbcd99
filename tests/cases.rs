//! Cases (线索/案件, issue 15) against the real service and Neo4j: a case made from the
//! examples' kin-supplier alerts and the advertising tip goes through every status to a
//! disposition and closes its alerts; refused changes change nothing; notes keep who and
//! when; viewers get 403; region scopes see only cases whose items they all see; the audit
//! log holds every change, from the API and from `guanxi case ...`.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{column, load_and_scan_examples, spawn_app, TestApp};
use guanxi::audit::{self, AuditEntry, AuditFilter};
use guanxi::domain::Role;
use guanxi::tokens;
use neo4rs::query;
use serde_json::{json, Value};

async fn kin_supplier_alerts(app: &TestApp) -> Vec<String> {
    let ids: Vec<String> = column(
        &app.db.graph,
        query("MATCH (a:Alert {pattern: 'kin-supplier'}) RETURN a.id AS id ORDER BY id"),
        "id",
    )
    .await;
    assert_eq!(ids.len(), 4, "the examples raise 4 kin-supplier alerts");
    ids
}

async fn json_of(response: reqwest::Response, expected: u16) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, expected, "{body}");
    body
}

/// The audit entries of `token` whose route is a case action, waiting for the service's
/// batched writer.
async fn case_audit(app: &TestApp, token: &str, at_least: usize) -> Vec<AuditEntry> {
    for _ in 0..50 {
        let filter = AuditFilter {
            token: Some(token.to_string()),
            page: 1,
            per_page: 200,
        };
        let entries: Vec<AuditEntry> = audit::list(&app.db.graph, &filter)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.route.starts_with("guanxi case"))
            .collect();
        if entries.len() >= at_least {
            return entries;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("fewer than {at_least} case audit entries for {token}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_goes_from_tip_and_alerts_to_a_disposition_and_closes_its_alerts() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let alerts = kin_supplier_alerts(&app).await;
    let inv = app.investigator.clone();

    // Viewers neither read nor write cases.
    let body = json!({"title": "x", "alerts": [alerts[0]]});
    assert_eq!(
        app.post(&app.viewer, "/api/cases", body).await.status(),
        403
    );
    assert_eq!(app.get(&app.viewer, "/api/cases").await.status(), 403);

    // Unknown items are refused and nothing is created.
    let bad = json!({"title": "红图广告", "alerts": [alerts[0]], "tips": ["t-none"]});
    let problem = json_of(app.post(&inv, "/api/cases", bad).await, 400).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("t-none"),
        "{problem}"
    );
    let none: Vec<String> = column(
        &app.db.graph,
        query("MATCH (c:Case) RETURN c.id AS id"),
        "id",
    )
    .await;
    assert!(
        none.is_empty(),
        "a refused creation leaves no case: {none:?}"
    );

    let create = json!({
        "title": "东山村广告业务垄断", "assignee": "李四", "deadline": "2026-12-31",
        "alerts": alerts, "tips": ["t-2017-001"], "entities": ["c-hongtu"]
    });
    let case = json_of(app.post(&inv, "/api/cases", create).await, 201).await;
    let id = case["id"].as_str().unwrap().to_string();
    let year = chrono::Utc::now().format("%Y");
    assert_eq!(id, format!("C-{year}-0001"));
    assert_eq!(case["status"], "received");
    assert_eq!(case["status_label"], "受理 received");
    assert_eq!(case["items"].as_array().unwrap().len(), 6);
    assert_eq!(case["deadline"], "2026-12-31");
    let alert = json_of(
        app.get(&inv, &format!("/api/alerts/{}", alerts[0])).await,
        200,
    )
    .await;
    assert_eq!(
        alert["cases"],
        json!([id]),
        "an included alert shows the case number"
    );

    // A step off the flow is refused and changes nothing.
    let path = format!("/api/cases/{id}/status");
    let skip = app.post(&inv, &path, json!({"status": "立案审查"})).await;
    json_of(skip, 409).await;
    let early = app
        .post(
            &inv,
            &path,
            json!({"status": "初步核实", "disposition": "诫勉"}),
        )
        .await;
    json_of(early, 400).await;
    let same = json_of(app.get(&inv, &format!("/api/cases/{id}")).await, 200).await;
    assert_eq!(same["status"], "received");
    assert_eq!(same["history"].as_array().unwrap().len(), 1);

    // Notes keep who and when.
    let noted = app
        .post(
            &inv,
            &format!("/api/cases/{id}/notes"),
            json!({"text": "调取工商登记"}),
        )
        .await;
    let noted = json_of(noted, 200).await;
    let note = &noted["notes"][0];
    assert_eq!(note["by"], "test-investigator");
    assert_eq!(note["text"], "调取工商登记");
    assert!(chrono::DateTime::parse_from_rfc3339(note["at"].as_str().unwrap()).is_ok());
    let empty = app
        .post(
            &inv,
            &format!("/api/cases/{id}/notes"),
            json!({"text": "  "}),
        )
        .await;
    json_of(empty, 400).await;

    // Every status, Chinese or English.
    for (word, status) in [
        ("初步核实", "preliminary_check"),
        ("inquiry", "inquiry"),
        ("立案审查", "filed"),
    ] {
        let moved = json_of(app.post(&inv, &path, json!({"status": word})).await, 200).await;
        assert_eq!(moved["case"]["status"], status);
    }
    // Closing needs a disposition from the list; a refused closing changes nothing.
    for body in [
        json!({"status": "办结"}),
        json!({"status": "办结", "disposition": "罚款", "close_alerts": true}),
    ] {
        json_of(app.post(&inv, &path, body).await, 400).await;
    }
    let still = json_of(app.get(&inv, &format!("/api/cases/{id}")).await, 200).await;
    assert_eq!(still["status"], "filed");
    assert!(still["disposition"].is_null());
    let alert = json_of(
        app.get(&inv, &format!("/api/alerts/{}", alerts[0])).await,
        200,
    )
    .await;
    assert_eq!(alert["status"], "new");

    let close = json!({"status": "办结", "disposition": "谈话提醒", "close_alerts": true});
    let closed = json_of(app.post(&inv, &path, close).await, 200).await;
    assert_eq!(closed["case"]["status_label"], "办结 closed");
    assert_eq!(closed["case"]["disposition"], "谈话提醒");
    assert_eq!(closed["closed_alerts"].as_array().unwrap().len(), 4);
    assert_eq!(closed["case"]["history"].as_array().unwrap().len(), 5);
    for alert_id in &alerts {
        let alert = json_of(app.get(&inv, &format!("/api/alerts/{alert_id}")).await, 200).await;
        assert_eq!(alert["status"], "confirmed");
        assert_eq!(alert["cases"], json!([id]));
        let last = alert["history"].as_array().unwrap().last().unwrap().clone();
        let triage_note = last["note"].as_str().unwrap();
        assert!(
            triage_note.contains(&id) && triage_note.contains("谈话提醒"),
            "{last}"
        );
    }
    // A closed case stays closed.
    json_of(
        app.post(&inv, &path, json!({"status": "received"})).await,
        409,
    )
    .await;

    // The audit log holds every change, refused ones too, with the case number.
    let entries = case_audit(&app, "test-investigator", 13).await;
    let routes: Vec<&str> = entries.iter().map(|e| e.route.as_str()).collect();
    for action in ["create", "note", "status"] {
        assert!(
            routes.contains(&format!("guanxi case {action}").as_str()),
            "{routes:?}"
        );
    }
    assert!(entries
        .iter()
        .any(|e| e.status == 200 && e.path.contains(&id) && e.path.contains("谈话提醒")));
    assert!(entries
        .iter()
        .any(|e| e.status == 409 && e.path.contains(&id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_come_and_go_and_scopes_see_only_cases_they_wholly_see() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let alerts = kin_supplier_alerts(&app).await;
    let inv = app.investigator.clone();
    let create = json!({"title": "红图广告", "alerts": [alerts[0]]});
    let case = json_of(app.post(&inv, "/api/cases", create).await, 201).await;
    let id = case["id"].as_str().unwrap().to_string();

    let items = format!("/api/cases/{id}/items");
    let add = json!({"tips": ["t-2017-001"], "entities": ["p-wang-jianguo"]});
    let added = json_of(app.post(&inv, &items, add).await, 200).await;
    assert_eq!(added["items"].as_array().unwrap().len(), 3);
    // A tip is not an entity of another kind: refused, and nothing of the request is added.
    let wrong = json!({"entities": ["t-2017-002", "c-hongtu"]});
    json_of(app.post(&inv, &items, wrong).await, 400).await;
    let same = json_of(app.get(&inv, &format!("/api/cases/{id}")).await, 200).await;
    assert_eq!(same["items"].as_array().unwrap().len(), 3);

    let removed = app
        .client
        .delete(format!("{}{items}/p-wang-jianguo", app.base))
        .bearer_auth(&inv)
        .send()
        .await
        .unwrap();
    let removed = json_of(removed, 200).await;
    let left: Vec<&str> = removed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&"p-wang-jianguo"));
    let again = app
        .client
        .delete(format!("{}{items}/p-wang-jianguo", app.base))
        .bearer_auth(&inv)
        .send()
        .await
        .unwrap();
    json_of(again, 404).await;

    // The county sees every item, hence the case; another village sees none of them.
    let scoped = |name: &'static str, org: &'static str| {
        let graph = app.db.graph.clone();
        async move {
            tokens::create_scoped(
                &graph,
                name,
                Role::Investigator,
                Some(vec![org.to_string()]),
                None,
                "test",
            )
            .await
            .unwrap()
            .secret
        }
    };
    let county = scoped("county-inv", "o-qingxi").await;
    let lianhua = scoped("lianhua-inv", "o-lianhua").await;
    let listed = json_of(app.get(&county, "/api/cases").await, 200).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let listed = json_of(app.get(&lianhua, "/api/cases").await, 200).await;
    assert_eq!(listed, json!([]));
    json_of(app.get(&lianhua, &format!("/api/cases/{id}")).await, 404).await;
    let note = app
        .post(
            &lianhua,
            &format!("/api/cases/{id}/notes"),
            json!({"text": "x"}),
        )
        .await;
    json_of(note, 404).await;
}

/// `guanxi case ARGS...` against the test database (NEO4J_URI from the environment).
fn guanxi_case(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .arg("case")
        .args(args)
        .env("USER", "test-clerk")
        .output()
        .expect("the guanxi binary runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_creates_moves_and_audits_a_case() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let alert: Vec<String> = column(
        &test.graph,
        query("MATCH (a:Alert {pattern: 'kin-supplier'}) RETURN a.id AS id ORDER BY id LIMIT 1"),
        "id",
    )
    .await;
    let created = guanxi_case(&[
        "create",
        "--title",
        "红图广告承接东山村业务",
        "--alert",
        &alert[0],
        "--tip",
        "t-2017-001",
        "--entity",
        "c-hongtu",
        "--assignee",
        "李四",
        "--deadline",
        "2026-12-31",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let stdout = String::from_utf8(created.stdout).unwrap();
    let id = stdout.lines().last().unwrap().trim().to_string();
    assert!(
        id.starts_with("C-") && id.len() == "C-2026-0001".len(),
        "last line: {id}"
    );

    let wrong = guanxi_case(&["status", &id, "办结", "--disposition", "罚款"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("罚款"));
    assert!(guanxi_case(&["status", &id, "初步核实"]).status.success());
    assert!(guanxi_case(&["note", &id, "已约谈"]).status.success());
    let closing = [
        "status",
        &id,
        "closed",
        "--disposition",
        "予以了结",
        "--close-alerts",
    ];
    let closed = guanxi_case(&closing);
    assert!(
        closed.status.success(),
        "{}",
        String::from_utf8_lossy(&closed.stderr)
    );
    assert!(String::from_utf8_lossy(&closed.stdout).contains(&alert[0]));

    let shown = guanxi_case(&["show", &id, "--format", "json"]);
    let case: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(case["status"], "closed");
    assert_eq!(case["disposition"], "予以了结");
    assert_eq!(case["notes"][0]["by"], "cli:test-clerk");
    assert_eq!(case["items"].as_array().unwrap().len(), 3);
    let listed = guanxi_case(&["list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&id));

    let filter = AuditFilter {
        token: Some("cli:test-clerk".into()),
        page: 1,
        per_page: 50,
    };
    let entries = audit::list(&test.graph, &filter).await.unwrap();
    let of_case: Vec<&AuditEntry> = entries.iter().filter(|e| e.path.contains(&id)).collect();
    assert_eq!(of_case.len(), 5, "{of_case:?}");
    assert!(of_case
        .iter()
        .any(|e| e.status == 400 && e.path.contains("罚款")));
    assert!(of_case.iter().all(|e| e.method == "CLI"));
}
