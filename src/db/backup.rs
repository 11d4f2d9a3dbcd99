//! `guanxi db backup DIR` and `guanxi db restore DIR --yes`: a consistent copy of the local
//! Neo4j's store, and putting it back.
//!
//! Neo4j Community has no online backup, so a backup stops the local server (its shutdown
//! closes the store cleanly), copies the whole `data/` folder (the `neo4j` and `system`
//! databases with their transaction logs), and starts the server again if it was running. The
//! manifest (`manifest.json`, written last, so a half-written backup has none) records when,
//! which guanxi and Neo4j versions, the node and relationship counts per label and type taken
//! just before stopping, and a SHA-256 of every file. A restore checks the manifest and every
//! checksum before it touches anything, keeps the current store aside until the restored one
//! has started and shows the manifest's counts, and puts the old one back otherwise.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cypher;
use crate::db::local::{absolute, LocalServer, LocalServerError};
use crate::db::{self, DbError, WithOrigin};
use crate::settings::Settings;

/// The manifest's file name inside a backup folder.
pub const MANIFEST: &str = "manifest.json";
/// The store's copy inside a backup folder.
const DATA: &str = "data";
/// The manifest layout this build writes and reads.
const FORMAT: u32 = 1;

/// Errors backing up or restoring the local database.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// `NEO4J_URI` names a server elsewhere.
    #[error(
        "NEO4J_URI is {uri}, which is not on this machine; `guanxi db backup|restore` copies only \
         the local server's store. Back up a remote server on its own host (`neo4j-admin \
         database dump`, or the backup of Neo4j Enterprise / Aura); see the README"
    )]
    NotLocal {
        /// The configured URI.
        uri: String,
    },
    /// A server guanxi did not start answers on the port: it cannot be stopped safely.
    #[error(
        "a Neo4j that guanxi did not start answers on {addr}; stop it first (its store is not \
         the one under {home})"
    )]
    ForeignServer {
        /// The Bolt address.
        addr: std::net::SocketAddr,
        /// The local store's folder.
        home: PathBuf,
    },
    /// There is no store to back up.
    #[error("there is no local database at {0} (run `guanxi db start` first)")]
    NoStore(PathBuf),
    /// The backup folder already holds files.
    #[error(
        "{0} is not empty; choose an empty folder, or pass --force to overwrite the backup in it"
    )]
    NotEmpty(PathBuf),
    /// The backup folder lies inside the store it would copy.
    #[error("{dir} is inside the database folder {home}; choose a folder outside it")]
    InsideStore {
        /// The backup folder.
        dir: PathBuf,
        /// The store.
        home: PathBuf,
    },
    /// The manifest is missing or unreadable.
    #[error("{path} is not a usable guanxi backup manifest: {reason}")]
    Manifest {
        /// The manifest's path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file of the backup is missing or differs from its checksum.
    #[error("the backup is damaged: {path}: {reason}; nothing was changed")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `restore` without `--yes`.
    #[error("{0}; run it again with --yes to confirm")]
    NotConfirmed(String),
    /// The restored database does not show the manifest's counts; the previous store is back.
    #[error(
        "the restored database does not match the backup ({difference}); the previous database \
         was put back, and the restored copy kept at {kept}"
    )]
    CountsDiffer {
        /// The first difference found.
        difference: String,
        /// Where the restored copy was moved.
        kept: PathBuf,
    },
    /// Starting, stopping or querying the local server failed.
    #[error(transparent)]
    Local(#[from] LocalServerError),
    /// A statement failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// File system error.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What a backup records about itself (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version of this file.
    pub format: u32,
    /// When the counts were taken, just before the server stopped for the copy (RFC 3339, UTC).
    pub created_at: String,
    /// The guanxi that took it.
    pub guanxi_version: String,
    /// The Neo4j that wrote the store.
    pub neo4j_version: String,
    /// The store folder that was copied.
    pub source: PathBuf,
    /// Counts taken just before the server was stopped.
    pub counts: Counts,
    /// Every file of the copy, relative to the backup's `data/` folder.
    pub files: Vec<FileEntry>,
}

/// Node and relationship counts of a database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// All nodes.
    pub nodes: i64,
    /// All relationships.
    pub relationships: i64,
    /// Nodes per label (labels in use only).
    pub labels: BTreeMap<String, i64>,
    /// Relationships per type (types in use only).
    pub types: BTreeMap<String, i64>,
}

impl Counts {
    /// The first difference between two counts, in words, or `None` when they are equal.
    pub fn difference(&self, found: &Counts) -> Option<String> {
        if self.nodes != found.nodes {
            return Some(format!(
                "{} nodes expected, {} found",
                self.nodes, found.nodes
            ));
        }
        if self.relationships != found.relationships {
            return Some(format!(
                "{} relationships expected, {} found",
                self.relationships, found.relationships
            ));
        }
        for (kind, expected, actual) in [
            ("label", &self.labels, &found.labels),
            ("type", &self.types, &found.types),
        ] {
            let names = expected.keys().chain(actual.keys());
            for name in names {
                let (e, a) = (expected.get(name), actual.get(name));
                if e != a {
                    return Some(format!(
                        "{kind} {name}: {} expected, {} found",
                        e.unwrap_or(&0),
                        a.unwrap_or(&0)
                    ));
                }
            }
        }
        None
    }
}

/// One file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the backup's `data/` folder, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

/// What a backup or restore did, for the command line.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The manifest written or restored.
    pub manifest: Manifest,
    /// How long the server was down (from the stop until it answered again, or until the
    /// copy was done when it stays stopped).
    pub downtime: Duration,
    /// How long the whole operation took.
    pub elapsed: Duration,
    /// Whether the server runs afterwards.
    pub running: bool,
}

/// Takes a consistent copy of the local database into `dir` (see the module doc). `force`
/// allows replacing a backup already in `dir`.
pub async fn backup(
    settings: &Settings,
    dir: &Path,
    force: bool,
    progress: &dyn Fn(&str),
) -> Result<Outcome, BackupError> {
    let started = Instant::now();
    let server = local_server(settings)?;
    let store = server.home().join(DATA);
    if !store.is_dir() {
        return Err(BackupError::NoStore(store));
    }
    let dir = absolute(dir);
    if dir.starts_with(server.home()) {
        return Err(BackupError::InsideStore {
            dir,
            home: server.home().to_path_buf(),
        });
    }
    prepare_target(&dir, force)?;
    refuse_foreign(&server)?;

    // The counts come from the live server; a stopped one is started for them and stopped again.
    let was_running = server.running_pid().is_some();
    if !was_running {
        progress("starting Neo4j to count what the backup holds");
        server.start(progress).await?;
    }
    let (neo4j_version, counts) = count(settings).await?;
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    progress("stopping Neo4j for a consistent copy");
    let stopped = Instant::now();
    server.stop()?;
    progress(&format!(
        "copying {} to {}",
        store.display(),
        dir.join(DATA).display()
    ));
    let copied = copy_tree(&store, &dir.join(DATA));
    // Whatever happened to the copy, the server runs again if it ran before.
    let restarted = if was_running {
        server.start(progress).await.map(|_| ())
    } else {
        Ok(())
    };
    let downtime = stopped.elapsed();
    let files = copied?;
    restarted?;
    let manifest = Manifest {
        format: FORMAT,
        created_at,
        guanxi_version: env!("CARGO_PKG_VERSION").into(),
        neo4j_version,
        source: store,
        counts,
        files,
    };
    write_manifest(&dir, &manifest)?;
    Ok(Outcome {
        manifest,
        downtime,
        elapsed: started.elapsed(),
        running: was_running,
    })
}

/// Replaces the local database with the backup in `dir` (see the module doc). Refuses
/// without `yes`, saying what would be replaced. The server runs afterwards.
pub async fn restore(
    settings: &Settings,
    dir: &Path,
    yes: bool,
    progress: &dyn Fn(&str),
) -> Result<Outcome, BackupError> {
    let started = Instant::now();
    let server = local_server(settings)?;
    let dir = absolute(dir);
    let manifest = read_manifest(&dir)?;
    progress("checking the backup's checksums");
    verify_files(&dir.join(DATA), &manifest)?;
    let store = server.home().join(DATA);
    if !yes {
        return Err(BackupError::NotConfirmed(format!(
            "`guanxi db restore` replaces the database in {} (everything in it, tokens and audit \
             log included) with the backup of {} ({} nodes, {} relationships)",
            store.display(),
            manifest.created_at,
            manifest.counts.nodes,
            manifest.counts.relationships
        )));
    }
    refuse_foreign(&server)?;

    // Stage the copy beside the store first, so the old store stays untouched until it is whole.
    let staging = server.home().join("data.restoring");
    remove_if_present(&staging)?;
    progress(&format!("copying the backup to {}", staging.display()));
    let staged = copy_tree(&dir.join(DATA), &staging)?;
    if staged != manifest.files {
        let _ = fs::remove_dir_all(&staging);
        return Err(BackupError::Damaged {
            path: dir.join(DATA),
            reason: "the files changed while they were copied".into(),
        });
    }

    progress("stopping Neo4j");
    let stopped = Instant::now();
    server.stop()?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let aside = server.home().join(format!("data.before-restore-{stamp}"));
    if store.exists() {
        rename(&store, &aside)?;
    }
    rename(&staging, &store)?;
    progress("starting Neo4j on the restored database");
    let checked = match server.start(progress).await {
        Ok(_) => count(settings).await.map_err(BackupError::from),
        Err(e) => Err(e.into()),
    };
    let failure = match checked {
        Ok((_, found)) => match manifest.counts.difference(&found) {
            None => {
                if aside.exists() {
                    remove_if_present(&aside)?;
                }
                return Ok(Outcome {
                    manifest,
                    downtime: stopped.elapsed(),
                    elapsed: started.elapsed(),
                    running: true,
                });
            }
            Some(difference) => Some(difference),
        },
        Err(error) => {
            // Put the previous database back, then report why the restored one failed.
            put_back(&server, &store, &aside, &stamp, progress).await?;
            return Err(error);
        }
    };
    let kept = put_back(&server, &store, &aside, &stamp, progress).await?;
    Err(BackupError::CountsDiffer {
        difference: failure.unwrap_or_default(),
        kept,
    })
}

/// After a failed restore: moves the restored store away, the previous one back, and starts
/// the server on it. Returns where the restored copy went.
async fn put_back(
    server: &LocalServer,
    store: &Path,
    aside: &Path,
    stamp: &str,
    progress: &dyn Fn(&str),
) -> Result<PathBuf, BackupError> {
    progress("the restore failed: putting the previous database back");
    server.stop()?;
    let failed = server.home().join(format!("data.failed-restore-{stamp}"));
    rename(store, &failed)?;
    if aside.exists() {
        rename(aside, store)?;
    }
    server.start(progress).await?;
    Ok(failed)
}

fn local_server(settings: &Settings) -> Result<LocalServer, BackupError> {
    LocalServer::new(settings).map_err(|e| match e {
        LocalServerError::NotLocal { uri } => BackupError::NotLocal { uri },
        other => other.into(),
    })
}

/// Refuses when something answers on the port that is not our server (stopping ours would not
/// stop it, and its store is elsewhere).
fn refuse_foreign(server: &LocalServer) -> Result<(), BackupError> {
    let answers = TcpStream::connect_timeout(&server.addr(), Duration::from_millis(500)).is_ok();
    if answers && server.running_pid().is_none() {
        return Err(BackupError::ForeignServer {
            addr: server.addr(),
            home: server.home().to_path_buf(),
        });
    }
    Ok(())
}

/// The Neo4j version and the counts of the database the settings name.
pub async fn count(settings: &Settings) -> Result<(String, Counts), DbError> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    let totals = &cypher::DB_COUNT_TOTALS;
    let row = db::first_row(&graph, neo4rs::query(totals.text), totals.path)
        .await?
        .ok_or_else(|| DbError::Unreachable {
            uri: settings.neo4j.uri.clone(),
            reason: format!("{} returned no row", totals.path),
        })?;
    let mut counts = Counts {
        nodes: row.get("nodes").unwrap_or(0),
        relationships: row.get("relationships").unwrap_or(0),
        ..Counts::default()
    };
    let version: String = row.get("version").unwrap_or_default();
    for (file, into) in [
        (&cypher::DB_COUNT_LABELS, &mut counts.labels),
        (&cypher::DB_COUNT_TYPES, &mut counts.types),
    ] {
        let mut rows = graph
            .execute(neo4rs::query(file.text))
            .await
            .origin(file.path)?;
        while let Some(row) = rows.next().await.origin(file.path)? {
            if let (Ok(name), Ok(n)) = (row.get::<String>("name"), row.get::<i64>("count")) {
                into.insert(name, n);
            }
        }
    }
    Ok((version, counts))
}

/// Creates `dir` or checks that it may be written: empty, or `force` (then the previous
/// backup in it is removed; other files stay).
fn prepare_target(dir: &Path, force: bool) -> Result<(), BackupError> {
    let io = |action, source| BackupError::Io {
        action,
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| io("cannot read", e))?;
        if entries.next().is_some() {
            if !force {
                return Err(BackupError::NotEmpty(dir.to_path_buf()));
            }
            remove_if_present(&dir.join(MANIFEST))?;
            remove_if_present(&dir.join(DATA))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| io("cannot create", e))
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let path = dir.join(MANIFEST);
    let partial = dir.join(format!("{MANIFEST}.partial"));
    let text = serde_json::to_string_pretty(manifest).expect("a manifest serialises");
    fs::write(&partial, text + "\n").map_err(|source| BackupError::Io {
        action: "cannot write",
        path: partial.clone(),
        source,
    })?;
    rename(&partial, &path)
}

/// Reads and checks the manifest of the backup in `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest, BackupError> {
    let path = dir.join(MANIFEST);
    let bad = |reason: String| BackupError::Manifest {
        path: path.clone(),
        reason,
    };
    let text = fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(bad(format!(
            "format {} (this guanxi reads format {FORMAT})",
            manifest.format
        )));
    }
    if manifest.files.is_empty() {
        return Err(bad("it lists no files".into()));
    }
    if manifest.files.iter().any(|f| {
        f.path
            .split('/')
            .any(|part| part == ".." || part.is_empty())
    }) {
        return Err(bad("a file path leaves the backup folder".into()));
    }
    Ok(manifest)
}

/// Checks that every file the manifest lists is in `data` with its size and checksum.
fn verify_files(data: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    for entry in &manifest.files {
        let path = data.join(&entry.path);
        let damaged = |reason: String| BackupError::Damaged {
            path: path.clone(),
            reason,
        };
        let (bytes, sha256) = hash_file(&path, None).map_err(|e| damaged(e.to_string()))?;
        if bytes != entry.bytes || sha256 != entry.sha256 {
            return Err(damaged(format!(
                "{bytes} bytes with SHA-256 {sha256}, the manifest says {} bytes with {}",
                entry.bytes, entry.sha256
            )));
        }
    }
    Ok(())
}

/// Copies every file under `from` to `to`, hashing as it goes; the entries are sorted by path.
fn copy_tree(from: &Path, to: &Path) -> Result<Vec<FileEntry>, BackupError> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let folder = from.join(&relative);
        let target = to.join(&relative);
        fs::create_dir_all(&target).map_err(|source| BackupError::Io {
            action: "cannot create",
            path: target.clone(),
            source,
        })?;
        let entries = fs::read_dir(&folder).map_err(|source| BackupError::Io {
            action: "cannot read",
            path: folder.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| BackupError::Io {
                action: "cannot read",
                path: folder.clone(),
                source,
            })?;
            let name = relative.join(entry.file_name());
            let source_path = from.join(&name);
            if source_path.is_dir() {
                pending.push(name);
                continue;
            }
            let (bytes, sha256) =
                hash_file(&source_path, Some(&to.join(&name))).map_err(|source| {
                    BackupError::Io {
                        action: "cannot copy",
                        path: source_path.clone(),
                        source,
                    }
                })?;
            let path = name
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(FileEntry {
                path,
                bytes,
                sha256,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Reads `path` once, hashing it and, with `copy_to`, writing it there (flushed to disk).
fn hash_file(path: &Path, copy_to: Option<&Path>) -> std::io::Result<(u64, String)> {
    let mut input = File::open(path)?;
    let mut output = copy_to.map(File::create).transpose()?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = input.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        if let Some(out) = output.as_mut() {
            out.write_all(&buffer[..n])?;
        }
        bytes += n as u64;
    }
    if let Some(out) = output {
        out.sync_all()?;
    }
    Ok((bytes, hex::encode(hasher.finalize())))
}

fn rename(from: &Path, to: &Path) -> Result<(), BackupError> {
    fs::rename(from, to).map_err(|source| BackupError::Io {
        action: "cannot move",
        path: from.to_path_buf(),
        source,
    })
}

fn remove_if_present(path: &Path) -> Result<(), BackupError> {
    let removed = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(BackupError::Io {
            action: "cannot remove",
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_their_first_difference() {
        let expected = Counts {
            nodes: 3,
            relationships: 1,
            labels: BTreeMap::from([("Person".into(), 2), ("Org".into(), 1)]),
            types: BTreeMap::from([("KIN".into(), 1)]),
        };
        assert_eq!(expected.difference(&expected.clone()), None);
        let mut found = expected.clone();
        found.labels.insert("Org".into(), 0);
        assert_eq!(
            expected.difference(&found).as_deref(),
            Some("label Org: 1 expected, 0 found")
        );
        found.labels.remove("Org");
        found.types.insert("BEHIND".into(), 1);
        assert!(expected.difference(&found).is_some());
    }
}
