//! Watchlists against the real Neo4j (examples loaded and scanned) and a local receiver
//! (an axum server on 127.0.0.1:0 inside the test): an investigator watching the secretary
//! 王建国 learns of the alerts a rescan opens about him (news and a `watchlist` target) and of
//! none other; a new tip naming him is notified; viewers get a 403; a scoped token learns
//! nothing outside its scope; the command line keeps the same watchlist.

mod common;
#[path = "common/receiver.rs"]
mod receiver;

use std::time::{Duration, Instant};

use common::{clean_graph, column, load_and_scan_examples, TestDb};
use guanxi::api::AppState;
use guanxi::domain::Role;
use guanxi::scan::runs::{start_scan, ScanRequest};
use guanxi::tokens;
use guanxi::watch::{self, WatchKind};
use receiver::{receiver, targets, Received};
use serde_json::{json, Value};

const SECRETARY: &str = "p-wang-jianguo";

/// The service over the examples (loaded and scanned without it, so nothing is sent for
/// them), with an investigator `desk`, a viewer `look` and an investigator `town` scoped to
/// 石桥镇, where the secretary holds no post.
struct App {
    db: TestDb,
    state: AppState,
    base: String,
    client: reqwest::Client,
    desk: String,
    look: String,
    town: String,
}

impl App {
    async fn start(notify: impl FnOnce(&str) -> String) -> (App, Received) {
        let db = clean_graph().await;
        load_and_scan_examples(&db.graph).await;
        let (hooks, received) = receiver().await;
        let mut settings = db.settings.clone();
        settings.audit.spool = common::temp_spool("watch");
        settings.notify = targets(&notify(&hooks));
        let state = guanxi::api::state(db.graph.clone(), settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(guanxi::api::serve(listener, state.clone()));
        let desk = tokens::create_token(&db.graph, "desk", Role::Investigator)
            .await
            .unwrap();
        let look = tokens::create_token(&db.graph, "look", Role::Viewer)
            .await
            .unwrap();
        let town = tokens::create_scoped(
            &db.graph,
            "town",
            Role::Investigator,
            Some(vec!["o-shiqiao".to_string()]),
            None,
            "test",
        )
        .await
        .unwrap()
        .secret;
        let app = App {
            db,
            state,
            base,
            client: reqwest::Client::new(),
            desk,
            look,
            town,
        };
        (app, received)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn news(&self, token: &str) -> Value {
        let (status, news) = self
            .call(reqwest::Method::GET, token, "/api/watchlist/news", None)
            .await;
        assert_eq!(status, 200, "{news}");
        news
    }

    /// A whole scan through the service's scanner; waits for its notifications.
    async fn rescan(&self) {
        let scanner = self.state.scanner();
        let request = ScanRequest::new(
            &scanner.settings,
            guanxi::scan::runs::Trigger::Cli,
            "test",
            Vec::new(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
        )
        .unwrap();
        let outcome = start_scan(&scanner, request)
            .await
            .expect("scan starts")
            .handle
            .await
            .unwrap();
        outcome.result.expect("scan");
        assert!(scanner.notify.drain(Duration::from_secs(60)).await);
    }
}

/// Ids of the alerts (or tips) the receiver got on `path`.
fn ids_of(received: &Received, path: &str, kind: &str) -> Vec<String> {
    let mut ids: Vec<String> = received
        .lock()
        .unwrap()
        .get(path)
        .map(|bodies| {
            bodies
                .iter()
                .filter_map(|(_, b)| b[kind]["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

fn sorted_ids(items: &Value) -> Vec<String> {
    let mut ids: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn watching_the_secretary_brings_the_alerts_opened_about_him_and_no_others() {
    let (app, received) = App::start(|hooks| {
        format!(
            "[[notify]]\nkind = \"webhook\"\nname = \"all\"\nurl = \"{hooks}/all\"\n\
             [[notify]]\nkind = \"webhook\"\nname = \"desk\"\nurl = \"{hooks}/desk\"\nwatchlist = \"desk\"\n\
             [[notify]]\nkind = \"dingtalk\"\nname = \"town\"\nurl = \"{hooks}/town\"\nwatchlist = \"town\"\n"
        )
    })
    .await;
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;

    // Viewers keep no watchlist.
    for (method, path) in [
        (get.clone(), "/api/watchlist"),
        (get.clone(), "/api/watchlist/news"),
        (post.clone(), "/api/watchlist/seen"),
    ] {
        let (status, _) = app.call(method, &app.look, path, None).await;
        assert_eq!(status, 403, "{path}");
    }
    let watch_secretary = json!({ "kind": "entity", "target": SECRETARY });
    let (status, _) = app
        .call(
            post.clone(),
            &app.look,
            "/api/watchlist",
            Some(watch_secretary.clone()),
        )
        .await;
    assert_eq!(status, 403);

    let (status, item) = app
        .call(
            post.clone(),
            &app.desk,
            "/api/watchlist",
            Some(watch_secretary.clone()),
        )
        .await;
    assert_eq!(status, 201, "{item}");
    assert_eq!(item["name"], "王建国");
    let (status, unknown) = app
        .call(
            post.clone(),
            &app.desk,
            "/api/watchlist",
            Some(json!({ "kind": "region", "target": SECRETARY })),
        )
        .await;
    assert_eq!(status, 404, "a person is no region: {unknown}");
    // The scoped token cannot watch him through the API (outside its scope) ...
    let (status, _) = app
        .call(
            post.clone(),
            &app.town,
            "/api/watchlist",
            Some(watch_secretary),
        )
        .await;
    assert_eq!(status, 404);
    // ... and, had it watched him before being scoped, still learns nothing of him.
    watch::add(&app.db.graph, "town", WatchKind::Entity, SECRETARY, None)
        .await
        .unwrap();
    let (_, list) = app
        .call(get.clone(), &app.desk, "/api/watchlist", None)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(app.news(&app.desk).await["count"], 0, "nothing new yet");

    // The alerts about him, and one that touches him nowhere, are gone: the rescan opens
    // them again.
    let graph = &app.db.graph;
    let about: Vec<String> = column(
        graph,
        neo4rs::query("MATCH (a:Alert) WHERE $p IN a.subjects RETURN a.id AS id ORDER BY id")
            .param("p", SECRETARY),
        "id",
    )
    .await;
    assert!(!about.is_empty(), "the examples hold alerts about him");
    let other: Vec<String> = column(
        graph,
        neo4rs::query(
            "MATCH (a:Alert) WHERE NOT a.evidence CONTAINS $p AND NOT $p IN a.subjects
             RETURN a.id AS id ORDER BY id LIMIT 1",
        )
        .param("p", SECRETARY),
        "id",
    )
    .await;
    assert_eq!(other.len(), 1);
    graph
        .run(
            neo4rs::query("MATCH (a:Alert) WHERE a.id IN $ids DETACH DELETE a")
                .param("ids", [about.clone(), other.clone()].concat()),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    app.rescan().await;

    let news = app.news(&app.desk).await;
    let mut opened = about.clone();
    opened.extend(other.clone());
    opened.sort();
    assert_eq!(
        ids_of(&received, "all", "alert"),
        opened,
        "every opened alert"
    );
    assert_eq!(sorted_ids(&news["alerts"]), about, "{news}");
    assert_eq!(news["count"], about.len());
    assert!(news["alerts"][0]["watched"]
        .as_array()
        .unwrap()
        .contains(&json!(SECRETARY)));
    assert_eq!(
        ids_of(&received, "desk", "alert"),
        about,
        "the watchlist target gets the alerts about him, not the other"
    );
    assert!(
        ids_of(&received, "town", "alert").is_empty(),
        "outside its scope"
    );
    assert_eq!(app.news(&app.town).await["count"], 0, "outside its scope");

    let (status, seen) = app.call(post, &app.desk, "/api/watchlist/seen", None).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(app.news(&app.desk).await["count"], 0, "seen");

    // The change is in the audit log (written by the service's writer, in batches).
    let entries = || async {
        column::<String>(
            graph,
            neo4rs::query(
                "MATCH (b:AuditBatch) UNWIND b.entries AS e
                 WITH e WHERE e CONTAINS 'guanxi watch' RETURN e",
            ),
            "e",
        )
        .await
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut audited = entries().await;
    while !audited.iter().any(|e| e.contains("seen")) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        audited = entries().await;
    }
    assert!(
        audited
            .iter()
            .any(|e| e.contains("desk add: entity p-wang-jianguo (done)")),
        "{audited:?}"
    );
}

#[tokio::test]
async fn a_new_tip_naming_a_watched_entity_is_notified_and_in_the_news() {
    let (app, received) = App::start(|hooks| {
        format!(
            "[[notify]]\nkind = \"webhook\"\nname = \"desk\"\nurl = \"{hooks}/desk\"\nwatchlist = \"desk\"\nrole = \"investigator\"\n\
             [[notify]]\nkind = \"dingtalk\"\nname = \"ding\"\nurl = \"{hooks}/ding\"\nwatchlist = \"desk\"\n\
             [[notify]]\nkind = \"webhook\"\nname = \"plain\"\nurl = \"{hooks}/plain\"\n"
        )
    })
    .await;
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            &app.desk,
            "/api/watchlist",
            Some(json!({ "kind": "entity", "target": SECRETARY })),
        )
        .await;
    assert_eq!(status, 201);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let admin = tokens::create_token(&app.db.graph, "boss", Role::Admin)
        .await
        .unwrap();
    let (status, body) = app
        .call(
            reqwest::Method::POST,
            &admin,
            "/api/ingest/tips",
            Some(json!([
                { "id": "t-2026-901", "received_on": "2026-11-28",
                  "text": "举报王建国让亲戚承包村里的工程。" },
                { "id": "t-2026-902", "received_on": "2026-11-28",
                  "text": "反映南溪村道路修了三年没修完。" }
            ])),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // The ingest queued its tips before it answered.
    assert!(
        app.state
            .scanner()
            .notify
            .drain(Duration::from_secs(30))
            .await
    );
    assert_eq!(
        ids_of(&received, "desk", "tip"),
        vec!["t-2026-901".to_string()],
        "the tip naming him, and only it"
    );
    let desk = received.lock().unwrap()["desk"][0].1.clone();
    assert_eq!(desk["event"], "tip.new");
    assert_eq!(desk["watchlist"], "desk");
    assert!(
        desk["tip"]["text"].as_str().unwrap().contains("王建国"),
        "{desk}"
    );
    let ding = received.lock().unwrap()["ding"].clone();
    assert_eq!(ding.len(), 1);
    let text = ding[0].1["markdown"]["text"].as_str().unwrap();
    assert!(
        text.contains("t-2026-901") && text.contains(SECRETARY),
        "{text}"
    );
    assert!(
        !text.contains("承包"),
        "a viewer's message holds no tip text: {text}"
    );
    assert!(
        received.lock().unwrap().get("plain").is_none(),
        "targets without a watchlist get no tips"
    );

    let news = app.news(&app.desk).await;
    assert_eq!(
        sorted_ids(&news["tips"]),
        vec!["t-2026-901".to_string()],
        "{news}"
    );
}

#[test]
fn the_command_line_keeps_the_same_watchlist() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(async {
        let db = clean_graph().await;
        load_and_scan_examples(&db.graph).await;
        tokens::create_token(&db.graph, "cli-desk", Role::Investigator)
            .await
            .unwrap();
        tokens::create_token(&db.graph, "cli-look", Role::Viewer)
            .await
            .unwrap();
        db
    });
    let added = common::guanxi(&[
        "watch",
        "add",
        "--as",
        "cli-desk",
        "--entity",
        SECRETARY,
        "--region",
        "o-dongshan",
    ]);
    assert!(added.status.success(), "{}", common::text(&added));
    let refused = common::guanxi(&["watch", "add", "--as", "cli-look", "--entity", SECRETARY]);
    assert!(!refused.status.success());
    assert!(
        common::text(&refused).contains("investigators"),
        "{}",
        common::text(&refused)
    );
    let listed = common::guanxi(&["watch", "list", "--as", "cli-desk", "--json"]);
    assert!(listed.status.success(), "{}", common::text(&listed));
    let value: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let items = value["watchlist"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{value}");
    let region = items.iter().find(|i| i["kind"] == "region").unwrap();
    let id = region["id"].as_str().unwrap().to_string();
    let removed = common::guanxi(&["watch", "remove", "--as", "cli-desk", &id]);
    assert!(removed.status.success(), "{}", common::text(&removed));
    let again = common::guanxi(&["watch", "remove", "--as", "cli-desk", &id]);
    assert!(!again.status.success(), "a watch removed twice");
    let list = runtime
        .block_on(watch::list(&db.graph, "cli-desk"))
        .unwrap();
    assert_eq!(list.items.len(), 1);

    // `guanxi load` of a new tip naming a watched entity notifies the watchlist's target
    // before it exits.
    let (hooks, received) = runtime.block_on(receiver());
    let dir = std::env::temp_dir().join(format!("guanxi-watch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tips.csv"),
        "id,received_on,text,subject_ids\nt-2026-950,2026-11-29,反映王建国的外甥女承包村里广告。,\n",
    )
    .unwrap();
    let config = dir.join("guanxi.toml");
    std::fs::write(
        &config,
        format!(
            "[[notify]]\nkind = \"webhook\"\nurl = \"{hooks}/cli\"\nwatchlist = \"cli-desk\"\n"
        ),
    )
    .unwrap();
    let loaded = std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["load", dir.to_str().unwrap(), "--report-dir"])
        .arg(dir.join("reports"))
        .env("GUANXI_CONFIG", &config)
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{}", common::text(&loaded));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        ids_of(&received, "cli", "tip"),
        vec!["t-2026-950".to_string()],
        "{}",
        common::text(&loaded)
    );
}
