//! Issue 14's "done when": `guanxi db backup` + `guanxi db restore` round-trip the county preset
//! with identical counts per label and type. The county (`guanxi gen --preset county`) is loaded
//! into a private Neo4j (Neo4j's default 1 GB heap, the one the issue names) on a free port,
//! backed up, emptied with `db reset --yes --all`, restored and counted again. Slow (minutes
//! in a debug build: RELIABILITY.md gives the figure), hence its own file.

#[path = "common/private_server.rs"]
mod private_server;

use std::time::Instant;

use guanxi::db::backup;
use private_server::{ok, PrivateServer};

#[tokio::test(flavor = "multi_thread")]
async fn backup_and_restore_round_trip_the_county_preset_with_identical_counts() {
    let began = Instant::now();
    let server = PrivateServer::new("backup-county").with_heap("1g", "512m");
    let data = server.scratch.join("county");
    let reports = server.scratch.join("reports");
    ok(server.guanxi(&[
        "gen",
        "--out",
        data.to_str().unwrap(),
        "--preset",
        "county",
        "--seed",
        "7",
    ]));
    ok(server.guanxi(&["db", "start"]));
    ok(server.guanxi(&[
        "load",
        data.to_str().unwrap(),
        "--report-dir",
        reports.to_str().unwrap(),
    ]));
    let loaded = server.counts().await;
    eprintln!(
        "county loaded in {:.0} s: {loaded:?}",
        began.elapsed().as_secs_f64()
    );
    // The county: about a hundred thousand people and several hundred thousand relationships.
    assert!(
        loaded.labels.get("Person").copied().unwrap_or(0) > 100_000,
        "{loaded:?}"
    );
    assert!(loaded.relationships > 300_000, "{loaded:?}");

    let dir = server.scratch.join("backup");
    let dir_arg = dir.to_str().unwrap();
    let step = Instant::now();
    ok(server.guanxi(&["db", "backup", dir_arg]));
    eprintln!("backup in {:.0} s", step.elapsed().as_secs_f64());
    assert_eq!(backup::read_manifest(&dir).unwrap().counts, loaded);
    assert!(server.answers(), "the server must run again after a backup");

    let step = Instant::now();
    ok(server.guanxi(&["db", "reset", "--yes", "--all"]));
    eprintln!("reset in {:.0} s", step.elapsed().as_secs_f64());
    let emptied = server.counts().await;
    assert!(emptied.nodes < 10, "{emptied:?}");

    let step = Instant::now();
    ok(server.guanxi(&["db", "restore", dir_arg, "--yes"]));
    eprintln!("restore in {:.0} s", step.elapsed().as_secs_f64());
    assert!(server.answers(), "the server must run after a restore");
    assert_eq!(server.counts().await, loaded);
    eprintln!(
        "county round trip: {:.0} s in all",
        began.elapsed().as_secs_f64()
    );
}
