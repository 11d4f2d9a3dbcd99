//! The writes of a load: a table's checked rows in batches with its mapping's
//! `UNWIND ... MERGE` upsert (as many batches at once as the mapping allows, while the next
//! batch is parsed), the load run record, and the warm-up that has Neo4j plan all of a
//! load's statements before the first real one.

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset};
use neo4rs::{query, BoltList, BoltMap, BoltString, BoltType, Graph};
use tokio::task::JoinHandle;

use super::error::LoadError;
use super::mapping::{self, TableMapping};
use super::summary::LoadSummary;
use super::typed::TypedRow;
use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::identity;

/// A batch of `table`'s rows (as Bolt maps) as its mapping's upsert statement.
fn upsert_query(
    table: &TableMapping,
    rows: BoltList,
    file: &str,
    (run, by): (&str, &str),
    now: DateTime<FixedOffset>,
) -> neo4rs::Query {
    query(table.upsert_cypher)
        .param("rows", BoltType::List(rows))
        .param("file", file)
        .param("run", run)
        .param("by", by)
        .param("now", now)
}

/// Writes one table's batches, each in its own transaction, with up to the mapping's
/// `writers` batches being written at once.
pub(crate) struct TableWriter<'a> {
    graph: Graph,
    table: &'a TableMapping,
    file: String,
    run: String,
    /// Who loads (the change history's `by`).
    by: String,
    now: DateTime<FixedOffset>,
    /// What a failed write names: the upsert file, the table and the file.
    origin: String,
    /// Batches being written, oldest first, each giving its row count.
    in_flight: VecDeque<JoinHandle<Result<u64, neo4rs::Error>>>,
}

impl<'a> TableWriter<'a> {
    /// A writer of `table`'s rows from `file`, for load run `run` at `now`.
    pub(crate) fn new(
        graph: &Graph,
        table: &'a TableMapping,
        file: &str,
        run: &str,
        now: DateTime<FixedOffset>,
    ) -> Self {
        Self {
            graph: graph.clone(),
            table,
            file: file.to_string(),
            run: run.to_string(),
            by: super::cli_user(),
            now,
            origin: format!("{} (table {}, {file})", table.upsert, table.table),
            in_flight: VecDeque::new(),
        }
    }

    /// The same writer, recording `by` as who loads.
    pub(crate) fn by(mut self, by: &str) -> Self {
        self.by = by.to_string();
        self
    }

    /// Waits until fewer than the mapping's `writers` batches are being written, then starts
    /// writing `rows` (when there are any) and returns at once, so that the next batch is
    /// parsed meanwhile. Returns the rows of the batches that finished while waiting.
    pub(crate) async fn write(&mut self, rows: Vec<TypedRow>) -> Result<u64, DbError> {
        let mut written = 0;
        while self.in_flight.len() >= self.table.writers.max(1) {
            written += self.join_oldest().await?;
        }
        if !rows.is_empty() {
            let graph = self.graph.clone();
            let q = upsert_query(
                self.table,
                rows.iter().map(TypedRow::to_bolt).collect(),
                &self.file,
                (&self.run, &self.by),
                self.now,
            );
            let count = rows.len() as u64;
            let upsert = self.table.upsert.clone();
            self.in_flight.push_back(tokio::spawn(async move {
                let started = std::time::Instant::now();
                let written = graph.run(q).await.map(|_| count);
                crate::metrics::record_query(&upsert, started.elapsed());
                written
            }));
        }
        Ok(written)
    }

    /// Waits for every batch still being written; returns their rows.
    pub(crate) async fn finish(&mut self) -> Result<u64, DbError> {
        let mut written = 0;
        while !self.in_flight.is_empty() {
            written += self.join_oldest().await?;
        }
        Ok(written)
    }

    async fn join_oldest(&mut self) -> Result<u64, DbError> {
        let Some(oldest) = self.in_flight.pop_front() else {
            return Ok(0);
        };
        match oldest.await {
            Ok(written) => written.origin(&self.origin),
            Err(join) => Err(neo4rs::Error::UnexpectedMessage(format!(
                "write task failed: {join}"
            )))
            .origin(&self.origin),
        }
    }
}

/// Records load run `run`, begun at `now` from `origin` (the folder, or `ingest:<table>`),
/// with what it did.
pub(crate) async fn record_run(
    graph: &Graph,
    run: &str,
    now: DateTime<FixedOffset>,
    origin: &str,
    summary: &LoadSummary,
) -> Result<(), DbError> {
    let record = serde_json::json!({
        "tables": summary.tables,
        "identity": summary.identity,
        "rejected": summary.rejected(),
        "warnings": summary.warnings.len(),
    });
    graph
        .run(
            query(cypher::LOAD_RUN.text)
                .param("run", run)
                .param("now", now)
                .param("dir", origin)
                .param("finished_at", chrono::Utc::now().fixed_offset())
                .param("summary", record.to_string()),
        )
        .await
        .map(drop)
        .origin(cypher::LOAD_RUN.path)
}

/// Runs every statement a load or an ingest sends, with the parameter shapes real calls use
/// (table upserts with one row in a transaction that is rolled back; a lookup of an id that
/// cannot exist; identity resolution under a run id no record carries), so that Neo4j has
/// planned them before the first real request: on a county graph the first ingest after a
/// start otherwise spends seconds in Cypher planning. Neo4j keys its plans by the
/// parameters' types and roughly by their lengths too, so the parameters are made like an
/// ingest's. The upserts write nothing; identity resolution writes only when a load or an
/// ingest died before resolving its records: it resolves every unresolved record, whichever
/// run wrote it, so a service started after such a crash finishes that job here.
pub async fn warm_up(graph: &Graph) -> Result<(), LoadError> {
    let now = chrono::Utc::now().fixed_offset();
    // A run id of the real shape, and no record anywhere carries it.
    let run = crate::domain::ids::run_id("load");
    let sentinel = "\u{0}warm-up: no such id";
    for table in mapping::table_mappings()? {
        // A list of maps, as a real batch is: an empty list would be planned separately.
        let mut row = BoltMap::new();
        row.put(BoltString::from("id"), BoltType::from(sentinel));
        row.put(BoltString::from("_props"), BoltType::Map(BoltMap::new()));
        row.put(BoltString::from("_clear"), BoltType::List(BoltList::new()));
        let rows: BoltList = vec![BoltType::Map(row)].into_iter().collect();
        let file = format!("ingest:{}", table.table);
        crate::db::rehearse(
            graph,
            vec![upsert_query(&table, rows, &file, (&run, "warm-up"), now)],
        )
        .await
        .origin(&format!(
            "{} (warm-up of table {})",
            table.upsert, table.table
        ))?;
    }
    graph
        .run(query(cypher::LOOKUP_IDS.text).param("ids", vec![sentinel.to_string()]))
        .await
        .origin(cypher::LOOKUP_IDS.path)?;
    graph
        .run(query(cypher::ANY_ENTITY.text))
        .await
        .origin(cypher::ANY_ENTITY.path)?;
    // Every load and ingest reads the retractions' tombstones first.
    crate::retract::tombstones::Tombstones::read(graph).await?;
    identity::resolve(graph, &run).await?;
    Ok(())
}
