//! Whole-graph reads of the derivation steps (kinship, ownership): a query's rows streamed
//! through a decoder on a task of their own, so that independent reads run at once.

use neo4rs::{query, Graph};

use super::error::ScanError;
use crate::cypher;
use crate::db::WithOrigin;

/// Streams all rows of a query through `decode`.
pub(super) async fn read_rows<T>(
    graph: Graph,
    file: cypher::CypherFile,
    decode: impl Fn(&neo4rs::Row) -> T,
) -> Result<Vec<T>, ScanError> {
    let mut rows = graph.execute(query(file.text)).await.origin(file.path)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        out.push(decode(&row));
    }
    Ok(out)
}

/// Waits for a read task.
pub(super) async fn joined<T>(
    task: tokio::task::JoinHandle<Result<T, ScanError>>,
) -> Result<T, ScanError> {
    task.await
        .map_err(|e| ScanError::Internal(format!("derivation read failed: {e}")))?
}
