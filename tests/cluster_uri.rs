//! `neo4j://` URIs (a cluster, Aura) against the local server: neo4rs's routing driver asks
//! the server for its routing table (readers, writers, routers) and sends each transaction to
//! a member of the right kind. A single server is its own leader, follower and router, so the
//! local server answers the same protocol a cluster does: a load, a scan and the API's reads
//! all work through a routed connection and find what the direct (`bolt://`) one finds.

mod common;

use common::{clean_graph, column};
use guanxi::db;
use guanxi::settings::Settings;

/// The test server's address with the routing scheme instead of `bolt://`.
fn routed(settings: &Settings) -> Settings {
    let mut routed = settings.clone();
    let address = settings
        .neo4j
        .uri
        .split_once("://")
        .map(|(_, address)| address)
        .expect("NEO4J_URI has a scheme");
    routed.neo4j.uri = format!("neo4j://{address}");
    routed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_routed_connection_loads_scans_and_serves_like_a_direct_one() {
    let test = clean_graph().await;
    let settings = routed(&test.settings);
    let address = settings
        .neo4j
        .uri
        .trim_start_matches("neo4j://")
        .to_string();

    // The server's routing table is what the driver reads: every role at the advertised
    // address (the launcher advertises the address it listens on).
    let servers: Vec<Vec<String>> = column(
        &test.graph,
        neo4rs::query(
            "CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers \
             UNWIND servers AS s RETURN [s.role] + s.addresses AS row",
        ),
        "row",
    )
    .await;
    let mut roles: Vec<&str> = servers.iter().map(|row| row[0].as_str()).collect();
    roles.sort();
    assert_eq!(roles, ["READ", "ROUTE", "WRITE"], "{servers:?}");
    for row in &servers {
        assert_eq!(row[1..], [address.as_str()], "{servers:?}");
    }

    let graph = db::connect_and_ping(&settings.neo4j, std::time::Duration::from_secs(20))
        .await
        .expect("a routed connection to the local server");
    db::apply_schema(&graph)
        .await
        .expect("schema through the leader");
    // Writes (the load, kinship, the alerts) through the routed pool.
    common::load_and_scan_examples(&graph).await;

    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../examples/expected-alerts.json")).unwrap();
    let expected = expected["alerts"].as_array().unwrap().len();

    // The API's reads go to readers (`execute_read`), here the same server.
    let mut service_settings = settings.clone();
    service_settings.audit.spool = common::temp_spool("routed");
    let state = guanxi::api::state(graph.clone(), service_settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(guanxi::api::serve(listener, state));
    let token = guanxi::tokens::create_token(&graph, "routed", guanxi::domain::Role::Admin)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let alerts: serde_json::Value = client
        .get(format!("{base}/api/alerts?per_page=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(alerts["total"], expected, "{alerts}");
    let search = client
        .get(format!("{base}/api/search?q=%E7%8E%8B%E5%BB%BA%E5%9B%BD"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(search.status(), 200);
    assert!(search.text().await.unwrap().contains("王建国"));

    // The command line takes the same URI from the environment.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["tip", "list"])
        .env("NEO4J_URI", &settings.neo4j.uri)
        .output()
        .expect("run guanxi");
    assert!(output.status.success(), "{}", common::text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("t-2017-001"),
        "{}",
        common::text(&output)
    );
}
