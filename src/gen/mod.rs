//! Synthetic datasets in the canonical CSV format (see the data contract), with a known
//! ground truth: a clean background of towns, villages, officials and their families,
//! residents, companies, contracts, bids, payments and tips, plus a known number of planted
//! cases of every detection pattern and of near misses that must stay quiet.
//!
//! Deterministic per (preset, seed): one ChaCha8 stream, no hash-map iteration, no clock.
//! Rows are streamed town by town; only one town is held in memory at a time.
//! `docs/ground-truth.md` describes the model and the `ground_truth.json` format.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

mod names;
mod plant;
mod table;
mod world;

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;

/// Size of the generated world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Preset {
    /// One town with five villages, ~70 officials, ~1,600 people: for tests.
    Small,
    /// Twenty towns, ~400 villages and communities, ~5,000 officials, ~100,000 people.
    County,
    /// Ten times a county: ~1,000,000 people.
    City,
}

impl FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Preset::Small),
            "county" => Ok(Preset::County),
            "city" => Ok(Preset::City),
            other => Err(format!(
                "unknown preset {other:?}: expected small, county or city"
            )),
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preset::Small => "small",
            Preset::County => "county",
            Preset::City => "city",
        })
    }
}

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Output folder; created if missing. Existing files of the same names are overwritten.
    pub out: PathBuf,
    pub preset: Preset,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct GenSummary {
    /// (table name, data rows written), in the contract's table order.
    pub files: Vec<(String, u64)>,
    /// Number of ground-truth alerts per pattern.
    pub planted: BTreeMap<String, usize>,
    /// Path of `ground_truth.json`.
    pub ground_truth: PathBuf,
}

/// Generation failures.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("cannot create output folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("cannot write {path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// A self-check of the generator failed (a bug, not a user error).
    #[error("generator self-check failed: {0}")]
    Internal(String),
}

/// Generates a dataset into `opts.out`: the ten contract tables as CSV, and
/// `ground_truth.json`.
pub fn generate(opts: &GenOptions) -> Result<GenSummary, GenError> {
    std::fs::create_dir_all(&opts.out).map_err(|source| GenError::CreateDir {
        path: opts.out.clone(),
        source,
    })?;
    let tables = table::Tables::create(&opts.out)?;
    let mut g = world::Gen::new(opts.preset, opts.seed, tables);
    g.run();
    g.check_qualification()?;
    let (tables, truth) = g.into_truth();
    let files = tables.finish()?;

    let mut planted = BTreeMap::new();
    for a in &truth.alerts {
        *planted.entry(a.pattern.clone()).or_insert(0) += 1;
    }
    let path = opts.out.join("ground_truth.json");
    let file = std::fs::File::create(&path).map_err(|source| GenError::Io {
        path: path.clone(),
        source,
    })?;
    let mut w = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, &truth).map_err(|source| GenError::Json {
        path: path.clone(),
        source,
    })?;
    use std::io::Write;
    w.write_all(b"\n")
        .and_then(|_| w.flush())
        .map_err(|source| GenError::Io {
            path: path.clone(),
            source,
        })?;
    Ok(GenSummary {
        files,
        planted,
        ground_truth: path,
    })
}

/// `ground_truth.json`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Truth {
    pub format: u32,
    pub preset: String,
    pub seed: u64,
    pub alerts: Vec<TruthAlert>,
    pub near_misses: Vec<NearMiss>,
    /// People whose id_number has a deliberately wrong check character.
    pub invalid_id_numbers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct TruthAlert {
    pub pattern: String,
    pub subjects: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct NearMiss {
    pub kind: String,
    pub ids: Vec<String>,
    pub note: String,
}
