//! The audit chain: every stored batch carries its position (`seq`, from 1), the hash of the
//! batch before it and its own hash, SHA-256 over a canonical serialisation of its id,
//! position, the previous hash and its entries' JSON texts. Editing, deleting or inserting a
//! batch breaks the chain at that point, and [`verify`] names it. Appends lock one
//! `:AuditHead` node in their transaction, so any number of writers (service instances, CLI
//! commands) extend one chain and never fork it; a uniqueness constraint on `seq` backs this.
//!
//! The chain has no secret: someone who can write to Neo4j and recomputes every later batch
//! and the head goes unnoticed. The head hash that `guanxi audit verify` prints, noted
//! elsewhere from time to time, closes that gap up to the moment it was noted.

use neo4rs::{query, Graph};
use sha2::{Digest, Sha256};

use super::spool::SpoolBatch;
use super::{AuditEntry, AuditError};
use crate::cypher;
use crate::db::{DbError, WithOrigin};

/// What a successful [`verify`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Batches checked.
    pub batches: u64,
    /// Entries in them.
    pub entries: u64,
    /// Batches stored before the chain existed (no position), which nothing protects.
    pub unchained: u64,
    /// The last batch's hash (empty for an empty chain).
    pub head_hash: String,
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the audit chain is broken at position {seq} (batch {batch}): {reason}")]
pub struct ChainBreak {
    /// The position where the chain stops holding.
    pub seq: i64,
    /// The batch found there (or `-` when it is missing).
    pub batch: String,
    /// What is wrong.
    pub reason: String,
}

/// The hash of one batch: SHA-256 over a versioned, length-prefixed serialisation, so that
/// no two different batches serialise alike.
pub fn batch_hash(id: &str, seq: i64, prev_hash: &str, entries: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"guanxi-audit-v1\n");
    for field in [id, &seq.to_string(), prev_hash] {
        hasher.update(format!("{}:", field.len()));
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(format!("{}\n", entries.len()));
    for entry in entries {
        hasher.update(format!("{}:", entry.len()));
        hasher.update(entry.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// Stores one batch as the next link of the chain, in one transaction that holds the head's
/// lock. Returns `false` when a batch of this id is already stored (nothing is written).
pub async fn store(graph: &Graph, batch: &SpoolBatch) -> Result<bool, DbError> {
    let origin = cypher::AUDIT_HEAD_LOCK.path;
    let mut txn = graph.start_txn().await.origin(origin)?;
    let mut rows = txn
        .execute(query(cypher::AUDIT_HEAD_LOCK.text).param("id", batch.id.as_str()))
        .await
        .origin(origin)?;
    let mut head = None;
    while let Some(row) = rows.next(txn.handle()).await.origin(origin)? {
        head = Some(row);
    }
    let Some(row) = head else {
        txn.rollback().await.origin(origin)?;
        return Ok(false);
    };
    if row.get::<bool>("stored").unwrap_or(false) {
        txn.rollback().await.origin(origin)?;
        return Ok(false);
    }
    let seq = row.get::<i64>("seq").unwrap_or(0) + 1;
    let prev_hash: String = row.get("hash").unwrap_or_default();
    let hash = batch_hash(&batch.id, seq, &prev_hash, &batch.entries);
    let (first_at, last_at) = batch_bounds(&batch.entries);
    let origin = cypher::AUDIT_APPEND.path;
    txn.run(
        query(cypher::AUDIT_APPEND.text)
            .param("id", batch.id.as_str())
            .param("seq", seq)
            .param("prev_hash", prev_hash)
            .param("hash", hash)
            .param("entries", batch.entries.clone())
            .param("first_at", first_at)
            .param("last_at", last_at),
    )
    .await
    .origin(origin)?;
    txn.commit().await.origin(origin)?;
    Ok(true)
}

/// Batches read per round trip while verifying.
const VERIFY_PAGE: i64 = 200;

/// Walks the chain from its first batch and checks every link and hash, then the head.
/// `Ok(Err(break))` names the first batch where the chain does not hold.
pub async fn verify(graph: &Graph) -> Result<Result<ChainReport, ChainBreak>, AuditError> {
    let origin = cypher::AUDIT_HEAD.path;
    let mut rows = graph
        .execute(query(cypher::AUDIT_HEAD.text))
        .await
        .origin(origin)?;
    let head = rows.next().await.origin(origin)?;
    let head_seq: Option<i64> = head.as_ref().and_then(|r| r.get("seq").ok());
    let head_hash: Option<String> = head.as_ref().and_then(|r| r.get("hash").ok());
    let unchained = head
        .as_ref()
        .and_then(|r| r.get::<i64>("unchained").ok())
        .unwrap_or(0) as u64;
    let mut report = ChainReport {
        batches: 0,
        entries: 0,
        unchained,
        head_hash: String::new(),
    };
    let mut last_seq = 0i64;
    let origin = cypher::AUDIT_CHAIN.path;
    loop {
        let mut rows = graph
            .execute(
                query(cypher::AUDIT_CHAIN.text)
                    .param("after", last_seq)
                    .param("limit", VERIFY_PAGE),
            )
            .await
            .origin(origin)?;
        let mut read = 0;
        while let Some(row) = rows.next().await.origin(origin)? {
            read += 1;
            let id: String = row.get("id").unwrap_or_default();
            let seq: i64 = row.get("seq").unwrap_or(0);
            let prev_hash: String = row.get("prev_hash").unwrap_or_default();
            let hash: String = row.get("hash").unwrap_or_default();
            let entries: Vec<String> = row.get("entries").unwrap_or_default();
            let broken = |reason: String| ChainBreak {
                seq,
                batch: id.clone(),
                reason,
            };
            if seq != last_seq + 1 {
                return Ok(Err(broken(format!(
                    "positions {} to {} are missing (deleted batches)",
                    last_seq + 1,
                    seq - 1
                ))));
            }
            if prev_hash != report.head_hash {
                return Ok(Err(broken(
                    "it does not follow the batch before it (inserted or replaced)".into(),
                )));
            }
            if batch_hash(&id, seq, &prev_hash, &entries) != hash {
                return Ok(Err(broken("its content was edited".into())));
            }
            report.batches += 1;
            report.entries += entries.len() as u64;
            report.head_hash = hash;
            last_seq = seq;
        }
        if read < VERIFY_PAGE {
            break;
        }
    }
    match head_seq {
        Some(seq) if seq != last_seq || head_hash.as_deref() != Some(&report.head_hash) => {
            Ok(Err(ChainBreak {
                seq: last_seq + 1,
                batch: "-".into(),
                reason: format!(
                    "the chain's head says {seq} batches, the last one found is {last_seq} (batches at the end deleted)"
                ),
            }))
        }
        None if last_seq > 0 => Ok(Err(ChainBreak {
            seq: last_seq,
            batch: "-".into(),
            reason: "the chain's head is missing".into(),
        })),
        _ => Ok(Ok(report)),
    }
}

/// The earliest and latest time of a batch of audit entries (now, for entries whose time
/// does not parse, which guanxi never writes).
fn batch_bounds(
    entries: &[String],
) -> (
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::FixedOffset>,
) {
    let now = chrono::Utc::now().fixed_offset();
    let times: Vec<_> = entries
        .iter()
        .map(|text| {
            serde_json::from_str::<AuditEntry>(text)
                .ok()
                .and_then(|e| chrono::DateTime::parse_from_rfc3339(&e.at).ok())
                .unwrap_or(now)
        })
        .collect();
    (
        times.iter().min().copied().unwrap_or(now),
        times.iter().max().copied().unwrap_or(now),
    )
}

#[cfg(test)]
mod tests {
    use super::batch_hash;

    #[test]
    fn the_hash_covers_every_field_and_cannot_be_shifted_between_them() {
        let entries = vec!["{\"a\":1}".to_string(), "{\"b\":2}".to_string()];
        let base = batch_hash("id", 1, "", &entries);
        assert_eq!(base.len(), 64);
        assert_eq!(base, batch_hash("id", 1, "", &entries));
        assert_ne!(base, batch_hash("id", 2, "", &entries));
        assert_ne!(base, batch_hash("id2", 1, "", &entries));
        assert_ne!(base, batch_hash("id", 1, "x", &entries));
        assert_ne!(base, batch_hash("id", 1, "", &entries[..1]));
        let joined = vec!["{\"a\":1}\n{\"b\":2}".to_string()];
        assert_ne!(base, batch_hash("id", 1, "", &joined));
    }
}
