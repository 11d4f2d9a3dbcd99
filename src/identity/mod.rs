//! Identity resolution after each load. Crash-safe: an upsert marks each person and company it
//! writes `unresolved`, and a resolution takes every unresolved record, whichever run wrote
//! it, and clears the mark only at its end; a load that died before resolving leaves its
//! records to the next load or ingest. Records are never merged; they are linked:
//! certain links (`SAME_AS`: same valid ID number; same normalised name and birth date with
//! no conflicting ID number; same valid credit code), which patterns treat as identity, and
//! possible links (`POSSIBLY_SAME_AS`, with a score and the reason) for a person to confirm
//! or reject. Candidates come from blocking keys (shared phone, shared address, same birth
//! date and surname), never from all pairs, so it scales to a city; each candidate pair is
//! scored in Rust (`scoring`). A person then confirms or rejects each possible link
//! (`review`).

pub mod review;
mod scoring;

use std::collections::BTreeMap;

use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};
use serde::Serialize;

use crate::cypher::{self, CypherFile};
use crate::db::{DbError, WithOrigin};

pub use scoring::{score, Candidate, PossibleLink};

/// Links made by one resolution pass.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct IdentitySummary {
    /// Certain person links created or confirmed.
    pub certain_person_links: i64,
    /// Certain company links created or confirmed.
    pub certain_company_links: i64,
    /// Possible person links written (new or refreshed).
    pub possible_links: i64,
}

/// Resolves identities for every unresolved record (those written by load run `run`, and
/// any an earlier run left unresolved), then marks them resolved.
pub async fn resolve(graph: &Graph, run: &str) -> Result<IdentitySummary, DbError> {
    let now = chrono::Utc::now().fixed_offset();
    let (claim, clear) = (
        &cypher::LOAD_RUN_CLAIM_UNRESOLVED,
        &cypher::LOAD_RUN_CLEAR_UNRESOLVED,
    );
    run_statements(graph, claim, run).await?;
    let summary = resolve_claimed(graph, run, now).await?;
    // Cleared last: a resolution that dies before here leaves the records to the next one.
    run_statements(graph, clear, run).await?;
    Ok(summary)
}

/// Runs every statement of `file` with `$run`.
async fn run_statements(graph: &Graph, file: &CypherFile, run: &str) -> Result<(), DbError> {
    for statement in file.statements() {
        graph
            .run(query(&statement).param("run", run))
            .await
            .origin(file.path)?;
    }
    Ok(())
}

/// The links of the records `run` has claimed.
async fn resolve_claimed(
    graph: &Graph,
    run: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<IdentitySummary, DbError> {
    let [by_id_number, by_name_birth, by_credit_code, candidates, write_possible] =
        cypher::IDENTITY
    else {
        unreachable!("five identity files are registered");
    };
    // Links whose basis no longer holds go first, so that the candidate read below sees
    // the same links whenever it runs.
    for file in [by_id_number, by_name_birth, by_credit_code] {
        for statement in stale_link_deletes(file) {
            run_counting_query(
                graph,
                file,
                query(&statement).param("run", run).param("now", now),
            )
            .await?;
        }
    }
    // The certain-link writes and the candidate read then run side by side, one per core:
    // the candidate query leaves out by their properties the pairs the writes are linking,
    // so its answer does not depend on how far the writes have got.
    let certain = async {
        let person = run_link_writes(graph, by_id_number, run, now).await?
            + run_link_writes(graph, by_name_birth, run, now).await?;
        let company = run_link_writes(graph, by_credit_code, run, now).await?;
        Ok::<_, DbError>((person, company))
    };
    let (certain, pairs) = tokio::join!(certain, score_candidates(graph, candidates, run));
    let (certain_person_links, certain_company_links) = certain?;
    let pairs = pairs?;
    let mut summary = IdentitySummary {
        certain_person_links,
        certain_company_links,
        possible_links: 0,
    };

    for chunk in pairs.chunks(1000) {
        let list: Vec<BoltType> = chunk
            .iter()
            .map(|p| {
                let mut map = BoltMap::new();
                map.put(BoltString::from("a"), BoltType::from(p.a.as_str()));
                map.put(BoltString::from("b"), BoltType::from(p.b.as_str()));
                map.put(BoltString::from("score"), BoltType::from(p.score));
                map.put(
                    BoltString::from("reason"),
                    BoltType::from(p.reason.as_str()),
                );
                BoltType::Map(map)
            })
            .collect();
        summary.possible_links += run_counting_query(
            graph,
            write_possible,
            query(&write_possible.statements()[0])
                .param("pairs", list)
                .param("run", run)
                .param("now", now),
        )
        .await?;
    }
    Ok(summary)
}

/// Reads the candidate pairs of load run `run` (`file`: by blocking keys) and keeps those
/// that score as likely matches, one per pair.
async fn score_candidates(
    graph: &Graph,
    file: &CypherFile,
    run: &str,
) -> Result<Vec<PossibleLink>, DbError> {
    let mut rows = graph
        .execute(query(&file.statements()[0]).param("run", run))
        .await
        .origin(file.path)?;
    let mut pairs: BTreeMap<(String, String), PossibleLink> = BTreeMap::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let get = |name: &str| {
            row.get::<Option<String>>(name)
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let reasons: Vec<String> = row.get("reasons").unwrap_or_default();
        let candidate = Candidate {
            a_id: get("a_id"),
            b_id: get("b_id"),
            a_name: get("a_name"),
            b_name: get("b_name"),
            a_pinyin: get("a_pinyin"),
            b_pinyin: get("b_pinyin"),
            a_birth: get("a_birth"),
            b_birth: get("b_birth"),
            reasons,
        };
        if let Some(link) = score(&candidate) {
            pairs.insert((link.a.clone(), link.b.clone()), link);
        }
    }
    Ok(pairs.into_values().collect())
}

/// The statements of a certain-link file before its last: they delete the links whose
/// basis no longer holds.
fn stale_link_deletes(file: &CypherFile) -> Vec<String> {
    let mut statements = file.statements();
    statements.pop();
    statements
}

/// Runs the last statement of a certain-link file, the one that writes the links; returns
/// its `links` count.
async fn run_link_writes(
    graph: &Graph,
    file: &CypherFile,
    run: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<i64, DbError> {
    let Some(statement) = file.statements().pop() else {
        return Ok(0);
    };
    run_counting_query(
        graph,
        file,
        query(&statement).param("run", run).param("now", now),
    )
    .await
}

/// Runs a statement of `file` that returns a `links` count; returns the last row's.
async fn run_counting_query(
    graph: &Graph,
    file: &CypherFile,
    q: neo4rs::Query,
) -> Result<i64, DbError> {
    let mut rows = graph.execute(q).await.origin(file.path)?;
    let mut links = 0;
    while let Some(row) = rows.next().await.origin(file.path)? {
        links = row.get::<i64>("links").unwrap_or(0);
    }
    Ok(links)
}
