//! Bulk triage (issue 15) against the real service and Neo4j on the examples: one status and
//! note for many alerts, a result per id, the same history entry as a single triage; ids
//! outside a scoped token's region are reported `not_found` and left unchanged; viewers get
//! a 403; `guanxi alerts triage` does the same from the command line, audited.

mod common;

use std::collections::BTreeSet;

use common::{load_and_scan_examples, spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::tokens;
use serde_json::{json, Value};

async fn alert_ids(app: &TestApp, token: &str) -> Vec<String> {
    let page: Value = app
        .get(token, "/api/alerts?per_page=500&sort=pattern")
        .await
        .json()
        .await
        .unwrap();
    page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

async fn alert(app: &TestApp, id: &str) -> Value {
    app.get(&app.admin, &format!("/api/alerts/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn bulk_triage_changes_every_alert_in_scope_and_reports_the_rest() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let all = alert_ids(&app, &app.admin).await;
    assert!(all.len() >= 4, "{all:?}");

    // Two alerts at once: both change, both histories hold the entry with the note.
    let two = &all[..2];
    let response = app
        .post(
            &app.investigator,
            "/api/alerts/triage",
            json!({"ids": [two[0], two[1], two[0]], "status": "in_review", "note": "批量核查"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let result: Value = response.json().await.unwrap();
    assert_eq!(result["changed"], 2, "{result}");
    assert_eq!(
        result["items"].as_array().unwrap().len(),
        2,
        "repeats count once"
    );
    for id in two {
        let a = alert(&app, id).await;
        assert_eq!(a["status"], "in_review");
        let last = a["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["note"], "批量核查");
        assert_eq!(last["by"], "test-investigator");
        assert_eq!(last["from"], "new");
    }

    // Again to in_review: not allowed (in_review → in_review), unchanged, reported per id;
    // an unknown id is not_found.
    let again: Value = app
        .post(
            &app.investigator,
            "/api/alerts/triage",
            json!({"ids": [two[0], "no-such-alert"], "status": "in_review"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["changed"], 0);
    assert_eq!(again["items"][0]["outcome"], "not_allowed");
    assert_eq!(again["items"][1]["outcome"], "not_found");
    assert_eq!(
        alert(&app, &two[0]).await["history"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A token scoped to 东山村: its alerts change, the others are not_found and unchanged.
    let scoped = tokens::create_scoped(
        &app.db.graph,
        "dongshan-inv",
        Role::Investigator,
        Some(vec!["o-dongshan".into()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret;
    let seen: BTreeSet<String> = alert_ids(&app, &scoped).await.into_iter().collect();
    let inside = all[2..]
        .iter()
        .find(|id| seen.contains(*id))
        .unwrap()
        .clone();
    let outside = all[2..]
        .iter()
        .find(|id| !seen.contains(*id))
        .unwrap()
        .clone();
    let mixed: Value = app
        .post(
            &scoped,
            "/api/alerts/triage",
            json!({"ids": [inside, outside], "status": "dismissed", "note": "范围测试"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mixed["changed"], 1, "{mixed}");
    assert_eq!(mixed["items"][0]["outcome"], "changed");
    assert_eq!(mixed["items"][1]["outcome"], "not_found");
    assert!(
        mixed["items"][1].get("from").is_none(),
        "nothing said of it"
    );
    assert_eq!(alert(&app, &inside).await["status"], "dismissed");
    assert_eq!(alert(&app, &outside).await["status"], "new");

    // Viewers do not triage; bad requests lose nothing.
    let viewer = app
        .post(
            &app.viewer,
            "/api/alerts/triage",
            json!({"ids": [outside], "status": "confirmed"}),
        )
        .await;
    assert_eq!(viewer.status(), 403);
    for body in [
        json!({"ids": [], "status": "confirmed"}),
        json!({"ids": [outside], "status": "retired"}),
        json!({"ids": [outside], "status": "done"}),
    ] {
        let refused = app
            .post(&app.investigator, "/api/alerts/triage", body.clone())
            .await;
        assert_eq!(refused.status(), 400, "{body}");
    }
    assert_eq!(alert(&app, &outside).await["status"], "new");

    // The audit log names every alert of a bulk triage.
    let mut named = false;
    for _ in 0..50 {
        let entries = guanxi::audit::list(
            &app.db.graph,
            &guanxi::audit::AuditFilter {
                token: Some("dongshan-inv".into()),
                page: 1,
                per_page: 100,
            },
        )
        .await
        .unwrap();
        named = entries
            .iter()
            .any(|e| e.route == "bulk triage" && e.entity_ids.contains(&outside));
        if named {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(named, "no audit entry of the bulk triage names its alerts");
}

#[tokio::test]
async fn the_command_line_triages_many_alerts() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let all = alert_ids(&app, &app.admin).await;
    let output = common::guanxi(&[
        "alerts",
        "triage",
        "--status",
        "confirmed",
        "--note",
        "命令行批量",
        &all[0],
        &all[1],
        "no-such-alert",
    ]);
    let text = common::text(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("2 of 3 alerts changed"), "{text}");
    assert!(text.contains("no-such-alert\tnot_found"), "{text}");
    for id in &all[..2] {
        let a = alert(&app, id).await;
        assert_eq!(a["status"], "confirmed");
        assert_eq!(a["history"][0]["note"], "命令行批量");
    }
    let bad = common::guanxi(&["alerts", "triage", "--status", "retired", &all[2]]);
    assert!(!bad.status.success(), "{}", common::text(&bad));
    assert_eq!(alert(&app, &all[2]).await["status"], "new");
}
