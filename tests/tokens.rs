//! The token lifecycle against the real Neo4j and service: unique names (CLI and API),
//! revocation and rotation taking effect at once, expiry, a list without secrets, and the
//! audit entries of every change.

mod common;

use std::process::Command;

use common::{spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::tokens;
use serde_json::{json, Value};

/// `guanxi token ARGS...` against the test database (NEO4J_URI comes from the environment).
fn guanxi_token(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .arg("token")
        .args(args)
        .env("USER", "test-operator")
        .output()
        .expect("the guanxi binary runs")
}

/// The audit entries about tokens (written in the background: polled for up to 5 s until
/// `wanted` holds).
async fn token_audit(app: &TestApp, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let mut changes = Vec::new();
    for _ in 0..50 {
        let audit: Value = app
            .get(&app.admin, "/api/audit?per_page=1000")
            .await
            .json()
            .await
            .unwrap();
        changes = audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e.get("token_change").is_some())
            .cloned()
            .collect();
        if wanted(&changes) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    changes
}

fn has_change(changes: &[Value], actor: &str, action: &str, name: &str, role: &str) -> bool {
    changes.iter().any(|e| {
        e["token"] == actor
            && e["token_change"]["action"] == action
            && e["token_change"]["name"] == name
            && e["token_change"]["role"] == role
    })
}

#[tokio::test]
async fn a_taken_name_is_refused_by_the_api_and_the_old_token_keeps_working() {
    let app = spawn_app().await;
    let first = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "alice", "role": "viewer"}),
        )
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let secret = first["token"].as_str().unwrap().to_string();
    assert!(!first["id"].as_str().unwrap().is_empty());

    let clash = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": " alice ", "role": "admin"}),
        )
        .await;
    assert_eq!(clash.status(), 409);
    assert_eq!(clash.headers()["content-type"], "application/problem+json");
    let problem: Value = clash.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("alice"));
    // Nothing was replaced: the first token still works, and still as a viewer.
    assert_eq!(app.get(&secret, "/api/patterns").await.status(), 200);
    assert_eq!(app.get(&secret, "/api/audit").await.status(), 403);

    // Bad input is refused with a clear error.
    for body in [
        json!({"name": "  ", "role": "viewer"}),
        json!({"name": "bob", "role": "viewer", "expires": "2001-01-01"}),
        json!({"name": "bob", "role": "viewer", "expires": "soon"}),
    ] {
        let response = app.post(&app.admin, "/api/tokens", body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
    }
}

#[tokio::test]
async fn a_taken_name_is_refused_by_the_cli_and_changes_are_audited() {
    let app = spawn_app().await;
    let created = guanxi_token(&["create", "--name", "carol", "--role", "investigator"]);
    assert!(created.status.success(), "{created:?}");
    let secret = String::from_utf8(created.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(secret.starts_with("gx_"));

    let clash = guanxi_token(&["create", "--name", "carol", "--role", "admin"]);
    assert!(!clash.status.success());
    let stderr = String::from_utf8_lossy(&clash.stderr);
    assert!(stderr.contains("exists already"), "{stderr}");
    assert_eq!(app.get(&secret, "/api/audit").await.status(), 403);

    let list = guanxi_token(&["list"]);
    assert!(list.status.success());
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.contains("carol") && listed.contains("investigator"));
    assert!(!listed.contains(&secret) && !listed.contains(&tokens::hash(&secret)));

    let rotated = guanxi_token(&["rotate", "carol"]);
    assert!(rotated.status.success(), "{rotated:?}");
    let new_secret = String::from_utf8(rotated.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert_ne!(new_secret, secret);
    assert_eq!(app.get(&new_secret, "/api/patterns").await.status(), 200);

    let revoked = guanxi_token(&["revoke", "carol"]);
    assert!(revoked.status.success(), "{revoked:?}");
    let again = guanxi_token(&["revoke", "carol"]);
    assert!(!again.status.success());
    let unknown = guanxi_token(&["rotate", "nobody"]);
    assert!(!unknown.status.success());

    let changes = token_audit(&app, |c| c.len() >= 3).await;
    for action in ["create", "rotate", "revoke"] {
        assert!(
            has_change(
                &changes,
                "cli:test-operator",
                action,
                "carol",
                "investigator"
            ),
            "no {action} entry in {changes:?}"
        );
    }
}

#[tokio::test]
async fn revoke_and_rotate_take_effect_at_once_and_are_audited() {
    let app = spawn_app().await;
    let created: Value = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "dave", "role": "investigator", "expires": "90d"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let old = created["token"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    assert!(created["expires_at"].is_string());
    // Used once, so that the service's token cache holds it.
    assert_eq!(app.get(&old, "/api/patterns").await.status(), 200);

    // Only admins manage tokens.
    assert_eq!(
        app.get(&app.investigator, "/api/tokens").await.status(),
        403
    );
    let refused = app
        .post(&app.investigator, "/api/tokens/dave/rotate", json!({}))
        .await;
    assert_eq!(refused.status(), 403);

    // Rotation by id: the old secret answers 401 at once, the new one 200.
    let rotated = app
        .post(&app.admin, &format!("/api/tokens/{id}/rotate"), json!({}))
        .await;
    assert_eq!(rotated.status(), 200);
    let rotated: Value = rotated.json().await.unwrap();
    let new = rotated["token"].as_str().unwrap().to_string();
    assert_eq!(rotated["name"], "dave");
    assert_eq!(rotated["role"], "investigator");
    assert_eq!(rotated["expires_at"], created["expires_at"]);
    assert_eq!(app.get(&old, "/api/patterns").await.status(), 401);
    assert_eq!(app.get(&new, "/api/patterns").await.status(), 200);

    // The list shows the token, never a secret or a hash.
    let list = app.get(&app.admin, "/api/tokens").await;
    assert_eq!(list.status(), 200);
    let text = list.text().await.unwrap();
    assert!(!text.contains(&new) && !text.contains(&tokens::hash(&new)));
    assert!(!text.contains("gx_") && !text.contains("hash"));
    let list: Value = serde_json::from_str(&text).unwrap();
    let dave = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "dave")
        .expect("dave is listed");
    assert_eq!(dave["id"], id);
    assert_eq!(dave["created_by"], "test-admin");
    assert!(dave["revoked_at"].is_null());

    // Revocation by name: 401 at once; revoking again or rotating is a conflict.
    let revoked = app
        .post(&app.admin, "/api/tokens/dave/revoke", json!({}))
        .await;
    assert_eq!(revoked.status(), 200);
    assert_eq!(app.get(&new, "/api/patterns").await.status(), 401);
    let again = app
        .post(&app.admin, "/api/tokens/dave/revoke", json!({}))
        .await;
    assert_eq!(again.status(), 409);
    let rotate_revoked = app
        .post(&app.admin, "/api/tokens/dave/rotate", json!({}))
        .await;
    assert_eq!(rotate_revoked.status(), 409);
    let unknown = app
        .post(&app.admin, "/api/tokens/nobody/revoke", json!({}))
        .await;
    assert_eq!(unknown.status(), 404);
    // A revoked token's name stays taken.
    let reuse = app
        .post(
            &app.admin,
            "/api/tokens",
            json!({"name": "dave", "role": "viewer"}),
        )
        .await;
    assert_eq!(reuse.status(), 409);
    let list: Value = app
        .get(&app.admin, "/api/tokens")
        .await
        .json()
        .await
        .unwrap();
    let dave = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "dave")
        .unwrap();
    assert!(dave["revoked_at"].is_string());
    assert_eq!(dave["revoked_by"], "test-admin");

    let changes = token_audit(&app, |c| c.len() >= 3).await;
    for action in ["create", "rotate", "revoke"] {
        assert!(
            has_change(&changes, "test-admin", action, "dave", "investigator"),
            "no {action} entry in {changes:?}"
        );
    }
}

#[tokio::test]
async fn an_expired_token_answers_401() {
    let app = spawn_app().await;
    let soon = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let issued = tokens::create(&app.db.graph, "erin", Role::Viewer, Some(soon), "test")
        .await
        .unwrap();
    // Valid until its expiry, even though the service caches the lookup.
    assert_eq!(app.get(&issued.secret, "/api/patterns").await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(app.get(&issued.secret, "/api/patterns").await.status(), 401);
    let past = chrono::Utc::now() - chrono::Duration::days(1);
    let expired = tokens::create(&app.db.graph, "frank", Role::Admin, Some(past), "test")
        .await
        .unwrap();
    assert_eq!(
        app.get(&expired.secret, "/api/patterns").await.status(),
        401
    );
}

#[tokio::test]
async fn tokens_of_earlier_builds_get_an_id_and_keep_working() {
    let app = spawn_app().await;
    let secret = "gx_legacy-token";
    app.db
        .graph
        .run(
            neo4rs::query(
                "CREATE (:ApiToken {name: 'legacy', role: 'viewer', hash: $hash, \
                 created_at: datetime()})",
            )
            .param("hash", tokens::hash(secret)),
        )
        .await
        .unwrap();
    guanxi::db::apply_schema(&app.db.graph).await.unwrap();
    let legacy = tokens::get(&app.db.graph, "legacy").await.unwrap();
    assert!(!legacy.id.is_empty());
    assert_eq!(legacy.role, Role::Viewer);
    assert_eq!(app.get(secret, "/api/patterns").await.status(), 200);
    // Its id works as a key.
    assert_eq!(
        tokens::get(&app.db.graph, &legacy.id).await.unwrap(),
        legacy
    );
}
