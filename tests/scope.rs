//! Region scope (issue 13) against the real service and Neo4j: a token bound to the village
//! 东山村 (`o-dongshan`) sees that village's officials, kin, contracts, payments and their
//! counterparties, and answers 404 (as if absent) for everything else: entities,
//! neighbourhoods, paths, search, alerts, portraits. Unscoped tokens see what they saw.

mod common;

use std::collections::BTreeSet;

use common::{load_and_scan_examples, spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::tokens;
use serde_json::{json, Value};

/// A viewer token bound to `orgs`.
async fn scoped_token(app: &TestApp, name: &str, role: Role, orgs: &[&str]) -> String {
    let scope = orgs.iter().map(|o| o.to_string()).collect();
    tokens::create_scoped(&app.db.graph, name, role, Some(scope), None, "test")
        .await
        .unwrap()
        .secret
}

async fn status(app: &TestApp, token: &str, path: &str) -> u16 {
    app.get(token, path).await.status().as_u16()
}

async fn body(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get(token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Every id in the `nodes` of a neighbourhood or path.
fn node_ids(nodes: &Value) -> BTreeSet<String> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_village_token_sees_its_village_and_nothing_else() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let village = scoped_token(&app, "dongshan-viewer", Role::Viewer, &["o-dongshan"]).await;
    let investigator =
        scoped_token(&app, "dongshan-inv", Role::Investigator, &["o-dongshan"]).await;

    // In scope: the village, its officials, a contract, its winner, a payment.
    for id in [
        "o-dongshan",
        "p-wang-jianguo",
        "k-ds-road",
        "c-tianyu",
        "pay-ds-road",
    ] {
        assert_eq!(
            status(&app, &village, &format!("/api/entities/{id}")).await,
            200,
            "{id}"
        );
    }
    // The town above is seen only as a counterparty (it paid the village a grant).
    assert_eq!(
        status(&app, &village, "/api/entities/pay-fl-ds-grant").await,
        200
    );
    // Out of scope: the county, a sister village, another town's village, its official,
    // contract, supplier and payment. The answer is the one an unknown id gets.
    let missing = app.get(&village, "/api/entities/p-no-such-person").await;
    assert_eq!(missing.status(), 404);
    let missing: Value = missing.json().await.unwrap();
    for id in [
        "o-qingxi",
        "o-nanxi",
        "o-lianhua",
        "p-ma-wenbin",
        "k-lh-ditch",
        "c-lvyuan",
        "pay-lh-clean-1",
    ] {
        let path = format!("/api/entities/{id}");
        assert_eq!(status(&app, &app.admin, &path).await, 200, "{id}");
        let response = app.get(&village, &path).await;
        assert_eq!(response.status(), 404, "{id}");
        let mut answer: Value = response.json().await.unwrap();
        assert_eq!(answer["title"], missing["title"], "{id}");
        answer["detail"] = missing["detail"].clone();
        assert_eq!(answer, missing, "{id}: same body as a missing entity");
        let neighbourhood = format!("/api/entities/{id}/neighborhood");
        assert_eq!(status(&app, &village, &neighbourhood).await, 404, "{id}");
    }
    // Lists on a visible page name only visible entities: the village's positions hold no
    // org above it, and no list holds an out-of-scope id.
    let page = body(&app, &village, "/api/entities/o-dongshan").await;
    let text = page.to_string();
    for id in ["o-qingxi", "p-ma-wenbin", "c-lvyuan"] {
        assert!(!text.contains(id), "{id} in {text}");
    }
    assert!(page.get("properties").unwrap().get("scope_orgs").is_none());

    // The neighbourhood stops at the boundary: the admin's reaches the sister village
    // through the town, the village token's does not, and every node it draws is visible.
    let path = "/api/entities/o-dongshan/neighborhood?depth=2&limit=500";
    let wide = node_ids(&body(&app, &app.admin, path).await["nodes"]);
    assert!(wide.contains("o-nanxi"), "{wide:?}");
    let cut = node_ids(&body(&app, &village, path).await["nodes"]);
    assert!(!cut.contains("o-nanxi"), "{cut:?}");
    assert!(cut.len() > 1 && cut.len() < wide.len(), "{cut:?}");
    for id in &cut {
        let path = format!("/api/entities/{id}");
        assert_eq!(status(&app, &village, &path).await, 200, "{id}");
    }

    // Paths: to an out-of-scope end, 404; between visible ends, only visible nodes.
    let to_outside = "/api/paths?from=p-wang-jianguo&to=p-ma-wenbin";
    assert_eq!(status(&app, &app.admin, to_outside).await, 200);
    assert_eq!(status(&app, &village, to_outside).await, 404);
    let inside = body(
        &app,
        &village,
        "/api/paths?from=p-wang-jianguo&to=c-tianyu&max_hops=6",
    )
    .await;
    let paths = inside["paths"].as_array().unwrap();
    assert!(!paths.is_empty(), "{inside}");
    for path in paths {
        for id in node_ids(&path["nodes"]) {
            assert!(
                cut.contains(&id)
                    || status(&app, &village, &format!("/api/entities/{id}")).await == 200,
                "{id} in {path}"
            );
        }
    }

    // Search: an out-of-scope name is no hit for the village token.
    let hits = body(&app, &app.admin, "/api/search?q=马文斌").await;
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "p-ma-wenbin"));
    let hits = body(&app, &village, "/api/search?q=马文斌").await;
    assert!(hits.as_array().unwrap().is_empty(), "{hits}");
    let hits = body(&app, &village, "/api/search?q=王建国").await;
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "p-wang-jianguo"));

    // Alerts: fewer than the admin's, none naming an invisible entity; an alert outside the
    // scope is 404 by id and cannot be triaged.
    let all = body(&app, &app.admin, "/api/alerts?per_page=500").await;
    let seen = body(&app, &village, "/api/alerts?per_page=500").await;
    let all_ids: BTreeSet<String> = all["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let seen_alerts = seen["alerts"].as_array().unwrap();
    assert!(!seen_alerts.is_empty(), "the village has alerts: {seen}");
    assert!(seen_alerts.len() < all_ids.len());
    for alert in seen_alerts {
        for subject in alert["subjects"].as_array().unwrap() {
            let path = format!("/api/entities/{}", subject.as_str().unwrap());
            assert_eq!(status(&app, &village, &path).await, 200, "{alert}");
        }
        let id = alert["id"].as_str().unwrap();
        let whole = body(&app, &village, &format!("/api/alerts/{id}")).await;
        for node in whole["evidence"]["nodes"].as_array().unwrap() {
            let path = format!("/api/entities/{}", node["id"].as_str().unwrap());
            assert_eq!(status(&app, &village, &path).await, 200, "{whole}");
        }
    }
    let seen_ids: BTreeSet<String> = seen_alerts
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let hidden = all_ids.difference(&seen_ids).next().unwrap();
    assert_eq!(
        status(&app, &app.admin, &format!("/api/alerts/{hidden}")).await,
        200
    );
    assert_eq!(
        status(&app, &village, &format!("/api/alerts/{hidden}")).await,
        404
    );
    let triage = app
        .post(
            &investigator,
            &format!("/api/alerts/{hidden}/triage"),
            json!({"status": "in_review"}),
        )
        .await;
    assert_eq!(triage.status(), 404);
    // The admin's page, asked again, is not the scoped one from the cache.
    let again = body(&app, &app.admin, "/api/alerts?per_page=500").await;
    assert_eq!(again["alerts"].as_array().unwrap().len(), all_ids.len());

    // Portraits: only the village, of all the county's orgs; another org's portrait is 404.
    let region = body(&app, &village, "/api/regions/青溪县/portraits").await;
    let orgs: Vec<&str> = region
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["org"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, vec!["o-dongshan"]);
    let county = body(&app, &app.admin, "/api/regions/青溪县/portraits").await;
    assert!(county.as_array().unwrap().len() > 1);
    assert_eq!(
        status(&app, &village, "/api/orgs/o-dongshan/portrait").await,
        200
    );
    assert_eq!(
        status(&app, &village, "/api/orgs/o-lianhua/portrait").await,
        404
    );

    // Unscoped tokens are unchanged.
    assert_eq!(
        status(&app, &app.viewer, "/api/entities/p-ma-wenbin").await,
        200
    );
    let viewer_alerts = body(&app, &app.viewer, "/api/alerts?per_page=500").await;
    assert_eq!(
        viewer_alerts["alerts"].as_array().unwrap().len(),
        all_ids.len()
    );
}

#[tokio::test]
async fn a_town_token_sees_its_villages_and_scoped_tokens_do_not_administer() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let town = scoped_token(&app, "fenglin-admin", Role::Admin, &["o-fenglin"]).await;
    for id in ["o-fenglin", "o-dongshan", "o-nanxi", "p-wang-jianguo"] {
        assert_eq!(
            status(&app, &town, &format!("/api/entities/{id}")).await,
            200,
            "{id}"
        );
    }
    for id in ["o-qingxi", "o-shiqiao", "p-ma-wenbin"] {
        assert_eq!(
            status(&app, &town, &format!("/api/entities/{id}")).await,
            404,
            "{id}"
        );
    }
    // A scan's counts cover the whole graph: a scoped token may not start one, nor make
    // itself an unscoped token, nor read the audit log.
    let scan = app.post(&town, "/api/scans", json!({})).await;
    assert_eq!(scan.status(), 403);
    let problem: Value = scan.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("region scope"),
        "{problem}"
    );
    let create = app
        .post(
            &town,
            "/api/tokens",
            json!({"name": "escape", "role": "admin"}),
        )
        .await;
    assert_eq!(create.status(), 403);
    assert_eq!(status(&app, &town, "/api/audit").await, 403);
    assert_eq!(status(&app, &town, "/api/identity/candidates").await, 403);
}

#[tokio::test]
async fn token_scopes_are_checked_listed_and_kept_by_rotation() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let refused = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "ghost", "role": "viewer", "scope": ["o-dongshan", "o-atlantis"]}),
        )
        .await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("o-atlantis"),
        "{problem}"
    );
    let created = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "east", "role": "viewer", "scope": ["o-dongshan"]}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["scope"], json!(["o-dongshan"]));
    let list = body(&app, &app.admin, "/api/tokens").await;
    let east = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "east")
        .unwrap();
    assert_eq!(east["scope"], json!(["o-dongshan"]));
    let unscoped = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "test-viewer")
        .unwrap();
    assert!(unscoped["scope"].is_null());
    let rotated = app
        .post(&app.admin, "/api/tokens/east/rotate", json!({}))
        .await;
    assert_eq!(rotated.status(), 200);
    let rotated: Value = rotated.json().await.unwrap();
    assert_eq!(rotated["scope"], json!(["o-dongshan"]));
    let secret = rotated["token"].as_str().unwrap();
    assert_eq!(status(&app, secret, "/api/entities/p-ma-wenbin").await, 404);
    assert_eq!(
        status(&app, secret, "/api/entities/p-wang-jianguo").await,
        200
    );
}

#[tokio::test]
async fn the_derivation_writes_nothing_when_nothing_changed() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let again = guanxi::scope::derive(&app.db.graph).await.unwrap();
    assert_eq!(again, guanxi::scope::ScopeChanges::default());
    // Every entity of the examples reached from an org has a scope; an official's list
    // holds the org and the orgs above it.
    let orgs: Vec<Vec<String>> = common::column(
        &app.db.graph,
        neo4rs::query("MATCH (p:Person {id: 'p-wang-jianguo'}) RETURN p.scope_orgs AS orgs"),
        "orgs",
    )
    .await;
    assert_eq!(orgs, vec![vec!["o-dongshan", "o-fenglin", "o-qingxi"]]);
}

#[tokio::test]
async fn scope_plans_avoid_full_scans_and_cartesian_products() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    use guanxi::cypher;
    for file in [
        cypher::SCOPE_WANTED,
        cypher::SCOPE_TIPS,
        cypher::SCOPE_ALERTS,
        cypher::SCOPE_STORED,
        cypher::SCOPE_WRITE_ENTITIES,
        cypher::SCOPE_WRITE_ALERTS,
        cypher::SCOPE_VISIBLE,
        cypher::SCOPE_ORGS_EXIST,
        cypher::GRAPH_ENTITY,
        cypher::GRAPH_NEIGHBORHOOD,
    ] {
        let mut params = neo4rs::BoltMap::new();
        for name in ["rows", "ids", "frontier", "seen"] {
            params.put(
                name.into(),
                neo4rs::BoltType::List(neo4rs::BoltList::default()),
            );
        }
        params.put("scope".into(), vec!["o-dongshan".to_string()].into());
        params.put("id".into(), "p-wang-jianguo".into());
        params.put("cap".into(), 10.into());
        let plan = common::plan_of(&test.graph, file.text, params).await;
        assert!(!plan.contains("AllNodesScan"), "{}: {plan}", file.path);
        assert!(!plan.contains("CartesianProduct"), "{}: {plan}", file.path);
    }
}
