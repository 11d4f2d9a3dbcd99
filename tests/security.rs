//! Hardening of the HTTP service against the real Neo4j (issue 13): security headers, no
//! panic on a raw byte after `%`, checked paging, body limits that really apply.

mod common;

use common::{spawn_app, TestApp};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends raw request bytes (no client would send them) and returns the answer's text, or
/// `None` when the connection was dropped without one.
async fn raw_request(app: &TestApp, target: &[u8]) -> Option<String> {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(
        format!(
            " HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
            app.admin
        )
        .as_bytes(),
    );
    stream.write_all(&request).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer.starts_with("HTTP/1.1 ").then_some(answer)
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for (token, path) in [
        (app.viewer.as_str(), "/api/alerts"),
        ("gx_wrong", "/api/alerts"),
        (app.viewer.as_str(), "/api/no-such-route"),
        (app.viewer.as_str(), "/"),
        (app.viewer.as_str(), "/healthz"),
    ] {
        let response = app.get(token, path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        if path.starts_with("/api") {
            assert_eq!(headers["cache-control"], "no-store", "{path}");
        } else {
            assert_ne!(
                headers.get("cache-control").map(|v| v.to_str().unwrap()),
                Some("no-store")
            );
        }
    }
    let wrong_method = app
        .client
        .delete(format!("{}/api/patterns", app.base))
        .bearer_auth(&app.viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(wrong_method.headers()["allow"], "GET,HEAD");
    assert_eq!(
        wrong_method.headers()["content-type"],
        "application/problem+json"
    );
    let unknown = app.get(&app.viewer, "/api/no-such-route").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn raw_bytes_after_percent_get_an_answer_and_the_service_keeps_serving() {
    let app = spawn_app().await;
    // After `%`, a raw three-byte character (中) or a digit and a two-byte one (é): the two
    // bytes that follow are not a whole character.
    let targets: [&[u8]; 5] = [
        b"/api/entities/%ff",
        b"/api/entities/%\xe4\xb8\xad",
        b"/api/entities/%a\xc3\xa9/neighborhood",
        b"/api/alerts/%\xe4\xb8\xad",
        b"/api/paths?from=%\xe4\xb8\xad&to=%ff",
    ];
    for target in targets {
        let answer = raw_request(&app, target).await;
        let shown = String::from_utf8_lossy(target);
        let answer = answer.unwrap_or_else(|| panic!("no answer to {shown}"));
        let status: u16 = answer[9..12].parse().unwrap();
        assert!((400..500).contains(&status), "{shown}: {answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("application/problem+json"),
            "{shown}: {answer}"
        );
    }
    assert_eq!(app.get(&app.viewer, "/api/patterns").await.status(), 200);
}

#[tokio::test]
async fn a_page_beyond_any_offset_is_a_bad_request() {
    let app = spawn_app().await;
    for path in [
        "/api/alerts?page=4294967295&per_page=500",
        "/api/identity/candidates?page=4294967295&per_page=500",
    ] {
        let response = app.get(&app.admin, path).await;
        assert_eq!(response.status(), 400, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["status"], 400);
    }
    let last = app
        .get(&app.viewer, "/api/alerts?page=8589934&per_page=500")
        .await;
    assert_eq!(last.status(), 200);
}

#[tokio::test]
async fn ingest_takes_up_to_16_mib_and_other_routes_a_small_body() {
    let app = spawn_app().await;
    let post = |path: &str, size: usize| {
        // An empty JSON array padded with spaces: large, but no rows to load.
        let mut body = vec![b' '; size];
        body[0] = b'[';
        body[size - 1] = b']';
        app.client
            .post(format!("{}{path}", app.base))
            .bearer_auth(&app.admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let three = post("/api/ingest/people", 3 * 1024 * 1024).await.unwrap();
    assert_ne!(three.status(), 413, "{:?}", three.text().await);
    let huge = post("/api/ingest/people", 17 * 1024 * 1024).await.unwrap();
    assert_eq!(huge.status(), 413);
    assert_eq!(huge.headers()["content-type"], "application/problem+json");
    let triage = post("/api/alerts/al-x/triage", 2 * 1024 * 1024)
        .await
        .unwrap();
    assert_eq!(triage.status(), 413);
    let problem: Value = triage.json().await.unwrap();
    assert_eq!(problem["status"], 413);
    assert_eq!(app.get(&app.viewer, "/api/patterns").await.status(), 200);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_quoted() {
    use guanxi::csv_out::neutralise;
    assert_eq!(neutralise("=1+1"), "'=1+1");
    assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(neutralise("+86 138"), "'+86 138");
    assert_eq!(neutralise("-2+3"), "'-2+3");
    assert_eq!(neutralise("-12.5"), "-12.5");
    assert_eq!(neutralise("王五"), "王五");
}
