//! Shared helpers for integration tests: every test talks to a real Neo4j.
//!
//! Isolation: Neo4j Community has one user database, so tests that touch it run one at a
//! time (a process-wide lock; cargo runs test binaries one after another) and each starts
//! from an empty graph (`delete_all_data`), with the schema in place. Namespacing per test
//! was rejected because the schema's uniqueness constraint spans the whole id space.

#![allow(dead_code)]

use std::sync::OnceLock;

use guanxi::db;
use guanxi::settings::Settings;
use neo4rs::Graph;
use tokio::sync::{Mutex, MutexGuard};

fn db_lock() -> &'static Mutex<()> {
    static LOCK: OnceLock<Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| Mutex::new(()))
}

/// A clean graph, held exclusively by one test until dropped.
pub struct TestDb {
    /// Connected pool (created on this test's runtime).
    pub graph: Graph,
    /// The settings it was built from (env overrides apply, as for the CLI).
    pub settings: Settings,
    _exclusive: MutexGuard<'static, ()>,
}

/// Starts the local Neo4j if nothing answers at `NEO4J_URI`, applies the schema, wipes all
/// data and returns the graph, holding the database lock for the caller's lifetime.
pub async fn clean_graph() -> TestDb {
    let exclusive = db_lock().lock().await;
    let settings = Settings::load(None).expect("settings");
    let graph = db::local::ensure_server(&settings, &|step| eprintln!("test setup: {step}"))
        .await
        .expect("a Neo4j server for the tests (see README: Java 17 and Maven are needed)");
    db::delete_all_data(&graph).await.expect("wipe");
    TestDb {
        graph,
        settings,
        _exclusive: exclusive,
    }
}

/// Runs a read query and returns one column of every row.
pub async fn column<T: serde::de::DeserializeOwned>(
    graph: &Graph,
    query: neo4rs::Query,
    name: &str,
) -> Vec<T> {
    let mut rows = graph.execute(query).await.expect("query");
    let mut values = Vec::new();
    while let Some(row) = rows.next().await.expect("row") {
        values.push(row.get::<T>(name).expect("column"));
    }
    values
}
