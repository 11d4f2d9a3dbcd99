//! What the fault tests share (`faults.rs`, `faults_scan.rs`, included with `#[path]`): the
//! comparison with the graph a clean run builds, and whether a killed process is gone.

use std::collections::BTreeMap;

use crate::common::column;
use neo4rs::{query, Graph};

/// Labels and types of bookkeeping (runs, locks, tokens, the audit log), which a rerun adds
/// to by design: left out of the comparison.
const BOOKKEEPING: [&str; 7] = [
    "LoadRun",
    "ScanRun",
    "ScanLock",
    "ApiToken",
    "AuditBatch",
    "AuditEntry",
    "AuditHead",
];

/// What "the same graph" means here.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub labels: BTreeMap<String, i64>,
    pub types: BTreeMap<String, i64>,
    pub same_as: Vec<String>,
    pub possibly_same_as: Vec<String>,
    pub kin: Vec<String>,
    pub alerts: Vec<String>,
    pub unresolved: i64,
}

pub async fn snapshot(graph: &Graph) -> Snapshot {
    let pairs: Vec<Vec<String>> = column(
        graph,
        query(
            "MATCH (n) UNWIND labels(n) AS l WITH l, count(*) AS n RETURN [l, toString(n)] AS row",
        ),
        "row",
    )
    .await;
    let labels = pairs
        .into_iter()
        .filter(|row| !BOOKKEEPING.contains(&row[0].as_str()))
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect();
    let pairs: Vec<Vec<String>> = column(
        graph,
        query(
            "MATCH (a)-[r]->(b) WHERE NOT a:AuditBatch AND NOT a:AuditEntry \
             WITH type(r) AS t, count(*) AS n RETURN [t, toString(n)] AS row",
        ),
        "row",
    )
    .await;
    let types = pairs
        .into_iter()
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    Snapshot {
        labels,
        types,
        same_as: sorted(
            column(
                graph,
                query("MATCH (a)-[r:SAME_AS]->(b) RETURN a.id + ' ' + b.id + ' ' + r.basis AS x"),
                "x",
            )
            .await,
        ),
        possibly_same_as: sorted(
            column(
                graph,
                query("MATCH (a)-[r:POSSIBLY_SAME_AS]->(b) RETURN a.id + ' ' + b.id + ' ' + r.status AS x"),
                "x",
            )
            .await,
        ),
        kin: sorted(
            column(
                graph,
                query("MATCH (a)-[r:KIN]->(b) RETURN a.id + ' ' + b.id + ' ' + r.chain AS x"),
                "x",
            )
            .await,
        ),
        alerts: sorted(
            column(
                graph,
                query("MATCH (a:Alert) RETURN a.id + ' ' + a.pattern + ' ' + a.status AS x"),
                "x",
            )
            .await,
        ),
        unresolved: column::<i64>(
            graph,
            query("MATCH (n:Entity) WHERE n.unresolved IS NOT NULL RETURN count(n) AS n"),
            "n",
        )
        .await[0],
    }
}

/// Whether `pid` is a live process (a zombie does not count).
pub fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !matches!(
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next()),
            Some("Z") | Some("X")
        ),
        Err(_) => false,
    }
}
