//! Timelines (issue 15) on the examples, against the real Neo4j: the secretary's timeline
//! holds his post, the kin tie to his niece, the contracts he approved and the kin-supplier
//! alerts in date order; `from`/`to` cut it and bad dates are refused; a region-scoped token
//! gets 404 outside its region and no event naming what it does not see; a viewer's answer
//! has no tip text and no notes; a case's timeline holds its items' events, its status
//! changes and notes; the timeline queries plan without label scans.

mod common;

use common::{column, load_and_scan_examples, spawn_app};
use guanxi::domain::Role;
use guanxi::timeline::{self, DateRange, EventKind};
use serde_json::{json, Value};

async fn json_of(response: reqwest::Response, expected: u16) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, expected, "{body}");
    body
}

#[tokio::test]
async fn the_secretarys_timeline_holds_post_kin_contracts_and_alerts_in_date_order() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let found = timeline::timeline(&test.graph, "p-wang-jianguo", None, DateRange::default())
        .await
        .unwrap()
        .expect("王建国 has a timeline");
    assert_eq!(
        (found.kind.as_str(), found.name.as_str()),
        ("Person", "王建国")
    );
    let events = &found.events;
    let dates: Vec<_> = events.iter().map(|e| e.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    let index = |kind: EventKind, needle: &str| {
        events
            .iter()
            .position(|e| e.kind == kind && e.title_zh.contains(needle))
            .unwrap_or_else(|| panic!("no {kind} event with {needle}: {events:#?}"))
    };
    let niece = index(EventKind::Kin, "外甥女 赵丽");
    let post = index(EventKind::Post, "村党总支书记");
    let first_contract = index(EventKind::Contract, "村务公开栏及宣传标语制作");
    let last_contract = index(EventKind::Contract, "村口广告牌及导视系统");
    let alert = index(EventKind::Alert, "外甥女赵丽");
    assert!(niece < post && post < first_contract && first_contract < last_contract);
    assert!(last_contract < alert);
    // Both of 赵丽's records (household and company registry) are one kin event.
    let kin = &events[niece];
    assert_eq!(kin.date.to_string(), "1988-12-06", "her birth date");
    for id in ["p-wang-jianguo", "p-zhao-li", "p-zhao-li-reg"] {
        assert!(kin.entities.contains(&id.to_string()), "{kin:?}");
    }
    assert_eq!(events[post].date.to_string(), "2008-03-01");
    assert_eq!(events[first_contract].date.to_string(), "2015-05-12");
    assert_eq!(events[first_contract].amount, Some(38000.0));
    let contracts = events.iter().filter(|e| e.kind == EventKind::Contract);
    assert_eq!(
        contracts.count(),
        5,
        "the five advertising contracts he approved"
    );
    let alerts: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::Alert)
        .collect();
    assert_eq!(alerts.len(), 4, "four kin-supplier alerts");
    assert!(alerts
        .iter()
        .all(|a| a.alert.is_some() && a.pattern.map(|p| p.as_str()) == Some("kin-supplier")));

    // The range keeps what meets it: 2015's two contracts, and the post held since 2008.
    let range = DateRange::parse(Some("2015-01-01"), Some("2015-12-31")).unwrap();
    let cut = timeline::timeline(&test.graph, "p-wang-jianguo", None, range)
        .await
        .unwrap()
        .unwrap();
    let kinds: Vec<_> = cut.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Post, EventKind::Contract, EventKind::Contract],
        "{cut:#?}"
    );
    assert!(
        timeline::timeline(&test.graph, "p-nobody", None, DateRange::default())
            .await
            .unwrap()
            .is_none()
    );

    // The command line prints the same, and refuses a bad date before asking Neo4j.
    let out = common::guanxi(&["timeline", "p-wang-jianguo", "--from", "2016-01-01"]);
    assert!(out.status.success(), "{}", common::text(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // 2015's contracts are left out (an alert's summary may still name one).
    assert!(
        text.contains("2016-06-08\t") && !text.contains("2015-11-20\t"),
        "{text}"
    );
    let out = common::guanxi(&["timeline", "p-wang-jianguo", "--to", "2016-02-30"]);
    assert!(!out.status.success());
    assert!(common::text(&out).contains("to:"), "{}", common::text(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_filters_scopes_masks_and_serves_cases() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let inv = app.investigator.clone();

    // from / to, and clear refusals of bad dates.
    let page = json_of(
        app.get(
            &inv,
            "/api/timeline/p-wang-jianguo?from=2016-01-01&to=2016-12-31",
        )
        .await,
        200,
    )
    .await;
    let titles: Vec<&str> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title_zh"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "post + two 2016 contracts: {titles:?}");
    assert_eq!(page["from"], "2016-01-01");
    let bad = json_of(
        app.get(&inv, "/api/timeline/p-wang-jianguo?from=someday")
            .await,
        400,
    )
    .await;
    assert!(bad["detail"].as_str().unwrap().contains("from"), "{bad}");
    json_of(
        app.get(
            &inv,
            "/api/timeline/p-wang-jianguo?from=2017-01-01&to=2016-01-01",
        )
        .await,
        400,
    )
    .await;
    json_of(app.get(&inv, "/api/timeline/p-nobody").await, 404).await;

    // A token scoped to 西湾社区 does not see 东山村's secretary; a token scoped to 东山村
    // sees 红图广告 but no event naming an entity outside 东山村's scope.
    let scoped = |orgs: &[&str], name: &'static str| {
        let graph = app.db.graph.clone();
        let orgs: Vec<String> = orgs.iter().map(|o| o.to_string()).collect();
        async move {
            guanxi::tokens::create_scoped(
                &graph,
                name,
                Role::Investigator,
                Some(orgs),
                None,
                "test",
            )
            .await
            .unwrap()
            .secret
        }
    };
    let xiwan = scoped(&["o-xiwan"], "xiwan").await;
    json_of(app.get(&xiwan, "/api/timeline/p-wang-jianguo").await, 404).await;
    let dongshan = scoped(&["o-dongshan"], "dongshan").await;
    let hongtu = json_of(app.get(&dongshan, "/api/timeline/c-hongtu").await, 200).await;
    let named: Vec<String> = hongtu["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["entities"].as_array().unwrap().clone())
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    assert!(!named.is_empty());
    let outside: Vec<String> = column(
        &app.db.graph,
        neo4rs::query(
            "UNWIND $ids AS id MATCH (n:Entity {id: id})
             WHERE NOT 'o-dongshan' IN coalesce(n.scope_orgs, []) RETURN n.id AS id",
        )
        .param("ids", named),
        "id",
    )
    .await;
    assert!(outside.is_empty(), "outside the scope: {outside:?}");
    let whole = json_of(app.get(&inv, "/api/timeline/c-hongtu").await, 200).await;
    assert!(
        whole["events"].as_array().unwrap().len() >= hongtu["events"].as_array().unwrap().len()
    );

    // The tip naming 红图广告 and a triage note: investigators read their words, viewers
    // see the events without them.
    let alert = whole["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "alert")
        .expect("an alert about 红图广告")["alert"]
        .as_str()
        .unwrap()
        .to_string();
    let triaged = app
        .post(
            &inv,
            &format!("/api/alerts/{alert}/triage"),
            json!({"status": "in_review", "note": "调取工商登记核实"}),
        )
        .await;
    assert_eq!(triaged.status(), 200);
    let full = json_of(app.get(&inv, "/api/timeline/c-hongtu").await, 200).await;
    let text = full.to_string();
    assert!(
        text.contains("插不进去") && text.contains("调取工商登记核实"),
        "{text}"
    );
    assert!(full["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "triage" && e["alert"] == json!(alert)));
    let viewed = json_of(app.get(&app.viewer, "/api/timeline/c-hongtu").await, 200).await;
    let text = viewed.to_string();
    assert!(
        !text.contains("插不进去") && !text.contains("调取工商登记核实"),
        "{text}"
    );
    assert!(viewed["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "tip" && e["tip"] == "t-2017-001" && e.get("text").is_none()));
    assert_eq!(
        viewed["events"].as_array().unwrap().len(),
        full["events"].as_array().unwrap().len(),
        "a viewer sees the same events, masked"
    );

    // A case: its items' events, its status changes and notes; not for viewers.
    let create = json!({"title": "红图广告", "alerts": [alert], "tips": ["t-2017-001"],
                        "entities": ["p-wang-jianguo"]});
    let case = json_of(app.post(&inv, "/api/cases", create).await, 201).await;
    let id = case["id"].as_str().unwrap().to_string();
    let noted = app
        .post(
            &inv,
            &format!("/api/cases/{id}/notes"),
            json!({"text": "约谈王建国"}),
        )
        .await;
    assert_eq!(noted.status(), 200);
    let line = json_of(app.get(&inv, &format!("/api/timeline/{id}")).await, 200).await;
    assert_eq!(line["kind"], "Case");
    let kinds: Vec<&str> = line["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "post",
        "kin",
        "contract",
        "tip",
        "alert",
        "triage",
        "case_status",
        "case_note",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(line.to_string().contains("约谈王建国"));
    json_of(
        app.get(&app.viewer, &format!("/api/timeline/{id}")).await,
        403,
    )
    .await;
    json_of(app.get(&xiwan, &format!("/api/timeline/{id}")).await, 404).await;
}

#[tokio::test]
async fn timeline_plans_avoid_label_scans_and_cartesian_products() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    for file in guanxi::cypher::TIMELINE {
        let mut params = neo4rs::BoltMap::new();
        params.put("id".into(), "p-wang-jianguo".into());
        params.put("ids".into(), vec!["t-2017-001".to_string()].into());
        params.put("scope".into(), vec!["o-dongshan".to_string()].into());
        let plan = common::plan_of(&test.graph, file.text, params).await;
        assert!(plan.contains("Seek"), "{}: {plan}", file.path);
        for bad in ["AllNodesScan", "LabelScan", "CartesianProduct"] {
            assert!(!plan.contains(bad), "{}: {bad} in {plan}", file.path);
        }
    }
}
