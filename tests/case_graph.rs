//! The graph of a case (`cases::graph`, `GET /api/cases/{id}/graph`) against the real Neo4j
//! over the examples: a case made from the advertising tip, the companies and village it
//! names and the kin-supplier alert about 红图广告 draws the secretary, his niece and the
//! company, with the niece path and the alert's evidence; a scope that does not see the case
//! gets nothing, one that does sees only its own nodes; viewers get 403; the dispositions a
//! case may be closed with are listed for the page.

mod common;

use std::time::Duration;

use common::{column, load_and_scan_examples, spawn_app};
use guanxi::cases::{self, CaseError, NewCase};
use guanxi::domain::Role;
use guanxi::tokens;
use neo4rs::{query, Graph};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(10);

/// The kin-supplier alert about 红图广告.
async fn hongtu_alert(graph: &Graph) -> String {
    let ids: Vec<String> = column(
        graph,
        query(
            "MATCH (a:Alert {pattern: 'kin-supplier'}) WHERE 'c-hongtu' IN a.subjects \
             RETURN a.id AS id ORDER BY id LIMIT 1",
        ),
        "id",
    )
    .await;
    ids.into_iter()
        .next()
        .expect("a kin-supplier alert about c-hongtu")
}

/// A case from the advertising tip, the entities it names and the alert about 红图广告.
async fn tip_case(graph: &Graph, alert: &str) -> String {
    let new = NewCase {
        title: "红图广告承接东山村业务".into(),
        items: cases::items_of(
            vec![alert.to_string()],
            vec!["t-2017-001".into()],
            vec!["c-hongtu".into(), "o-dongshan".into()],
        ),
        ..NewCase::default()
    };
    cases::create(graph, &new, "test", None).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_graph_draws_its_entities_the_niece_path_and_the_evidence() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let alert = hongtu_alert(&test.graph).await;
    let id = tip_case(&test.graph, &alert).await;

    let drawn = cases::graph(&test.graph, &id, None, TIMEOUT).await.unwrap();
    assert_eq!(drawn.case, id);
    assert_eq!(drawn.alerts, vec![alert.clone()]);
    let nodes: Vec<&str> = drawn.nodes.iter().map(|n| n.id.as_str()).collect();
    for expected in ["c-hongtu", "o-dongshan", "t-2017-001", "p-wang-jianguo"] {
        assert!(nodes.contains(&expected), "{expected} not among {nodes:?}");
    }
    let unique: std::collections::BTreeSet<&str> = nodes.iter().copied().collect();
    assert_eq!(unique.len(), nodes.len(), "a node drawn twice: {nodes:?}");
    // Every edge joins two drawn nodes (the page draws nothing dangling).
    for edge in &drawn.edges {
        assert!(
            unique.contains(edge.source.as_str()) && unique.contains(edge.target.as_str()),
            "{edge:?}"
        );
    }
    let niece = drawn
        .edges
        .iter()
        .find(|e| e.kind == "KIN" && e.source == "p-wang-jianguo" && e.label == "外甥女")
        .unwrap_or_else(|| panic!("no niece edge from the secretary: {:?}", drawn.edges));
    assert!(niece.derived);
    assert!(
        drawn
            .edges
            .iter()
            .any(|e| e.kind == "ROLE_IN" && e.target == "c-hongtu" && e.label == "法定代表人"),
        "the evidence's legal representative: {:?}",
        drawn.edges
    );
    assert!(
        drawn
            .edges
            .iter()
            .any(|e| e.kind == "NAMES" && e.source == "t-2017-001"),
        "the tip names the company: {:?}",
        drawn.edges
    );
    let chain = drawn
        .paths
        .iter()
        .find(|p| {
            [p.from.as_str(), p.to.as_str()].contains(&"p-wang-jianguo")
                && [p.from.as_str(), p.to.as_str()].contains(&"c-hongtu")
        })
        .unwrap_or_else(|| {
            panic!(
                "no path between the secretary and 红图广告: {:?}",
                drawn.paths
            )
        });
    assert!(
        chain.paths.iter().any(|p| p.text_zh.contains("外甥女")),
        "{:?}",
        chain.paths.iter().map(|p| &p.text_zh).collect::<Vec<_>>()
    );
    assert!(!drawn.truncated, "{:?}", drawn.notes);

    // A village elsewhere does not see the case; the town it lies in sees it, cut to itself.
    let lianhua = vec!["o-lianhua".to_string()];
    match cases::graph(&test.graph, &id, Some(&lianhua), TIMEOUT).await {
        Err(CaseError::NotFound(missing)) => assert_eq!(missing, id),
        other => panic!("another village sees the case: {other:?}"),
    }
    let fenglin = vec!["o-fenglin".to_string()];
    let town = cases::graph(&test.graph, &id, Some(&fenglin), TIMEOUT)
        .await
        .unwrap();
    let seen: Vec<String> = town.nodes.iter().map(|n| n.id.clone()).collect();
    let visible = guanxi::scope::visible_ids(&test.graph, &seen, Some(&fenglin))
        .await
        .unwrap();
    assert_eq!(
        visible.len(),
        seen.len(),
        "nodes outside the scope: {seen:?}"
    );
    assert!(seen.contains(&"c-hongtu".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_graph_route_and_the_dispositions() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let alert = hongtu_alert(&app.db.graph).await;
    let id = tip_case(&app.db.graph, &alert).await;

    let response = app
        .get(&app.investigator, &format!("/api/cases/{id}/graph"))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["case"], id.as_str());
    let edges = body["edges"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["type"] == "KIN" && e["label"] == "外甥女"),
        "{body}"
    );
    // The shape the page's drawGraph takes (a neighbourhood's).
    let node = &body["nodes"][0];
    assert!(node["id"].is_string() && node["kind"].is_string() && node["name"].is_string());

    let viewer = app
        .get(&app.viewer, &format!("/api/cases/{id}/graph"))
        .await;
    assert_eq!(viewer.status(), 403);
    let unknown = app
        .get(&app.investigator, "/api/cases/C-1999-0001/graph")
        .await;
    assert_eq!(unknown.status(), 404);
    let scoped = tokens::create_scoped(
        &app.db.graph,
        "lianhua-inv",
        Role::Investigator,
        Some(vec!["o-lianhua".to_string()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret;
    let outside = app.get(&scoped, &format!("/api/cases/{id}/graph")).await;
    assert_eq!(outside.status(), 404);

    let listed = app.get(&app.investigator, "/api/cases/dispositions").await;
    assert_eq!(listed.status(), 200);
    let listed: Vec<String> = listed.json().await.unwrap();
    assert_eq!(listed, app.db.settings.cases.dispositions);
    assert!(listed.iter().any(|d| d == "谈话提醒"), "{listed:?}");
    let refused = app.get(&app.viewer, "/api/cases/dispositions").await;
    assert_eq!(refused.status(), 403);
}
