//! The graph store: connecting to Neo4j, applying the schema, wiping data, running the
//! local development server ([`local`]) and backing up and restoring its store ([`backup`]).

pub mod backup;
pub mod local;

use std::cell::Cell;
use std::time::{Duration, Instant};

use neo4rs::{ConfigBuilder, Graph, Query};

use crate::cypher;
use crate::settings::Neo4jSettings;

/// Errors at the database boundary.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The server did not answer (down, wrong address, wrong credentials).
    #[error("Neo4j at {uri} is not reachable: {reason}")]
    Unreachable {
        /// Where we tried.
        uri: String,
        /// What went wrong (never contains the password).
        reason: String,
    },
    /// The connection settings are invalid.
    #[error("invalid Neo4j connection settings: {0}")]
    Config(#[source] neo4rs::Error),
    /// A statement failed.
    #[error("Cypher statement from {origin} failed: {source}")]
    Query {
        /// The file or operation the statement came from.
        origin: String,
        /// The driver's error.
        source: neo4rs::Error,
    },
}

impl DbError {
    /// True when Neo4j stopped the statement because its transaction ran past its timeout.
    pub fn is_timed_out(&self) -> bool {
        matches!(self, DbError::Query { source, .. } if is_timed_out(source))
    }

    /// True when the server could not be reached, before or during a statement (callers map
    /// this to "service unavailable").
    pub fn is_unreachable(&self) -> bool {
        match self {
            DbError::Unreachable { .. } => true,
            DbError::Query { source, .. } => is_connection_error(source),
            DbError::Config(_) => false,
        }
    }
}

/// Whether a driver error means the server could not be reached (as opposed to a bad query).
pub fn is_connection_error(error: &neo4rs::Error) -> bool {
    matches!(
        error,
        neo4rs::Error::IOError { .. }
            | neo4rs::Error::ConnectionError
            | neo4rs::Error::ConnectionTimedOut
            | neo4rs::Error::ServerUnavailableError(_)
    ) || {
        let text = error.to_string().to_lowercase();
        text.contains("connection") || text.contains("pool") || text.contains("timed out")
    }
}

tokio::task_local! {
    /// The transaction timeout of the reads made for one API request (set by the API's
    /// request-timeout middleware around the whole request, see [`with_read_timeout`]).
    static READ_TIMEOUT: Duration;
    /// When the request's last [`read_query`] was made, until the next [`WithOrigin::origin`]
    /// names it: the one point that times every read of a request, whoever runs it.
    static READ_STARTED: Cell<Option<Instant>>;
}

/// Runs `work` (an API request) with `timeout` as the transaction timeout of every read it
/// makes through [`read_query`]: when the request is given up, Neo4j stops its queries too
/// instead of running them on to the server's own limit. Each such read is also timed for
/// `/metrics` (`guanxi_neo4j_query_duration_seconds`), from the statement made to its first
/// answer, under the origin its caller names.
pub async fn with_read_timeout<F: std::future::Future>(timeout: Duration, work: F) -> F::Output {
    READ_TIMEOUT
        .scope(timeout, READ_STARTED.scope(Cell::new(None), work))
        .await
}

/// The start of the read made last in this request and not yet timed (taken: it is timed
/// once).
fn take_read_start() -> Option<Instant> {
    READ_STARTED.try_with(Cell::take).ok().flatten()
}

/// A read statement: `query(text)`, carrying the current request's transaction timeout
/// (`tx_timeout`, whole milliseconds) when it runs inside [`with_read_timeout`]; from the
/// command line it has none but the server's `db.transaction.timeout`.
pub fn read_query(text: &str) -> Query {
    let _ = READ_STARTED.try_with(|started| started.set(Some(Instant::now())));
    let statement = neo4rs::query(text);
    match READ_TIMEOUT.try_with(|timeout| *timeout) {
        Ok(timeout) => statement.extra("tx_timeout", tx_timeout_ms(timeout)),
        Err(_) => statement,
    }
}

/// A transaction timeout in Bolt's terms: whole milliseconds, at least 1 (0 would mean none).
pub fn tx_timeout_ms(timeout: Duration) -> i64 {
    i64::try_from(timeout.as_millis())
        .unwrap_or(i64::MAX)
        .max(1)
}

/// True when Neo4j stopped a transaction because it ran past its timeout (the query's own
/// `tx_timeout`, or the server's `db.transaction.timeout`).
pub fn is_timed_out(error: &neo4rs::Error) -> bool {
    match error {
        neo4rs::Error::Neo4j(e) => e.code().contains("TransactionTimedOut"),
        _ => false,
    }
}

/// Names where a failed statement came from (its `.cypher` file or the operation), so that
/// every driver error leaves its module as a [`DbError::Query`] with that context:
/// `graph.run(q).await.origin(cypher::KIN_WRITE.path)?`.
pub trait WithOrigin<T> {
    /// The driver's error wrapped with `origin`.
    fn origin(self, origin: &str) -> Result<T, DbError>;
}

impl<T> WithOrigin<T> for Result<T, neo4rs::Error> {
    fn origin(self, origin: &str) -> Result<T, DbError> {
        // The first origin named after a request's read_query is that read's answer.
        if let Some(started) = take_read_start() {
            crate::metrics::record_query(origin, started.elapsed());
        }
        self.map_err(|source| DbError::Query {
            origin: origin.to_string(),
            source,
        })
    }
}

/// Rows per pull of a result stream (neo4rs' default is 200).
const FETCH_SIZE: usize = 5000;

/// Builds a connection pool from the settings. No I/O happens until the first query.
pub fn connect(settings: &Neo4jSettings) -> Result<Graph, DbError> {
    let mut builder = ConfigBuilder::default()
        .uri(settings.uri.as_str())
        .user(settings.user.as_str())
        .password(settings.password.expose())
        .max_connections(settings.max_connections)
        // Scans stream a city's million people and ties: bigger pulls mean fewer round trips.
        .fetch_size(FETCH_SIZE)
        .connection_timeout(settings.connection_timeout());
    if let Some(db) = &settings.database {
        builder = builder.db(db.as_str());
    }
    let config = builder.build().map_err(DbError::Config)?;
    Graph::connect(config).map_err(DbError::Config)
}

/// Connects and checks that the server answers a query within `within`.
pub async fn connect_and_ping(
    settings: &Neo4jSettings,
    within: Duration,
) -> Result<Graph, DbError> {
    let graph = connect(settings)?;
    ping(&graph, &settings.uri, within).await?;
    Ok(graph)
}

/// Runs `RETURN 1` and waits at most `within` for the answer.
///
/// The driver retries transient failures for up to a minute on its own; a health check must
/// answer sooner, hence the outer timeout.
pub async fn ping(graph: &Graph, uri: &str, within: Duration) -> Result<(), DbError> {
    let unreachable = |reason: String| DbError::Unreachable {
        uri: uri.to_string(),
        reason,
    };
    let answer = tokio::time::timeout(within, async {
        let mut rows = graph.execute(neo4rs::query("RETURN 1 AS one")).await?;
        let row = rows.next().await?;
        Ok::<_, neo4rs::Error>(row.and_then(|r| r.get::<i64>("one").ok()))
    })
    .await;
    match answer {
        Ok(Ok(Some(1))) => Ok(()),
        Ok(Ok(other)) => Err(unreachable(format!(
            "unexpected answer {other:?} to RETURN 1"
        ))),
        Ok(Err(e)) => Err(unreachable(e.to_string())),
        Err(_) => Err(unreachable(format!("no answer within {within:?}"))),
    }
}

/// Runs `q` and returns its first row, if any, timed for `/metrics` under `origin`.
/// Failures name `origin`.
pub async fn first_row(
    graph: &Graph,
    q: neo4rs::Query,
    origin: &str,
) -> Result<Option<neo4rs::Row>, DbError> {
    // A read_query made for `q` starts the clock (and is timed here, not at `origin`).
    let started = take_read_start().unwrap_or_else(Instant::now);
    let row = async {
        let mut rows = graph.execute(q).await.origin(origin)?;
        rows.next().await.origin(origin)
    }
    .await;
    crate::metrics::record_query(origin, started.elapsed());
    row
}

/// Runs `q` and returns `column` of its first row: `None` when there is no row or the
/// column is null or of another type. Failures name `origin`.
pub async fn first_value<T: serde::de::DeserializeOwned>(
    graph: &Graph,
    q: neo4rs::Query,
    origin: &str,
    column: &str,
) -> Result<Option<T>, DbError> {
    Ok(first_row(graph, q, origin)
        .await?
        .and_then(|row| row.get::<T>(column).ok()))
}

/// Runs `queries` in one transaction and rolls it back. Neo4j plans a statement once per
/// shape of its parameters (an empty list and a list of maps are two shapes), so a rehearsal
/// with the parameter shapes of real calls leaves their plans cached, and nothing is
/// written. Used to warm a service's write paths before the first request needs them.
pub async fn rehearse(graph: &Graph, queries: Vec<Query>) -> Result<(), neo4rs::Error> {
    let mut txn = graph.start_txn().await?;
    for q in queries {
        txn.run(q).await?;
    }
    txn.rollback().await
}

/// Applies every schema file (constraints and indexes, all `IF NOT EXISTS`), in order.
/// Safe to run any number of times; run before any load or serve.
pub async fn apply_schema(graph: &Graph) -> Result<(), DbError> {
    for file in cypher::SCHEMA {
        for statement in file.statements() {
            graph
                .run(neo4rs::query(&statement))
                .await
                .map_err(|source| DbError::Query {
                    origin: file.path.to_string(),
                    source,
                })?;
        }
    }
    // Index creation is asynchronous; lookups right after a fresh start should not fall back
    // to label scans, so wait until every index is online.
    graph
        .run(neo4rs::query("CALL db.awaitIndexes(300)"))
        .await
        .map_err(|source| DbError::Query {
            origin: "db.awaitIndexes".into(),
            source,
        })?;
    Ok(())
}

/// Deletes every node and relationship, in bounded transactions so that a large graph never
/// needs one huge transaction (relationships first: a node with many of them would otherwise
/// make its `DETACH DELETE` unbounded). Constraints and indexes stay. Returns the number of
/// nodes deleted.
pub async fn delete_all_data(graph: &Graph) -> Result<u64, DbError> {
    reset_data(graph, Keep::Nothing, &|_| {}).await
}

/// Deletes every node and relationship except API tokens and the audit log (what `guanxi db
/// reset` keeps unless `--all`), in bounded transactions like [`delete_all_data`]. Returns the
/// number of nodes deleted.
pub async fn delete_data_keeping_tokens_and_audit(graph: &Graph) -> Result<u64, DbError> {
    reset_data(graph, Keep::TokensAndAudit, &|_| {}).await
}

/// What a reset keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing (`db reset --all`, the test suite's wipe).
    Nothing,
    /// API tokens and the audit log (`db reset`).
    TokensAndAudit,
}

/// How far a reset is: what it deleted so far (from the store's counts, so it moves as each
/// batch commits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetProgress {
    /// Nodes deleted so far.
    pub nodes: u64,
    /// Relationships deleted so far.
    pub relationships: u64,
}

/// How often a reset reports its progress.
const RESET_PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Deletes the data (all of it, or all but tokens and the audit log), relationships first,
/// each statement one pass committed in batches ([`delete_in_batches`]), and calls `progress`
/// every few seconds with what is deleted so far (for `guanxi db reset` on a large graph).
/// Returns the number of nodes deleted.
pub async fn reset_data(
    graph: &Graph,
    keep: Keep,
    progress: &(dyn Fn(ResetProgress) + Sync),
) -> Result<u64, DbError> {
    let (relationships, nodes) = match keep {
        Keep::Nothing => (&cypher::DB_DELETE_RELATIONSHIPS, &cypher::DB_DELETE_NODES),
        Keep::TokensAndAudit => (&cypher::DB_RESET_RELATIONSHIPS, &cypher::DB_RESET_NODES),
    };
    let before = store_totals(graph).await?;
    let work = async {
        delete_in_batches(graph, relationships.path, || {
            neo4rs::query(relationships.text)
        })
        .await?;
        delete_in_batches(graph, nodes.path, || neo4rs::query(nodes.text)).await
    };
    tokio::pin!(work);
    let mut tick = tokio::time::interval(RESET_PROGRESS_EVERY);
    tick.tick().await;
    loop {
        tokio::select! {
            done = &mut work => return done,
            _ = tick.tick() => {
                // A failed count only skips one report; the deletion goes on.
                if let Ok((nodes, relationships)) = store_totals(graph).await {
                    progress(ResetProgress {
                        nodes: before.0.saturating_sub(nodes),
                        relationships: before.1.saturating_sub(relationships),
                    });
                }
            }
        }
    }
}

/// Nodes and relationships in the store (count-store lookups: constant time).
async fn store_totals(graph: &Graph) -> Result<(u64, u64), DbError> {
    let origin = cypher::DB_COUNT_TOTALS.path;
    let row = first_row(graph, neo4rs::query(cypher::DB_COUNT_TOTALS.text), origin).await?;
    let count = |column: &str| {
        row.as_ref()
            .and_then(|r| r.get::<i64>(column).ok())
            .unwrap_or(0)
            .max(0) as u64
    };
    Ok((count("nodes"), count("relationships")))
}

/// Runs a bulk deletion until it deletes nothing and returns the total deleted. The statement
/// made by `make` deletes in bounded transactions, `CALL (x) { … DELETE x } IN TRANSACTIONS OF
/// n ROWS`, and returns how many it deleted as `deleted`: one pass over what it matches, each
/// batch committed on its own, so that deleting any number of records never needs more memory
/// than one batch, and no batch scans again past what earlier batches deleted (on a city,
/// batches of `WITH x LIMIT n` each rescanning from the start took 700 s). It runs through
/// [`Graph::execute`], an auto-commit transaction, the only kind `IN TRANSACTIONS` runs in.
/// The run that finds nothing left confirms the end (a statement that deletes one
/// `LIMIT`ed batch per run works too). Failures name `origin` (its `.cypher` file). For
/// `db reset`, retractions of many records, `runs undo`.
pub async fn delete_in_batches(
    graph: &Graph,
    origin: &str,
    make: impl Fn() -> Query,
) -> Result<u64, DbError> {
    let mut deleted = 0u64;
    loop {
        let batch: i64 = first_value(graph, make(), origin, "deleted")
            .await?
            .unwrap_or(0);
        if batch <= 0 {
            return Ok(deleted);
        }
        deleted += batch as u64;
    }
}

/// Names of the constraints and indexes now in the database, sorted (to show idempotence).
pub async fn schema_objects(graph: &Graph) -> Result<Vec<String>, DbError> {
    let mut names = Vec::new();
    for (origin, statement) in [
        (
            "SHOW CONSTRAINTS",
            "SHOW CONSTRAINTS YIELD name, type RETURN name + ' ' + type AS name",
        ),
        (
            "SHOW INDEXES",
            "SHOW INDEXES YIELD name, type RETURN name + ' ' + type AS name",
        ),
    ] {
        let to_err = |source| DbError::Query {
            origin: origin.into(),
            source,
        };
        let mut rows = graph
            .execute(neo4rs::query(statement))
            .await
            .map_err(to_err)?;
        while let Some(row) = rows.next().await.map_err(to_err)? {
            if let Ok(name) = row.get::<String>("name") {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}
