//! Synthetic datasets in the canonical CSV format (see the data contract), with a known
//! ground truth: a clean background of towns, villages, officials and their families,
//! residents, companies, contracts, bids, payments and tips, plus a known number of planted
//! cases of every detection pattern and of near misses that must stay quiet.
//!
//! Deterministic per (preset, seed): one ChaCha8 stream, no hash-map iteration, no clock.
//! Rows are streamed town by town; only one town is held in memory at a time.
//! `docs/ground-truth.md` describes the model and the `ground_truth.json` format.
//!
//! Layout: `Generator` is the state of a run (random stream, table writers,
//! counters, truth log) over the types of `model`; `world` writes the clean background and
//! `plant` the cases, each as `impl Generator` blocks, and [`generate`] runs them in order.
//! `plant` uses the row writers of `world`; `world` knows nothing of `plant`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

mod generator;
mod model;
mod names;
mod plant;
mod random;
mod table;
mod truth;
mod world;

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;

use generator::Generator;
use truth::Truth;

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
    /// How big a world.
    pub preset: Preset,
    /// The same preset and seed give byte-identical files.
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
    /// The output folder could not be created.
    #[error("cannot create output folder {path}: {source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// A file could not be created, written or flushed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
    /// A CSV row could not be written.
    #[error("cannot write {path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The writer's error.
        source: csv::Error,
    },
    /// `ground_truth.json` could not be written.
    #[error("cannot write {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The serializer's error.
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
    let mut generator = Generator::new(opts.preset, opts.seed, tables);
    write_world(&mut generator);
    generator.truth.check_qualification()?;
    let (tables, truth) = generator.finish();
    let files = tables.finish()?;

    let mut planted = BTreeMap::new();
    for alert in &truth.alerts {
        *planted
            .entry(alert.pattern.as_str().to_string())
            .or_insert(0) += 1;
    }
    let path = opts.out.join("ground_truth.json");
    write_truth(&path, &truth)?;
    Ok(GenSummary {
        files,
        planted,
        ground_truth: path,
    })
}

/// Writes every row: the county, then town by town its background with the town's share
/// of the cases planted before its contracts are written (cases put contracts into the
/// town's slots), then its payments and tips. Only one town is held in memory at a time.
fn write_world(generator: &mut Generator) {
    generator.write_county();
    let cases_by_town = plant::cases_by_town(&generator.scale);
    for (town_index, cases) in cases_by_town.into_iter().enumerate() {
        let mut town = generator.build_town(town_index);
        generator.plant(&mut town, &cases);
        generator.write_contracts(&mut town);
        generator.write_background_payments(&mut town);
        generator.write_background_tips(&mut town);
    }
}

/// Writes `ground_truth.json` (pretty JSON and a final newline).
fn write_truth(path: &std::path::Path, truth: &Truth) -> Result<(), GenError> {
    let file = std::fs::File::create(path).map_err(|source| GenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut writer = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut writer, truth).map_err(|source| GenError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    writer
        .write_all(b"\n")
        .and_then(|_| writer.flush())
        .map_err(|source| GenError::Io {
            path: path.to_path_buf(),
            source,
        })
}
