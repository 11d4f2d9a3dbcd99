//! The audit spool: a local append-only file (one JSON batch per line, owner-only) where
//! the service writes every batch of audit entries, fsync'd, before Neo4j stores it. A batch
//! leaves the file only once Neo4j holds it, so neither `kill -9` nor a Neo4j outage loses
//! what was written here; the writer replays the file at startup and when Neo4j returns.
//!
//! Every operation holds an exclusive `flock` on a lock file beside the spool, so that two
//! processes sharing a data folder never interleave lines or remove each other's batches
//! unstored (a replay stores every batch in the file, whoever wrote it; storing is
//! idempotent by batch id). The spool itself is opened per operation, because removing
//! stored batches may replace it (write aside, then rename).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// One batch of audit entries as the spool and Neo4j hold it: the entries are JSON texts,
/// exactly the bytes the chain hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpoolBatch {
    /// Unique id: storing the same batch twice (a retry after a write that did commit, a
    /// replay after a crash) stores it once.
    pub id: String,
    /// The entries, each as JSON.
    pub entries: Vec<String>,
}

/// The spool file at a path. Clones share two counters: the batches this process appended
/// and those of them stored since, so that the writer can empty the file when Neo4j holds
/// everything in it ([`Spool::stored_one`]) instead of rewriting it for each stored batch
/// (which, with Neo4j a little behind, made every append wait on a growing rewrite).
#[derive(Debug, Clone)]
pub struct Spool {
    path: PathBuf,
    /// Batches in the file that Neo4j may not hold yet (appended here, or kept by
    /// [`Spool::remove`]).
    pending: Arc<AtomicU64>,
}

/// Owner-only: audit entries name tokens, entity ids and searched identifiers.
const OWNER_ONLY: u32 = 0o600;

impl Spool {
    /// The spool at `path` (created at the first append).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            pending: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Where it lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one batch as one line and fsyncs it.
    pub fn append(&self, batch: &SpoolBatch) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(batch).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let _lock = self.lock()?;
        let mut file = open_owner_only(&self.path, OpenOptions::new().append(true).create(true))?;
        file.write_all(&line)?;
        file.sync_data()?;
        self.pending.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Notes that Neo4j stored one batch this process appended; when that was the last one
    /// pending, empties the file (under the lock, so an append cannot slip in between). While
    /// Neo4j is behind, nothing is rewritten: the stored batches stay in the file until it
    /// catches up, and a replay after a crash stores them once, by their ids.
    pub fn stored_one(&self) -> std::io::Result<()> {
        let _lock = self.lock()?;
        let left = self
            .pending
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_sub(1))
            })
            .unwrap_or(0)
            .saturating_sub(1);
        if left > 0 {
            return Ok(());
        }
        match OpenOptions::new().write(true).open(&self.path) {
            Ok(file) => {
                file.set_len(0)?;
                file.sync_all()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every batch in the file, oldest first. A line that does not parse (a write cut short
    /// by a crash) is skipped with a warning: it was never acknowledged as durable.
    pub fn read(&self) -> std::io::Result<Vec<SpoolBatch>> {
        let _lock = self.lock()?;
        self.read_unlocked()
    }

    fn read_unlocked(&self) -> std::io::Result<Vec<SpoolBatch>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut batches = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(&line) {
                Ok(batch) => batches.push(batch),
                Err(error) => tracing::warn!(%error, "skipping an unreadable audit spool line"),
            }
        }
        Ok(batches)
    }

    /// Removes the batches whose ids are given (Neo4j holds them): truncates the file when
    /// nothing else is left, else writes the rest aside, fsyncs it and renames it over the
    /// spool (a crash leaves either the old file or the new one, never half of one).
    pub fn remove(&self, stored: &HashSet<String>) -> std::io::Result<()> {
        let _lock = self.lock()?;
        let kept: Vec<SpoolBatch> = self
            .read_unlocked()?
            .into_iter()
            .filter(|b| !stored.contains(&b.id))
            .collect();
        self.pending.store(kept.len() as u64, Ordering::SeqCst);
        if kept.is_empty() {
            return match OpenOptions::new().write(true).open(&self.path) {
                Ok(file) => {
                    file.set_len(0)?;
                    file.sync_all()
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(e),
            };
        }
        let aside = self.path.with_extension("jsonl.tmp");
        let mut file = open_owner_only(
            &aside,
            OpenOptions::new().write(true).create(true).truncate(true),
        )?;
        for batch in &kept {
            let mut line = serde_json::to_vec(batch).map_err(std::io::Error::other)?;
            line.push(b'\n');
            file.write_all(&line)?;
        }
        file.sync_all()?;
        std::fs::rename(&aside, &self.path)?;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            File::open(dir)?.sync_all()?;
        }
        Ok(())
    }

    /// An exclusive lock on `<spool>.lock`, released when dropped.
    fn lock(&self) -> std::io::Result<LockGuard> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let path = self.path.with_extension("lock");
        let file = open_owner_only(&path, OpenOptions::new().write(true).create(true))?;
        // SAFETY: flock on a descriptor this guard owns; blocks until another holder lets go.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(LockGuard(file))
    }
}

/// Opens (creating with mode 0600) and makes sure a file made earlier with wider rights is
/// narrowed too.
fn open_owner_only(path: &Path, options: &mut OpenOptions) -> std::io::Result<File> {
    let file = options.mode(OWNER_ONLY).open(path)?;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(OWNER_ONLY))?;
    }
    Ok(file)
}

struct LockGuard(File);

impl Drop for LockGuard {
    fn drop(&mut self) {
        // SAFETY: as in `lock`; closing the file would release it too.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(id: &str) -> SpoolBatch {
        SpoolBatch {
            id: id.into(),
            entries: vec![format!("{{\"n\":\"{id}\"}}")],
        }
    }

    #[test]
    fn appends_reads_and_removes_only_stored_batches_owner_only() {
        let dir = std::env::temp_dir().join(format!("guanxi-spool-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let spool = Spool::new(dir.join("audit-spool.jsonl"));
        assert!(spool.read().unwrap().is_empty());
        for id in ["a", "b", "c"] {
            spool.append(&batch(id)).unwrap();
        }
        let mode = std::fs::metadata(spool.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            spool.read().unwrap(),
            vec![batch("a"), batch("b"), batch("c")]
        );
        spool.remove(&HashSet::from(["b".to_string()])).unwrap();
        assert_eq!(spool.read().unwrap(), vec![batch("a"), batch("c")]);
        let mode = std::fs::metadata(spool.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        spool
            .remove(&HashSet::from(["a".to_string(), "c".to_string()]))
            .unwrap();
        assert!(spool.read().unwrap().is_empty());
        assert_eq!(std::fs::metadata(spool.path()).unwrap().len(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
