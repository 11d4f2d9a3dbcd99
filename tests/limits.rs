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
                     } IN TRANSACTIONS OF 20000 ROWS",
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

#[tokio::test]
async fn a_client_that_sends_half_a_header_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = common::spawn_app_with(|s| s.api.header_read_timeout_ms = 500).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    // The server closes the connection (perhaps after a 408); it never waits for the rest.
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer))
        .await
        .expect("the connection was still open 5 s later");
    let elapsed = started.elapsed();
    assert!(read.is_ok() || answer.is_empty(), "{read:?}");
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.contains("408"), "{answer}");
    // A connection that says nothing at all is closed too (it would hold a slot of the cap).
    let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut nothing = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut nothing))
        .await
        .expect("a silent connection was still open 5 s later")
        .ok();
    // A client that sends its headers in time is served.
    assert_eq!(
        app.client
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let app = common::spawn_app_with(|s| s.api.max_connections = 2).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // Two connections take both slots (connected, silent).
    let first = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let waiting = {
        let (client, url) = (reqwest::Client::new(), format!("{}/healthz", app.base));
        tokio::spawn(async move { client.get(url).send().await.map(|r| r.status()) })
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        !waiting.is_finished(),
        "a third connection was served at once"
    );
    drop(first);
    let status = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting connection was not served after a slot freed")
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_service_stops_when_told_after_serving() {
    let db = common::clean_graph().await;
    let state = guanxi::api::state(db.graph.clone(), db.settings.clone());
    let settings = db.settings.api.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(async move {
        guanxi::api::server::serve_connections(
            listener,
            guanxi::api::router(state),
            &settings,
            async {
                let _ = stopped.await;
            },
        )
        .await
    });
    // A kept-alive connection that served a request does not hold the shutdown back.
    let client = reqwest::Client::new();
    let status = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the service did not stop")
        .unwrap()
        .unwrap();
    assert!(client.get(format!("{base}/healthz")).send().await.is_err());
}

/// Every read the API makes for a request carries the request's limit as its transaction
/// timeout (`db::with_read_timeout` around the request, `db::read_query` for the statement):
/// Neo4j stops a slow one itself. The same statement outside a request has no such limit.
#[tokio::test]
async fn reads_made_for_a_request_carry_its_transaction_timeout() {
    let db = common::clean_graph().await;
    // A statement that runs for many seconds on any machine.
    let slow = "UNWIND range(1, 2000000000) AS x WITH x WHERE x = -1 RETURN count(x) AS n";
    let started = Instant::now();
    let outcome = guanxi::db::with_read_timeout(Duration::from_millis(300), async {
        let mut rows = db.graph.execute(guanxi::db::read_query(slow)).await?;
        rows.next().await.map(|_| ())
    })
    .await;
    let error = outcome.expect_err("the read outlived its request's limit and must be stopped");
    assert!(
        guanxi::db::is_timed_out(&error),
        "Neo4j stopped it for its timeout, not for something else: {error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped near its limit, not at the end: {:?}",
        started.elapsed()
    );
    // Outside a request the statement carries no timeout of its own.
    let plain = guanxi::db::read_query("RETURN 1 AS n");
    let mut rows = db.graph.execute(plain).await.expect("a plain read runs");
    assert!(rows.next().await.expect("row").is_some());
}
