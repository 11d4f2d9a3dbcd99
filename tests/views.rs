//! Views per role against the real service and Neo4j (issue 13): a viewer walks every answer
//! about the loaded and scanned examples (entities, neighbourhoods, search, paths, alerts
//! with evidence, portraits, identity review) and no full ID number, birth-date section of
//! one, full birth date, full phone, address, tip text or triage note appears anywhere in a
//! body; an investigator still reads them.

mod common;

use std::collections::BTreeSet;

use common::{column, load_and_scan_examples, spawn_app, TestApp};
use serde_json::{json, Value};

/// The note an investigator writes on an alert (a viewer must never read it).
const NOTE: &str = "核实中：王建国家住东山村3组";

/// What a viewer must not read, collected from Neo4j (the real stored values).
struct Secrets {
    /// `(what, value)` pairs, searched for in the raw text of each answer.
    values: Vec<(String, String)>,
}

async fn secrets(app: &TestApp) -> Secrets {
    let graph = &app.db.graph;
    let mut values = Vec::new();
    let strings = |text: &'static str| column::<String>(graph, neo4rs::query(text), "v");
    for id in
        strings("MATCH (p:Person) WHERE p.id_number IS NOT NULL RETURN p.id_number AS v").await
    {
        if id.len() == 18 {
            // The 8 digits a 6+4 mask hides: the birth date.
            values.push((
                "birth-date section of an ID number".into(),
                id[6..14].into(),
            ));
        }
        values.push(("ID number".into(), id));
    }
    for phone in strings("MATCH (n:Entity) WHERE n.phone IS NOT NULL RETURN n.phone AS v").await {
        if phone.len() >= 7 {
            values.push(("phone".into(), phone));
        }
    }
    for day in strings(
        "MATCH (p:Person) WHERE p.birth_date IS NOT NULL RETURN toString(p.birth_date) AS v",
    )
    .await
    {
        values.push(("birth date".into(), day));
    }
    for address in strings(
        "MATCH (n:Entity) WHERE n.address IS NOT NULL RETURN n.address AS v \
         UNION MATCH (n:Entity) WHERE n.address_norm IS NOT NULL RETURN n.address_norm AS v",
    )
    .await
    {
        values.push(("address".into(), address));
    }
    for text in strings("MATCH (t:Tip) WHERE t.text IS NOT NULL RETURN t.text AS v").await {
        values.push(("tip text".into(), text));
    }
    values.push(("triage note".into(), NOTE.into()));
    assert!(
        values
            .iter()
            .filter(|(what, _)| what == "ID number")
            .count()
            > 10
            && values.iter().any(|(what, _)| what == "tip text")
            && values.iter().any(|(what, _)| what == "address"),
        "the examples hold what this test looks for"
    );
    Secrets { values }
}

/// Every `/api` path whose answer a viewer may read about the examples.
async fn paths_to_walk(app: &TestApp) -> Vec<String> {
    let graph = &app.db.graph;
    let ids: Vec<String> = column(
        graph,
        neo4rs::query("MATCH (n:Entity) RETURN n.id AS v ORDER BY v"),
        "v",
    )
    .await;
    let orgs: Vec<String> =
        column(graph, neo4rs::query("MATCH (o:Org) RETURN o.id AS v"), "v").await;
    let alerts: Vec<String> = column(
        graph,
        neo4rs::query("MATCH (a:Alert) RETURN a.id AS v"),
        "v",
    )
    .await;
    let regions: BTreeSet<String> = column::<String>(
        graph,
        neo4rs::query("MATCH (o:Org) WHERE o.region IS NOT NULL RETURN o.region AS v"),
        "v",
    )
    .await
    .into_iter()
    .collect();
    let mut paths = vec![
        "/api/alerts?per_page=200".to_string(),
        "/api/patterns".into(),
        "/api/identity/candidates".into(),
    ];
    for id in &ids {
        paths.push(format!("/api/entities/{id}"));
        paths.push(format!("/api/entities/{id}/neighborhood?depth=2"));
    }
    for q in ["王", "wang", "东山", "红图", "赵丽", "t-2017-001", "3组"] {
        paths.push(format!("/api/search?q={}", urlencode(q)));
    }
    for (from, to) in [
        ("p-wang-jianguo", "c-hongtu"),
        ("p-li-mingde", "c-dongshan-hw"),
        ("o-dongshan", "t-2017-001"),
    ] {
        paths.push(format!("/api/paths?from={from}&to={to}"));
    }
    for id in &alerts {
        paths.push(format!("/api/alerts/{id}"));
    }
    for id in &orgs {
        paths.push(format!("/api/orgs/{id}/portrait"));
    }
    for region in &regions {
        paths.push(format!("/api/regions/{}/portraits", urlencode(region)));
    }
    paths
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_viewer_reads_no_identifier_address_tip_text_or_note_in_any_answer() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let alert = column::<String>(
        &app.db.graph,
        neo4rs::query("MATCH (a:Alert) RETURN a.id AS v ORDER BY v LIMIT 1"),
        "v",
    )
    .await
    .remove(0);
    let triaged = app
        .post(
            &app.investigator,
            &format!("/api/alerts/{alert}/triage"),
            json!({"status": "in_review", "note": NOTE}),
        )
        .await;
    assert_eq!(triaged.status(), 200);
    let secrets = secrets(&app).await;
    let paths = paths_to_walk(&app).await;

    let mut seen_by_investigator = BTreeSet::new();
    let mut viewer_ok = 0;
    for path in &paths {
        let viewer = app.get(&app.viewer, path).await;
        let status = viewer.status();
        let body = viewer.text().await.unwrap();
        if status == 200 {
            viewer_ok += 1;
        }
        for (what, value) in &secrets.values {
            assert!(
                !body.contains(value.as_str()),
                "a viewer reads a {what} ({value}) in {path}: {body}"
            );
        }
        let investigator = app.get(&app.investigator, path).await.text().await.unwrap();
        for (what, value) in &secrets.values {
            if investigator.contains(value.as_str()) {
                seen_by_investigator.insert(what.clone());
            }
        }
    }
    // The walk is real: the viewer reads most answers, and the investigator reads every
    // kind of secret somewhere on the same walk.
    assert!(
        viewer_ok + 5 >= paths.len(),
        "{viewer_ok} of {}",
        paths.len()
    );
    for what in [
        "ID number",
        "birth-date section of an ID number",
        "birth date",
        "phone",
        "address",
        "tip text",
        "triage note",
    ] {
        assert!(
            seen_by_investigator.contains(what),
            "an investigator reads no {what}: {seen_by_investigator:?}"
        );
    }
}

#[tokio::test]
async fn a_viewer_reads_masked_identifiers_the_same_way_everywhere() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let get = |token: String, path: &'static str| {
        let app = &app;
        async move {
            let response = app.get(&token, path).await;
            assert_eq!(response.status(), 200, "{path}");
            response.json::<Value>().await.unwrap()
        }
    };
    let wang = get(app.viewer.clone(), "/api/entities/p-wang-jianguo").await;
    let props = &wang["properties"];
    assert_eq!(props["id_number"], "330698********2136");
    assert_eq!(props["birth_date"], "1962");
    assert_eq!(props["phone"], "*******0101");
    assert!(props.get("address").is_none(), "{props}");
    assert!(props.get("address_norm").is_none(), "{props}");
    let tip = get(app.viewer.clone(), "/api/entities/t-2017-001").await;
    assert_eq!(tip["properties"]["received_on"], "2017-07-03");
    assert!(tip["properties"].get("text").is_none(), "{tip}");
    // The investigator reads the same records whole.
    let wang = get(app.investigator.clone(), "/api/entities/p-wang-jianguo").await;
    assert_eq!(wang["properties"]["id_number"], "330698196204182136");
    assert!(wang["properties"]["address"].is_string(), "{wang}");
    let tip = get(app.investigator.clone(), "/api/entities/t-2017-001").await;
    assert!(tip["properties"]["text"].is_string(), "{tip}");
}
