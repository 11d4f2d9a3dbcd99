//! A local notification receiver for tests (an axum server on 127.0.0.1:0 inside the test)
//! and `[[notify]]` targets parsed the way `guanxi.toml` is. Used by `tests/notify.rs` and
//! `tests/watch.rs` through `#[path]`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::routing::post;
use axum::{Json, Router};
use guanxi::notify::Target;
use guanxi::settings::Settings;
use serde_json::{json, Value};

/// What the receiver got: per path, each request's query and body.
pub type Received = Arc<Mutex<BTreeMap<String, Vec<(String, Value)>>>>;

/// A receiver on a free port: `/slow` sleeps 30 s before answering, every other path
/// records the request and answers as DingTalk does (`errcode: 0`).
pub async fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    async fn record(
        State(received): State<Received>,
        Path(path): Path<String>,
        RawQuery(query): RawQuery,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        if path == "slow" {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        received
            .lock()
            .unwrap()
            .entry(path)
            .or_default()
            .push((query.unwrap_or_default(), body));
        Json(json!({ "errcode": 0, "errmsg": "ok" }))
    }
    let app = Router::new()
        .route("/{path}", post(record))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, received)
}

/// `[[notify]]` targets parsed the way `guanxi.toml` is.
pub fn targets(toml_text: &str) -> Vec<Target> {
    let file = std::env::temp_dir().join(format!(
        "guanxi-notify-{}-{}.toml",
        std::process::id(),
        toml_text.len()
    ));
    std::fs::write(&file, toml_text).unwrap();
    let settings = Settings::load_with(Some(&file), |_| None).expect("notify settings");
    settings.notify
}
