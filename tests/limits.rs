//! Limits against the real service and Neo4j: a long path search is stopped on the server
//! (its transaction timed out, gone from `SHOW TRANSACTIONS`) and answers 503; a token past
//! its rate or concurrency limit gets 429 with `Retry-After` and recovers; a client that
//! sends half a header is cut off; connections past the cap wait and are then served.

mod common;

use std::time::{Duration, Instant};

use neo4rs::{query, Graph};

/// Two pairs of people, `par-s`–`par-m` and `par-t`–`par-n`, each pair tied by `ties`
/// parallel KIN relationships, the pairs unconnected: a path search from `par-s` to `par-t`
/// walks every one of those relationships (about a second for a million each on a warm
/// server) before it finds that no path exists.
async fn dense_unconnected_pairs(graph: &Graph, ties: i64) {
    graph
        .run(query(
            "CREATE (:Entity:Person {id: 'par-s', name: 's'}), (:Entity:Person {id: 'par-m', name: 'm'}),
                    (:Entity:Person {id: 'par-t', name: 't'}), (:Entity:Person {id: 'par-n', name: 'n'})",
        ))
        .await
        .unwrap();
    for (a, b) in [("par-s", "par-m"), ("par-t", "par-n")] {
        graph
            .run(
                query(
                    "MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
                     CALL (a, b) {
                       UNWIND range(1, $ties) AS i CREATE (a)-[:KIN]->(b)
                     } IN TRANSACTIONS OF 1 ROWS",
                )
                .param("a", a)
                .param("b", b)
                .param("ties", ties),
            )
            .await
            .unwrap();
    }
}

/// Ids of the open transactions whose current query contains `needle` (a parameter, so that
/// this query does not find itself).
async fn transactions_running(graph: &Graph, needle: &str) -> Vec<String> {
    common::column(
        graph,
        query(
            "SHOW TRANSACTIONS YIELD transactionId, currentQuery
             WHERE currentQuery CONTAINS $needle
             RETURN transactionId",
        )
        .param("needle", needle),
        "transactionId",
    )
    .await
}

#[tokio::test]
async fn a_path_search_past_its_time_is_stopped_in_neo4j_and_answers_503() {
    let app = common::spawn_app_with(|s| s.api.query_timeout_ms = 300).await;
    dense_unconnected_pairs(&app.db.graph, 500_000).await;
    let request = {
        let (client, url, token) = (
            app.client.clone(),
            format!("{}/api/paths?from=par-s&to=par-t&max_hops=8", app.base),
            app.investigator.clone(),
        );
        tokio::spawn(async move { client.get(url).bearer_auth(token).send().await })
    };
    // The search is seen running in Neo4j (so it really is a long one) ...
    let started = Instant::now();
    while transactions_running(&app.db.graph, "allShortestPaths")
        .await
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(5) && !request.is_finished(),
            "the path search never showed in SHOW TRANSACTIONS"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // ... the request answers 503 problem+json that says nothing of Neo4j ...
    let response = request.await.unwrap().unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("took longer"), "{body}");
    assert!(
        !detail.contains("Neo") && !detail.contains("transaction"),
        "{body}"
    );
    // ... and the query is gone from the server.
    let answered = Instant::now();
    while !transactions_running(&app.db.graph, "allShortestPaths")
        .await
        .is_empty()
    {
        assert!(
            answered.elapsed() < Duration::from_secs(2),
            "the path search still runs in Neo4j after its request answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_token_past_its_rate_gets_429_with_retry_after_then_recovers() {
    let app = common::spawn_app_with(|s| s.api.requests_per_minute_per_token = 60).await;
    // In a row, faster than one a second: the minute's allowance of 60 runs out.
    let mut responses = Vec::new();
    for _ in 0..100 {
        responses.push(app.get(&app.viewer, "/api/openapi.json").await);
    }
    let refused: Vec<&reqwest::Response> = responses.iter().filter(|r| r.status() == 429).collect();
    let served = responses.iter().filter(|r| r.status() == 200).count();
    assert!(!refused.is_empty(), "no request was refused");
    assert!((60..100).contains(&served), "{served} served");
    let refusal = refused[0];
    assert_eq!(
        refusal.headers()["content-type"],
        "application/problem+json"
    );
    let retry_after: u64 = refusal.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    // Another token is not held back by this one's use.
    assert_eq!(
        app.get(&app.investigator, "/api/openapi.json")
            .await
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(
        app.get(&app.viewer, "/api/openapi.json").await.status(),
        200
    );
}
