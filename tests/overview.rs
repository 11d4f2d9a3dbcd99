//! The overview page's routes (issue 15) against the real service and Neo4j on the examples:
//! `GET /api/overview` (alert counts by month × pattern / severity / status, the org tree
//! with calibrated risk levels, the riskiest orgs), `GET /api/regions` (the portraits
//! picker), saved inbox filters (`/api/filters`), each within a scoped token's region; and
//! the calibrated portrait levels: not every village of a town is 高.

mod common;

use common::{load_and_scan_examples, spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::portrait::RiskLevel;
use guanxi::tokens;
use serde_json::{json, Value};

async fn body(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get(token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

fn sum(series: &Value) -> u64 {
    series
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["counts"].as_array().unwrap().iter())
        .map(|n| n.as_u64().unwrap())
        .sum()
}

async fn scoped(app: &TestApp, name: &str, role: Role) -> String {
    tokens::create_scoped(
        &app.db.graph,
        name,
        role,
        Some(vec!["o-dongshan".into()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret
}

#[tokio::test]
async fn the_overview_counts_alerts_and_colours_the_org_tree_within_the_scope() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;

    // Levels are calibrated: 枫林镇's and 石桥镇's villages are not all 高, and an org
    // without alerts is 低.
    let villages = guanxi::portrait::portraits_of_kind(&app.db.graph, "village")
        .await
        .unwrap();
    assert_eq!(villages.len(), 4);
    let high = villages
        .iter()
        .filter(|p| p.level == RiskLevel::High)
        .count();
    assert!(
        (1..villages.len()).contains(&high),
        "levels: {:?}",
        villages
            .iter()
            .map(|p| (&p.org, p.overall, p.level))
            .collect::<Vec<_>>()
    );
    let town = guanxi::portrait::region_portraits(&app.db.graph, "青溪县/枫林镇")
        .await
        .unwrap();
    let town_villages: Vec<_> = town.iter().filter(|p| p.kind == "village").collect();
    assert!(town_villages.len() >= 2);
    assert!(
        !town_villages.iter().all(|p| p.level == RiskLevel::High),
        "every village of 枫林镇 is 高"
    );
    let dongshan = villages.iter().find(|p| p.org == "o-dongshan").unwrap();
    assert_eq!(dongshan.level, RiskLevel::High, "the seed's village");

    // The admin's overview: every alert counted once per breakdown.
    let all = body(&app, &app.admin, "/api/overview").await;
    let total = all["total"].as_u64().unwrap();
    let listed = body(&app, &app.admin, "/api/alerts?status=&per_page=500").await["total"]
        .as_u64()
        .unwrap();
    assert!(total >= listed && listed > 0, "{total} vs {listed}");
    for key in ["by_pattern", "by_severity", "by_status"] {
        assert_eq!(sum(&all[key]), total, "{key}");
    }
    assert!(!all["months"].as_array().unwrap().is_empty());
    let orgs = all["orgs"].as_array().unwrap();
    assert_eq!(orgs.len(), 8);
    let fenglin = orgs.iter().find(|o| o["id"] == "o-fenglin").unwrap();
    assert_eq!(fenglin["parent"], "o-qingxi");
    assert!(orgs
        .iter()
        .any(|o| o["id"] == "o-qingxi" && o["parent"].is_null()));
    let top = all["top"].as_array().unwrap();
    assert!(top.len() <= 10 && !top.is_empty());
    assert_eq!(top[0]["level"], "high", "{top:?}");

    // A village token: fewer alerts, only its orgs, its village a root.
    let village = scoped(&app, "dongshan-viewer", Role::Viewer).await;
    let mine = body(&app, &village, "/api/overview").await;
    assert!(mine["total"].as_u64().unwrap() < total);
    let ids: Vec<&str> = mine["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"o-dongshan"), "{ids:?}");
    assert!(!ids.contains(&"o-beitang"), "{ids:?}");

    // A viewer reads the aggregates and org names only.
    let viewed = body(&app, &app.viewer, "/api/overview").await;
    assert_eq!(viewed["total"], all["total"]);
    assert_eq!(viewed["orgs"].as_array().unwrap().len(), 8);

    // Regions: every region present, the enclosing ones too; a scoped token its own.
    let regions = body(&app, &app.viewer, "/api/regions").await;
    assert_eq!(regions, json!(["青溪县", "青溪县/枫林镇", "青溪县/石桥镇"]));
    let own = body(&app, &village, "/api/regions").await;
    assert!(own.as_array().unwrap().iter().all(|r| r != "青溪县/石桥镇"));
}

#[tokio::test]
async fn saved_filters_belong_to_their_token_and_hold_inbox_parameters_only() {
    let app = spawn_app().await;
    let saved = app
        .post(
            &app.investigator,
            "/api/filters",
            json!({"name": "新的亲属供应商", "params": {"pattern": "kin-supplier", "status": "new", "org": ""}}),
        )
        .await;
    assert_eq!(saved.status(), 201);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(
        saved["params"],
        json!({"pattern": "kin-supplier", "status": "new"})
    );
    let id = saved["id"].as_str().unwrap().to_string();

    // Saving the same name replaces its parameters, keeping its id.
    let again: Value = app
        .post(
            &app.investigator,
            "/api/filters",
            json!({"name": "新的亲属供应商", "params": {"severity": "high"}}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["id"], id.as_str());
    let mine = body(&app, &app.investigator, "/api/filters").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["params"], json!({"severity": "high"}));

    // Another token does not see it, nor delete it; a viewer keeps filters of its own.
    assert_eq!(body(&app, &app.viewer, "/api/filters").await, json!([]));
    let other = app
        .client
        .delete(format!("{}/api/filters/{id}", app.base))
        .bearer_auth(&app.viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    let own = app
        .post(
            &app.viewer,
            "/api/filters",
            json!({"name": "高", "params": {"severity": "high"}}),
        )
        .await;
    assert_eq!(own.status(), 201);

    // Parameters outside the inbox's whitelist, bad values and blank names are refused.
    for bad in [
        json!({"name": "x", "params": {"page": "2"}}),
        json!({"name": "x", "params": {"severity": "urgent"}}),
        json!({"name": "x", "params": {"q": "MATCH (n) DETACH DELETE n"}}),
        json!({"name": " ", "params": {}}),
    ] {
        let refused = app
            .post(&app.investigator, "/api/filters", bad.clone())
            .await;
        assert_eq!(refused.status(), 400, "{bad}");
    }
    assert_eq!(
        body(&app, &app.investigator, "/api/filters")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let deleted = app
        .client
        .delete(format!("{}/api/filters/{id}", app.base))
        .bearer_auth(&app.investigator)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(
        body(&app, &app.investigator, "/api/filters").await,
        json!([])
    );
}
