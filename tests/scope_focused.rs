//! The focused region-scope pass (`guanxi::scope::derive_focused`) that an ingest and its
//! follow-up scan run instead of the whole pass: what an ingested row adds to the scopes is
//! there at once, and equals what the whole pass would write (the whole pass run after it
//! finds nothing left to change).

mod common;

use common::{load_and_scan_examples, spawn_app, TestApp};
use guanxi::scope::{self, ScopeChanges};
use serde_json::{json, Value};

/// The stored `scope_orgs` of an entity or alert (empty when it has none).
async fn scope_of(app: &TestApp, id: &str) -> Vec<String> {
    let lists: Vec<Option<Vec<String>>> = common::column(
        &app.db.graph,
        neo4rs::query("MATCH (n {id: $id}) RETURN n.scope_orgs AS orgs").param("id", id),
        "orgs",
    )
    .await;
    assert_eq!(lists.len(), 1, "{id}");
    lists.into_iter().flatten().flatten().collect()
}

async fn ingest(app: &TestApp, table: &str, rows: Value) -> Value {
    let response = app
        .post(
            &app.admin,
            &format!("/api/ingest/{table}?as_of=2026-11-26"),
            rows,
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["loaded"], 1, "{body}");
    body
}

#[tokio::test]
async fn an_ingested_contract_and_its_winner_join_the_village_scope_at_once() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    // A supplier of other towns, unknown to the village so far.
    assert!(!scope_of(&app, "c-huaxin")
        .await
        .contains(&"o-dongshan".into()));

    ingest(
        &app,
        "contracts",
        json!([{
            "id": "k-ds-new-sign", "buyer_id": "o-dongshan", "title": "村口指示牌",
            "category": "advertising", "amount": "12,000.00", "method": "direct",
            "published_on": "2026-10-01", "awarded_on": "2026-10-20",
            "supplier_id": "c-huaxin", "approver_id": "p-wang-jianguo"
        }]),
    )
    .await;
    assert_eq!(
        scope_of(&app, "k-ds-new-sign").await,
        vec!["o-dongshan", "o-fenglin", "o-qingxi"]
    );
    let winner = scope_of(&app, "c-huaxin").await;
    for org in ["o-dongshan", "o-fenglin", "o-qingxi"] {
        assert!(winner.contains(&org.to_string()), "{winner:?}");
    }
    let mut sorted = winner.clone();
    sorted.sort();
    assert_eq!(winner, sorted);
    // The whole pass agrees: nothing left for it to write.
    let again = scope::derive(&app.db.graph).await.unwrap();
    assert_eq!(again, ScopeChanges::default());
}

#[tokio::test]
async fn an_ingested_payment_and_its_alert_get_their_scopes_and_a_new_org_its_tree() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let body = ingest(
        &app,
        "payments",
        json!([{
            "id": "pay-ds-clean-2018", "payer_id": "c-dongshan-hw", "payee_id": "o-dongshan",
            "amount": "20,000.00", "purpose": "保洁费", "paid_on": "2018-03-09",
            "recorded_on": "2018-05-20", "handler_id": "p-li-mingde"
        }]),
    )
    .await;
    assert_eq!(body["scan"]["status"], "done", "{body}");
    let alerts = body["alerts"].as_array().unwrap();
    assert!(!alerts.is_empty(), "{body}");
    assert_eq!(
        scope_of(&app, "pay-ds-clean-2018").await,
        vec!["o-dongshan", "o-fenglin", "o-qingxi"]
    );
    for alert in alerts {
        let id = alert["id"].as_str().unwrap();
        assert!(
            scope_of(&app, id).await.contains(&"o-dongshan".into()),
            "{alert}"
        );
    }
    assert_eq!(
        scope::derive(&app.db.graph).await.unwrap(),
        ScopeChanges::default()
    );

    // A new org below the town: itself and the orgs above it.
    ingest(
        &app,
        "orgs",
        json!([{
            "id": "o-xinzhuang", "name": "新庄村", "kind": "village",
            "parent_id": "o-fenglin", "region": "青溪县/枫林镇/新庄村"
        }]),
    )
    .await;
    assert_eq!(
        scope_of(&app, "o-xinzhuang").await,
        vec!["o-fenglin", "o-qingxi", "o-xinzhuang"]
    );
    assert_eq!(
        scope::derive(&app.db.graph).await.unwrap(),
        ScopeChanges::default()
    );
}

#[tokio::test]
async fn a_new_grandchild_of_an_official_joins_the_village_scope_with_its_kinship() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    ingest(
        &app,
        "people",
        json!([{
            "id": "p-wang-xiaoming", "name": "王小明", "gender": "male",
            "birth_date": "2010-06-01", "address": "青溪县枫林镇东山村3组12号"
        }]),
    )
    .await;
    let body = ingest(
        &app,
        "kinship",
        json!([{"person_id": "p-wang-hao", "relative_id": "p-wang-xiaoming", "relation": "儿子"}]),
    )
    .await;
    assert_eq!(body["scan"]["status"], "done", "{body}");
    // Kin of the village secretary p-wang-jianguo (his grandson), derived by the scan.
    assert!(scope_of(&app, "p-wang-xiaoming")
        .await
        .contains(&"o-dongshan".to_string()));
    assert_eq!(
        scope::derive(&app.db.graph).await.unwrap(),
        ScopeChanges::default()
    );
}

#[tokio::test]
async fn a_focused_pass_over_unknown_ids_writes_nothing() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let ids = vec!["o-dongshan".to_string(), "p-nobody".to_string()];
    let changes = scope::derive_focused(&app.db.graph, &ids, None)
        .await
        .unwrap();
    assert_eq!(changes, ScopeChanges::default());
}

#[tokio::test]
async fn focused_scope_plans_avoid_full_scans_and_cartesian_products() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    use guanxi::cypher;
    for file in [
        cypher::SCOPE_REACHING,
        cypher::SCOPE_STORED_OF,
        cypher::SCOPE_TIPS_OF,
        cypher::SCOPE_ALERTS_OF,
        cypher::SCOPE_WANTED,
        cypher::SCOPE_FINGERPRINT,
        cypher::SCOPE_MARK,
        cypher::SCOPE_ORGS,
    ] {
        let mut params = neo4rs::BoltMap::new();
        params.put("fingerprint".into(), "1|x".into());
        params.put("ids".into(), vec!["o-dongshan".to_string()].into());
        params.put("orgs".into(), vec!["o-dongshan".to_string()].into());
        params.put("scan".into(), "scan-none".into());
        let plan = common::plan_of(&test.graph, file.text, params).await;
        assert!(!plan.contains("AllNodesScan"), "{}: {plan}", file.path);
        assert!(!plan.contains("CartesianProduct"), "{}: {plan}", file.path);
    }
}

/// A whole scan after an ingest runs the whole pass (the focused one only adds), so a
/// contract moved to another buyer leaves its old village's scope; a rescan with nothing
/// changed skips the whole pass and leaves every list as it was.
#[tokio::test]
async fn a_whole_scan_after_an_ingest_removes_what_the_focused_pass_could_not() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let contract = |buyer: &str| {
        json!([{
            "id": "k-moved", "buyer_id": buyer, "title": "村口指示牌",
            "category": "advertising", "amount": "12,000.00", "method": "direct",
            "published_on": "2026-10-01", "awarded_on": "2026-10-20",
            "supplier_id": "c-huaxin"
        }])
    };
    ingest(&app, "contracts", contract("o-dongshan")).await;
    assert!(scope_of(&app, "k-moved")
        .await
        .contains(&"o-dongshan".into()));
    ingest(&app, "contracts", contract("o-beitang")).await;
    // The focused pass added the new buyer and could not take the old one away.
    let after_ingest = scope_of(&app, "k-moved").await;
    assert!(
        after_ingest.contains(&"o-beitang".into()),
        "{after_ingest:?}"
    );

    let options = guanxi::scan::ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    };
    guanxi::scan::run_scan_once(&app.db.graph, &options)
        .await
        .expect("scan");
    assert_eq!(
        scope_of(&app, "k-moved").await,
        vec!["o-beitang", "o-qingxi", "o-shiqiao"],
        "the whole scan's pass removed the old buyer's scope"
    );
    // Nothing changed since: the rescan skips the whole pass, and the whole pass, run by
    // hand, finds nothing to change either.
    guanxi::scan::run_scan_once(&app.db.graph, &options)
        .await
        .expect("rescan");
    assert_eq!(
        scope::derive(&app.db.graph).await.unwrap(),
        ScopeChanges::default()
    );
}
