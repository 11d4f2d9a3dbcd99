//! Retractions against the real Neo4j (issue 14): retracting a family tie removes the derived
//! kin and retires the alert it made, with the retraction in the history of both people and
//! the retirement in the alert's; role, post and entity retractions remove what they name
//! (an entity leaves search, its page and its alerts); a reload of the same files does not
//! bring a retracted fact back (a warning instead); an unknown target or a missing reason is
//! refused with nothing changed; the `DELETE` routes are admin only and audited with the
//! reason.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::{clean_graph, column, spawn_app};
use guanxi::domain::{AlertStatus, CompanyRole};
use guanxi::load::{load_dir, LoadOptions, LoadSummary};
use guanxi::retract::{self, RetractError, Target};
use guanxi::scan::runs::{Scanner, Trigger};
use guanxi::scan::{get_alert, list_alerts, Alert, AlertFilter};
use guanxi::settings::Settings;
use neo4rs::{query, Graph};
use serde_json::Value;

fn fixture() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kin-supplier"
    ))
}

async fn load(graph: &Graph) -> LoadSummary {
    let mut options = LoadOptions::new(fixture());
    options.report_dir =
        std::env::temp_dir().join(format!("guanxi-retract-{}", std::process::id()));
    let summary = load_dir(graph, &options).await.unwrap();
    assert_eq!(summary.rejected(), 0, "{:?}", summary.rejects);
    summary
}

async fn recompute(graph: &Graph, settings: &Settings) -> guanxi::scan::ScanSummary {
    let scanner = Scanner::new(graph.clone(), Arc::new(settings.clone()));
    retract::recompute_derived(&scanner, Trigger::Cli, "test")
        .await
        .unwrap()
}

/// The kin-supplier alert naming all of `ids`.
async fn alert_naming(graph: &Graph, ids: &[&str]) -> Alert {
    let mut all = list_alerts(graph, &AlertFilter::default()).await.unwrap();
    all.extend(
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
    all.into_iter()
        .find(|a| ids.iter().all(|id| a.subjects.iter().any(|s| s == id)))
        .unwrap_or_else(|| panic!("an alert naming {ids:?}"))
}

async fn count(graph: &Graph, text: &str) -> i64 {
    column::<i64>(graph, query(text), "n").await[0]
}

/// Nodes and relationships, outside the audit log (a refused retraction is audited).
async fn graph_size(graph: &Graph) -> (i64, i64) {
    (
        count(
            graph,
            "MATCH (n) WHERE NOT n:AuditBatch AND NOT n:AuditHead RETURN count(n) AS n",
        )
        .await,
        count(graph, "MATCH ()-[r]->() RETURN count(r) AS n").await,
    )
}

async fn history(graph: &Graph, id: &str) -> Vec<guanxi::history::HistoryEntry> {
    guanxi::history::entity_history(graph, id, None, 0, 500)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("history of {id}"))
        .entries
}

fn warned(summary: &LoadSummary, retraction: &str) -> bool {
    summary
        .warnings
        .iter()
        .any(|w| w.reason.contains(retraction) && w.reason.contains("retracted"))
}

#[tokio::test]
async fn a_retracted_tie_takes_its_kin_and_alert_with_it_and_stays_retracted() {
    let db = clean_graph().await;
    let graph = &db.graph;
    load(graph).await;
    recompute(graph, &db.settings).await;
    // 王秀兰's daughter 赵丽 is 王建国's niece, legal representative of 红图广告.
    let alert = alert_naming(graph, &["p-wang-jianguo", "p-zhao-li", "k-ds-ad-1"]).await;
    assert_ne!(alert.status, AlertStatus::Retired);
    let kin = "MATCH (:Person {id: 'p-wang-jianguo'})-[k:KIN]-(:Person {id: 'p-zhao-li'}) RETURN count(k) AS n";
    assert!(count(graph, kin).await > 0);

    // Refused, nothing changed: no reason, an unknown person, no tie between the two.
    let before = graph_size(graph).await;
    let tie = Target::Kinship {
        a: "p-zhao-li".into(),
        b: "p-wang-xiulan".into(),
    };
    let refused = retract::retract(graph, &tie, "test", "  ").await;
    assert!(
        matches!(refused, Err(RetractError::NoReason)),
        "{refused:?}"
    );
    for (a, b) in [
        ("p-wang-jianguo", "p-nobody"),
        ("p-wang-jianguo", "p-zhao-li"),
    ] {
        let target = Target::Kinship {
            a: a.into(),
            b: b.into(),
        };
        let refused = retract::retract(graph, &target, "test", "wrong").await;
        assert!(
            matches!(refused, Err(RetractError::NotFound(_))),
            "{refused:?}"
        );
    }
    assert_eq!(graph_size(graph).await, before);
    assert!(retract::list(graph).await.unwrap().is_empty());

    // Given child first: the stored tie points from the parent, found all the same.
    let retraction = retract::retract(graph, &tie, "cli:tester", "户籍核实：非母女关系")
        .await
        .unwrap();
    assert_eq!(retraction.removed, 1);
    assert_eq!(retraction.keys, vec!["p-wang-xiulan", "p-zhao-li"]);
    let scan = recompute(graph, &db.settings).await;
    assert_eq!(count(graph, kin).await, 0, "the derived kin is gone");
    let retired = get_alert(graph, &alert.id).await.unwrap().unwrap();
    assert_eq!(retired.status, AlertStatus::Retired);
    assert_eq!(retired.retired_scan.as_deref(), Some(scan.scan.as_str()));
    assert!(
        retired
            .history
            .iter()
            .any(|h| h.to_string().contains("retired")),
        "{:?}",
        retired.history
    );
    // The history of both people shows the retraction: the tie, its old values, who, why.
    for person in ["p-wang-xiulan", "p-zhao-li"] {
        let entries = history(graph, person).await;
        let entry = entries
            .iter()
            .find(|e| e.run == retraction.id)
            .unwrap_or_else(|| panic!("{person}: {entries:?}"));
        assert_eq!(entry.rel_type.as_deref(), Some("PARENT_OF"));
        assert_eq!(entry.by, "cli:tester");
        assert_eq!(entry.reason.as_deref(), Some("户籍核实：非母女关系"));
        assert_eq!(
            entry.changes["tie"],
            [Some("PARENT_OF".to_string()), None],
            "{entry:?}"
        );
    }
    let listed = retract::list(graph).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, "户籍核实：非母女关系");
    assert_eq!(listed[0].by, "cli:tester");

    // Reloading the same files does not bring the tie back: the row is a warning.
    let again = load(graph).await;
    assert!(warned(&again, &retraction.id), "{:?}", again.warnings);
    let tie_back = "MATCH (:Person {id: 'p-wang-xiulan'})-[r:PARENT_OF]-(:Person {id: 'p-zhao-li'}) RETURN count(r) AS n";
    assert_eq!(count(graph, tie_back).await, 0);
    recompute(graph, &db.settings).await;
    let still = get_alert(graph, &alert.id).await.unwrap().unwrap();
    assert_eq!(still.status, AlertStatus::Retired);
}

#[tokio::test]
async fn role_post_and_entity_retractions_remove_what_they_name() {
    let db = clean_graph().await;
    let graph = &db.graph;
    load(graph).await;
    recompute(graph, &db.settings).await;
    let role_alert = alert_naming(graph, &["c-xuji", "k-ds-build"]).await;
    let post_alert = alert_naming(graph, &["p-cai-yongming", "k-ds-repair"]).await;
    let entity_alert = alert_naming(graph, &["k-ds-lights"]).await;
    assert!(entity_alert.subjects.iter().any(|s| s == "c-gaoyang"));

    let role = retract::retract(
        graph,
        &Target::Role {
            company: "c-xuji".into(),
            person: "p-xu-jun-reg".into(),
            role: CompanyRole::parse("股东").unwrap(),
        },
        "test",
        "股权已转让",
    )
    .await
    .unwrap();
    let post = retract::retract(
        graph,
        &Target::Position {
            person: "p-cai-yongming".into(),
            org: "o-fenglin".into(),
            title: "副镇长".into(),
        },
        "test",
        "任职记录有误",
    )
    .await
    .unwrap();
    let entity = retract::retract(
        graph,
        &Target::Entity {
            id: "p-gao-yang".into(),
        },
        "test",
        "重复录入的人员",
    )
    .await
    .unwrap();
    assert!(entity.removed >= 2, "his role and his kinship: {entity:?}");
    recompute(graph, &db.settings).await;

    let role_left = "MATCH (:Person {id: 'p-xu-jun-reg'})-[r:ROLE_IN]->(:Company {id: 'c-xuji'}) RETURN count(r) AS n";
    assert_eq!(count(graph, role_left).await, 0);
    let post_left = "MATCH (p:Person {id: 'p-cai-yongming'}) RETURN COUNT { (p)-[:HOLDS_POST]->() } + CASE WHEN p:Official THEN 100 ELSE 0 END AS n";
    assert_eq!(count(graph, post_left).await, 0, "no post, no :Official");
    for alert in [&role_alert, &post_alert, &entity_alert] {
        let now = get_alert(graph, &alert.id).await.unwrap().unwrap();
        assert_eq!(now.status, AlertStatus::Retired, "{}", alert.id);
    }
    // The entity left every labelled query and every walk, and stays in the database.
    assert!(guanxi::explore::entity::entity(graph, "p-gao-yang", None)
        .await
        .unwrap()
        .is_none());
    let kept = "MATCH (n:Retracted {id: 'p-gao-yang'}) WHERE NOT n:Entity AND NOT n:Person AND NOT EXISTS { (n)--(m) WHERE NOT m:Alert } RETURN count(n) AS n";
    assert_eq!(count(graph, kept).await, 1);
    // Its own history (unscoped) says it was retracted, and why.
    let own = history(graph, "p-gao-yang").await;
    assert!(
        own.iter().any(|e| e.run == entity.id
            && e.reason.as_deref() == Some("重复录入的人员")
            && e.changes.contains_key("labels")),
        "{own:?}"
    );
    // The company's history shows the role its retracted legal representative held.
    let company = history(graph, "c-gaoyang").await;
    assert!(
        company
            .iter()
            .any(|e| e.run == entity.id && e.rel_type.as_deref() == Some("ROLE_IN")),
        "{company:?}"
    );

    // A reload skips each retracted fact with a warning naming its retraction.
    let again = load(graph).await;
    for r in [&role, &post, &entity] {
        assert!(warned(&again, &r.id), "{}: {:?}", r.id, again.warnings);
    }
    assert_eq!(count(graph, role_left).await, 0);
    assert_eq!(count(graph, post_left).await, 0);
    let back = "MATCH (n {id: 'p-gao-yang'}) RETURN count(n) + COUNT { (:Entity {id: 'p-gao-yang'}) } AS n";
    assert_eq!(count(graph, back).await, 1, "only the retracted node");
    // Retracting it again is refused.
    let twice = retract::retract(
        graph,
        &Target::Entity {
            id: "p-gao-yang".into(),
        },
        "test",
        "again",
    )
    .await;
    assert!(
        matches!(twice, Err(RetractError::AlreadyRetracted { .. })),
        "{twice:?}"
    );
}

#[tokio::test]
async fn delete_routes_are_admin_only_and_audited_with_the_reason() {
    let app = spawn_app().await;
    let graph = &app.db.graph;
    load(graph).await;
    recompute(graph, &app.db.settings).await;
    let delete = |token: String, path: String| {
        let request = app
            .client
            .delete(format!("{}{path}", app.base))
            .bearer_auth(token);
        async move { request.send().await.expect("request") }
    };
    let kinship =
        "/api/kinship/p-wang-jianguo/p-wang-jianmin?reason=%E6%88%B7%E7%B1%8D%E6%A0%B8%E5%AE%9E";
    let before = graph_size(graph).await;
    for token in [&app.viewer, &app.investigator] {
        for path in [
            kinship,
            "/api/entities/p-gao-yang?reason=x",
            "/api/companies/c-hongtu/roles/p-zhao-li/legal_rep?reason=x",
            "/api/people/p-he-zhigang/posts/o-nanxi/x?reason=x",
        ] {
            let status = delete(token.clone(), path.to_string()).await.status();
            assert_eq!(status, 403, "{path}");
        }
    }
    let bad = [
        ("/api/kinship/p-wang-jianguo/p-wang-jianmin", 400),
        ("/api/kinship/p-wang-jianguo/p-wang-jianmin?reason=", 400),
        ("/api/kinship/p-wang-jianguo/p-nobody?reason=x", 404),
        ("/api/entities/p-nobody?reason=x", 404),
        ("/api/companies/c-hongtu/roles/p-zhao-li/chef?reason=x", 400),
        ("/api/people/p-he-zhigang/posts/o-nanxi/x?reason=x", 404),
    ];
    for (path, expected) in bad {
        let status = delete(app.admin.clone(), path.to_string()).await.status();
        assert_eq!(status, expected, "{path}");
    }
    assert_eq!(graph_size(graph).await, before, "nothing changed");

    let answer = delete(app.admin.clone(), kinship.to_string()).await;
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["retraction"]["kind"], "kinship");
    assert_eq!(body["retraction"]["by"], "test-admin");
    assert!(body["scan"].is_string(), "{body}");
    let id = body["retraction"]["id"].as_str().unwrap().to_string();
    let history: Value = app
        .get(&app.admin, "/api/entities/p-wang-jianmin/history")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        history["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["run"] == id.as_str() && e["reason"] == "户籍核实"),
        "{history}"
    );

    // A post, its title in the path (村党总支书记): 南溪村's party secretary is no official.
    let post = "/api/people/p-he-zhigang/posts/o-nanxi/%E6%9D%91%E5%85%9A%E6%80%BB%E6%94%AF%E4%B9%A6%E8%AE%B0?reason=x";
    assert_eq!(delete(app.admin.clone(), post.into()).await.status(), 200);
    let official = "MATCH (p:Person {id: 'p-he-zhigang'}) RETURN COUNT { (p)-[:HOLDS_POST]->() } + CASE WHEN p:Official THEN 100 ELSE 0 END AS n";
    assert_eq!(count(graph, official).await, 0);
    assert_eq!(delete(app.admin.clone(), post.into()).await.status(), 404);

    let answer = delete(
        app.admin.clone(),
        "/api/entities/p-gao-yang?reason=dup".into(),
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        app.get(&app.admin, "/api/entities/p-gao-yang")
            .await
            .status(),
        404
    );
    let hits: Value = app
        .get(&app.admin, "/api/search?q=%E9%AB%98%E9%98%B3")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !hits.to_string().contains("p-gao-yang"),
        "the retracted person is no hit: {hits}"
    );

    // The audit log has who and why (written in the background).
    let mut found = false;
    for _ in 0..40 {
        let audit: Value = app
            .get(&app.admin, "/api/audit?token=test-admin&per_page=1000")
            .await
            .json()
            .await
            .unwrap();
        found = audit.as_array().unwrap().iter().any(|e| {
            e["path"]
                .as_str()
                .is_some_and(|p| p.contains(&id) && p.contains("户籍核实") && p.contains("kinship"))
        });
        if found {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found, "the retraction's audit entry with its reason");
}
