//! `guanxi db backup` and `guanxi db restore` as a user runs them, against a private Neo4j on a
//! free port with its own data folder (both commands stop the server, so the shared test
//! database is never used): a loaded graph round-trips with identical counts per label and
//! type, and every refusal (non-empty folder, no `--yes`, missing, broken or damaged backup)
//! changes nothing and leaves the server running.

#[path = "common/private_server.rs"]
mod private_server;

use std::path::Path;
use std::process::Command;

use guanxi::db::backup;
use private_server::{ok, refused, PrivateServer};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_and_restore_round_trip_a_loaded_graph_and_refuse_what_would_lose_data() {
    let server = PrivateServer::new("backup");
    ok(server.guanxi(&["db", "start"]));
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let reports = server.scratch.join("reports");
    ok(server.guanxi(&["load", examples, "--report-dir", reports.to_str().unwrap()]));
    let loaded = server.counts().await;
    assert!(
        loaded.nodes > 50 && loaded.labels.contains_key("Person") && !loaded.types.is_empty(),
        "{loaded:?}"
    );

    // Backup: the manifest holds the counts taken before stopping, and the server runs again.
    let dir = server.scratch.join("backup");
    let dir_arg = dir.to_str().unwrap();
    let out = ok(server.guanxi(&["db", "backup", dir_arg]));
    assert!(out.contains("Neo4j is running"), "{out}");
    assert!(server.answers(), "the server must run again after a backup");
    let manifest = backup::read_manifest(&dir).unwrap();
    assert_eq!(manifest.counts, loaded);
    assert!(manifest.neo4j_version.starts_with("5."), "{manifest:?}");
    assert!(manifest
        .files
        .iter()
        .any(|f| f.path.starts_with("databases/neo4j/")));

    // A non-empty folder is refused without --force and replaced with it.
    refused(server.guanxi(&["db", "backup", dir_arg]), "--force");
    ok(server.guanxi(&["db", "backup", dir_arg, "--force"]));
    assert_eq!(backup::read_manifest(&dir).unwrap().counts, loaded);

    // The database changes after the backup.
    ok(server.guanxi(&["db", "reset", "--yes", "--all"]));
    let emptied = server.counts().await;
    assert_ne!(emptied, loaded);

    // Refusals change nothing: no --yes, a missing, a broken and a damaged backup.
    let out = refused(server.guanxi(&["db", "restore", dir_arg]), "--yes");
    assert!(out.contains("replaces the database"), "{out}");
    let missing = server.scratch.join("missing");
    std::fs::create_dir_all(&missing).unwrap();
    refused(
        server.guanxi(&["db", "restore", missing.to_str().unwrap(), "--yes"]),
        "manifest",
    );
    let broken = server.scratch.join("broken");
    copy_dir(&dir, &broken);
    std::fs::write(broken.join("manifest.json"), "{\"format\": 1, \"files\": [").unwrap();
    refused(
        server.guanxi(&["db", "restore", broken.to_str().unwrap(), "--yes"]),
        "not a usable guanxi backup manifest",
    );
    let damaged = server.scratch.join("damaged");
    copy_dir(&dir, &damaged);
    let victim = &manifest
        .files
        .iter()
        .find(|f| f.path.starts_with("databases/neo4j/") && f.bytes > 0)
        .unwrap()
        .path;
    let victim = damaged.join("data").join(victim);
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[0] ^= 0xff;
    std::fs::write(&victim, bytes).unwrap();
    refused(
        server.guanxi(&["db", "restore", damaged.to_str().unwrap(), "--yes"]),
        "damaged",
    );
    assert!(server.answers());
    assert_eq!(
        server.counts().await,
        emptied,
        "a refusal must change nothing"
    );

    // Restore: the loaded graph is back with identical counts, and the server runs.
    let out = ok(server.guanxi(&["db", "restore", dir_arg, "--yes"]));
    assert!(out.contains("Neo4j is running"), "{out}");
    assert!(server.answers(), "the server must run after a restore");
    assert_eq!(server.counts().await, loaded);
    let leftovers: Vec<_> = std::fs::read_dir(&server.home)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("data."))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn a_remote_server_is_refused_with_how_to_back_it_up() {
    let output = Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["db", "backup", "/tmp/never-written-by-guanxi"])
        .env("NEO4J_URI", "bolt://10.255.255.1:7687")
        .output()
        .unwrap();
    refused(output, "neo4j-admin database dump");
    assert!(!Path::new("/tmp/never-written-by-guanxi").exists());
}
