//! The audit log's guarantees against the real Neo4j (issue 13): `kill -9` of the real service
//! binary loses no answered request, entries wait in the spool while Neo4j is away and are
//! replayed when it returns, the hash chain names an edited, deleted or inserted batch
//! (`guanxi audit verify`), concurrent writers never fork it, refused requests (401, 403) are
//! audited with the client's address, and `db reset --yes` keeps tokens and the log unless
//! `--all`.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::{clean_graph, column, guanxi, spawn_app, start_service, temp_spool, text};
use guanxi::audit::spool::Spool;
use guanxi::audit::{self, chain, AuditEntry, AuditFilter, AuditLog};
use guanxi::domain::Role;
use guanxi::tokens;
use neo4rs::{query, Graph};

fn entry(path: &str) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339(),
        token: "audit-test".into(),
        role: "admin".into(),
        method: "GET".into(),
        route: "/test".into(),
        path: path.into(),
        entity_ids: Vec::new(),
        status: 200,
        token_change: None,
        search: None,
        client: None,
    }
}

/// Every stored entry, newest first.
async fn stored(graph: &Graph) -> Vec<AuditEntry> {
    audit::list(
        graph,
        &AuditFilter {
            token: None,
            page: 1,
            per_page: 100_000,
        },
    )
    .await
    .expect("audit list")
}

/// The paths of every stored entry, newest first.
async fn stored_paths(graph: &Graph) -> Vec<String> {
    stored(graph).await.into_iter().map(|e| e.path).collect()
}

/// Stored entries whose path starts with `prefix`, polled for up to 10 s until there are
/// `wanted` of them.
async fn stored_with_prefix(graph: &Graph, prefix: &str, wanted: usize) -> Vec<AuditEntry> {
    let mut found = Vec::new();
    for _ in 0..100 {
        found = stored(graph)
            .await
            .into_iter()
            .filter(|e| e.path.starts_with(prefix))
            .collect();
        if found.len() >= wanted {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    found
}

#[tokio::test]
async fn kill_9_right_after_the_answers_loses_no_entry() {
    let db = clean_graph().await;
    let token = tokens::create_token(&db.graph, "kill-test", Role::Viewer)
        .await
        .unwrap();
    let spool = temp_spool("kill");
    let (mut service, base) = start_service(&db.settings, &spool);
    let client = reqwest::Client::new();
    const N: usize = 25;
    for i in 0..N {
        let answer = client
            .get(format!("{base}/api/entities/kill-{i}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404);
    }
    // The promise: entries of requests answered more than 100 ms ago survive `kill -9`.
    tokio::time::sleep(Duration::from_millis(150)).await;
    service.kill().unwrap(); // SIGKILL
    service.wait().unwrap();

    // A new service replays whatever the spool holds.
    let (mut again, base) = start_service(&db.settings, &spool);
    let found = stored_with_prefix(&db.graph, "/api/entities/kill-", N).await;
    // A graceful stop right after the answers writes them all before exiting.
    for i in 0..N {
        let answer = client
            .get(format!("{base}/api/entities/term-{i}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404);
    }
    // SAFETY: signalling the child this test started.
    unsafe { libc::kill(again.id() as i32, libc::SIGTERM) };
    assert!(again.wait().unwrap().success());
    let stopped: Vec<String> = stored_paths(&db.graph)
        .await
        .into_iter()
        .filter(|p| p.starts_with("/api/entities/term-"))
        .collect();
    assert_eq!(stopped.len(), N, "flushed at shutdown: {stopped:?}");
    let mut paths: Vec<String> = found.iter().map(|e| e.path.clone()).collect();
    paths.sort();
    let mut expected: Vec<String> = (0..N).map(|i| format!("/api/entities/kill-{i}")).collect();
    expected.sort();
    assert_eq!(
        paths, expected,
        "every answered request is in the audit log"
    );
    assert!(found
        .iter()
        .all(|e| e.token == "kill-test" && e.status == 404));
    assert!(
        Spool::new(&spool).read().unwrap().is_empty(),
        "the spool is emptied once stored"
    );
    assert!(chain::verify(&db.graph).await.unwrap().is_ok());
}

#[tokio::test]
async fn entries_wait_in_the_spool_while_neo4j_is_away_and_are_replayed_when_it_returns() {
    let db = clean_graph().await;
    let spool = temp_spool("outage");
    let mut away = db.settings.neo4j.clone();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    away.uri = format!("bolt://{}", closed.local_addr().unwrap());
    drop(closed);
    away.connection_timeout_secs = 1;
    let unreachable = guanxi::db::connect(&away).unwrap();
    let log = AuditLog::start(unreachable, &spool);
    for i in 0..3 {
        log.send(entry(&format!("/outage/{i}"))).await;
    }
    // Durable within 100 ms, though Neo4j never answers.
    tokio::time::sleep(audit::AUDIT_WINDOW).await;
    let spooled: Vec<String> = Spool::new(&spool)
        .read()
        .unwrap()
        .into_iter()
        .flat_map(|b| b.entries)
        .collect();
    assert_eq!(spooled.len(), 3, "{spooled:?}");
    assert!(spooled[0].contains("/outage/0") && spooled[2].contains("/outage/2"));
    let mode = std::fs::metadata(&spool).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the spool is owner-only");
    // Shutdown with Neo4j away: the entries stay in the spool, nothing is lost or stored.
    log.flush().await;
    assert_eq!(Spool::new(&spool).read().unwrap().len(), 1);
    assert!(stored(&db.graph).await.is_empty());

    // Neo4j is back (a writer on the live server): the spool is replayed at startup.
    let live = AuditLog::start(db.graph.clone(), &spool);
    live.flush().await;
    let paths = stored_paths(&db.graph).await;
    assert_eq!(paths, ["/outage/2", "/outage/1", "/outage/0"]);
    assert!(Spool::new(&spool).read().unwrap().is_empty());
    // Replaying again (the first writer keeps trying) stores nothing twice.
    live.send(entry("/outage/after")).await;
    live.flush().await;
    assert_eq!(stored(&db.graph).await.len(), 4);
    let report = chain::verify(&db.graph).await.unwrap().unwrap();
    assert_eq!((report.batches, report.entries), (2, 4));
}

#[tokio::test]
async fn audit_verify_names_an_edited_batch_and_passes_an_intact_chain() {
    let db = clean_graph().await;
    for i in 0..4 {
        audit::append_one(&db.graph, &entry(&format!("/chain/{i}")))
            .await
            .unwrap();
    }
    let intact = guanxi(&["audit", "verify"]);
    assert!(intact.status.success(), "{}", text(&intact));
    assert!(
        text(&intact).contains("audit chain OK: 4 batches (4 entries) checked"),
        "{}",
        text(&intact)
    );

    let ids: Vec<String> = column(
        &db.graph,
        query("MATCH (b:AuditBatch {seq: 2}) RETURN b.id AS id"),
        "id",
    )
    .await;
    db.graph
        .run(query(
            "MATCH (b:AuditBatch {seq: 2})
             SET b.entries = [replace(b.entries[0], '\"status\":200', '\"status\":404')]",
        ))
        .await
        .unwrap();
    let broken = guanxi(&["audit", "verify"]);
    assert!(!broken.status.success(), "{}", text(&broken));
    assert!(
        text(&broken).contains(&format!("position 2 (batch {})", ids[0]))
            && text(&broken).contains("edited"),
        "{}",
        text(&broken)
    );
}

/// A fresh chain of three batches.
async fn three_batches(graph: &Graph) {
    guanxi::db::delete_all_data(graph).await.unwrap();
    for i in 0..3 {
        audit::append_one(graph, &entry(&format!("/chain/{i}")))
            .await
            .unwrap();
    }
    assert!(chain::verify(graph).await.unwrap().is_ok());
}

#[tokio::test]
async fn deleted_and_inserted_batches_break_the_chain() {
    let db = clean_graph().await;
    three_batches(&db.graph).await;
    db.graph
        .run(query("MATCH (b:AuditBatch {seq: 2}) DELETE b"))
        .await
        .unwrap();
    let gap = chain::verify(&db.graph).await.unwrap().unwrap_err();
    assert_eq!(gap.seq, 3, "{gap}");
    assert!(gap.reason.contains("missing"), "{gap}");

    three_batches(&db.graph).await;
    db.graph
        .run(query("MATCH (b:AuditBatch {seq: 3}) DELETE b"))
        .await
        .unwrap();
    let tail = chain::verify(&db.graph).await.unwrap().unwrap_err();
    assert!(tail.reason.contains("deleted"), "{tail}");

    // An inserted batch with a well-formed link, but the head does not know it.
    three_batches(&db.graph).await;
    let heads: Vec<String> = column(
        &db.graph,
        query("MATCH (h:AuditHead) RETURN h.hash AS hash"),
        "hash",
    )
    .await;
    let entries = vec!["{\"forged\":true}".to_string()];
    let hash = chain::batch_hash("forged", 4, &heads[0], &entries);
    db.graph
        .run(
            query(
                "CREATE (:AuditBatch {id: 'forged', seq: 4, prev_hash: $prev, hash: $hash,
                                      entries: $entries, last_at: datetime()})",
            )
            .param("prev", heads[0].as_str())
            .param("hash", hash)
            .param("entries", entries),
        )
        .await
        .unwrap();
    let inserted = chain::verify(&db.graph).await.unwrap().unwrap_err();
    assert!(inserted.reason.contains("head"), "{inserted}");

    // One replaced in the middle, with a hash of its own: the next link no longer follows.
    three_batches(&db.graph).await;
    let entries = vec!["{\"forged\":true}".to_string()];
    db.graph
        .run(
            query(
                "MATCH (b:AuditBatch {seq: 2})
                 SET b.entries = $entries, b.hash = $hash",
            )
            .param("entries", entries.clone())
            .param("hash", "0".repeat(64)),
        )
        .await
        .unwrap();
    let replaced = chain::verify(&db.graph).await.unwrap().unwrap_err();
    assert_eq!(replaced.seq, 2, "{replaced}");
}

#[tokio::test]
async fn concurrent_writers_extend_one_chain() {
    let db = clean_graph().await;
    let writers: Vec<_> = (0..12)
        .map(|i| {
            let graph = db.graph.clone();
            tokio::spawn(async move {
                audit::append_one(&graph, &entry(&format!("/concurrent/{i}"))).await
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    let report = chain::verify(&db.graph).await.unwrap().unwrap();
    assert_eq!((report.batches, report.entries), (12, 12));
}

#[tokio::test]
async fn refused_requests_are_audited_with_the_client_address() {
    let app = spawn_app().await;
    assert_eq!(app.get("gx_wrong", "/api/alerts").await.status(), 401);
    let anonymous = app
        .client
        .get(format!("{}/api/entities/p-1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(app.get(&app.viewer, "/api/audit").await.status(), 403);

    let mut refused = Vec::new();
    for _ in 0..50 {
        refused = stored(&app.db.graph)
            .await
            .into_iter()
            .filter(|e| e.status == 401 || e.status == 403)
            .collect();
        if refused.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let client_ok = |e: &AuditEntry| {
        e.client
            .as_deref()
            .is_some_and(|c| c.starts_with("127.0.0.1:"))
    };
    let wrong = refused
        .iter()
        .find(|e| e.path == "/api/alerts" && e.status == 401)
        .expect("the wrong token's 401 is audited");
    assert_eq!(wrong.token, "");
    assert!(client_ok(wrong), "{wrong:?}");
    let none = refused
        .iter()
        .find(|e| e.path == "/api/entities/p-1" && e.status == 401)
        .expect("the missing token's 401 is audited");
    assert_eq!(none.entity_ids, ["p-1"]);
    assert!(client_ok(none), "{none:?}");
    let forbidden = refused
        .iter()
        .find(|e| e.status == 403)
        .expect("the 403 is audited");
    assert_eq!(
        (forbidden.token.as_str(), forbidden.path.as_str()),
        ("test-viewer", "/api/audit")
    );
    assert!(client_ok(forbidden), "{forbidden:?}");
}

async fn count(graph: &Graph, text: &'static str) -> i64 {
    column::<i64>(graph, query(text), "n").await[0]
}

#[tokio::test]
async fn db_reset_keeps_tokens_and_the_audit_log_unless_all() {
    let db = clean_graph().await;
    tokens::create_token(&db.graph, "kept", Role::Admin)
        .await
        .unwrap();
    audit::append_one(&db.graph, &entry("/before-reset"))
        .await
        .unwrap();
    db.graph
        .run(query(
            "CREATE (p:Entity:Person {id: 'reset-p'})-[:KIN_OF]->(:Entity:Person {id: 'reset-q'})",
        ))
        .await
        .unwrap();

    let reset = guanxi(&["db", "reset", "--yes"]);
    assert!(reset.status.success(), "{}", text(&reset));
    assert_eq!(
        count(&db.graph, "MATCH (n:Entity) RETURN count(n) AS n").await,
        0
    );
    assert_eq!(
        count(&db.graph, "MATCH (t:ApiToken) RETURN count(t) AS n").await,
        1
    );
    let paths = stored_paths(&db.graph).await;
    assert_eq!(paths, ["guanxi db reset", "/before-reset"]);
    assert!(chain::verify(&db.graph).await.unwrap().is_ok());

    let all = guanxi(&["db", "reset", "--yes", "--all"]);
    assert!(all.status.success(), "{}", text(&all));
    assert_eq!(
        count(&db.graph, "MATCH (t:ApiToken) RETURN count(t) AS n").await,
        0
    );
    let paths = stored_paths(&db.graph).await;
    assert_eq!(
        paths,
        ["guanxi db reset --all"],
        "a new log starts with the reset"
    );
    let report = chain::verify(&db.graph).await.unwrap().unwrap();
    assert_eq!(report.batches, 1);
}
