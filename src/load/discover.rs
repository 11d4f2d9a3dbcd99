//! The tables a load reads and where their rows come from: the files of a dataset folder
//! (`<table>.csv` or `<table>.xlsx`, any case), or rows given in memory (the API's ingest).

use std::path::{Path, PathBuf};

use super::error::LoadError;
use super::mapping::TableMapping;
use super::source::{Encoding, RowItem, TableReader};

/// Where a table's rows come from: a file of the dataset folder, or rows given in memory.
pub(crate) enum TableSource {
    /// A `.csv` or `.xlsx` file.
    File(PathBuf),
    /// Rows already split into cells (the API's ingest); `name` stands for the file.
    Memory {
        name: String,
        header: Vec<String>,
        rows: Vec<RowItem>,
    },
}

impl TableSource {
    /// The name findings give as their file.
    pub(crate) fn name(&self) -> String {
        match self {
            TableSource::File(path) => file_name(path),
            TableSource::Memory { name, .. } => name.clone(),
        }
    }

    /// The path named in file-level errors.
    pub(crate) fn path(&self) -> PathBuf {
        match self {
            TableSource::File(path) => path.clone(),
            TableSource::Memory { name, .. } => PathBuf::from(name),
        }
    }

    /// A fresh reader over the rows (each pass reads from the start).
    pub(crate) fn open(&self, encoding: Encoding) -> Result<TableReader, LoadError> {
        match self {
            TableSource::File(path) => TableReader::open(path, encoding),
            TableSource::Memory { name, header, rows } => {
                Ok(TableReader::from_rows(name, header.clone(), rows.clone()))
            }
        }
    }
}

/// The tables found in a folder, and what was ignored there and why.
pub(crate) struct FoundFiles {
    /// Index into the mappings and the table's file, in load order.
    pub(crate) tables: Vec<(usize, PathBuf)>,
    /// One line per file ignored (not a table of the contract, or a second file for one).
    pub(crate) ignored: Vec<String>,
}

/// Finds each table's file in `dir` (`<table>.csv` or `<table>.xlsx`, any case).
pub(crate) fn table_files(dir: &Path, tables: &[TableMapping]) -> Result<FoundFiles, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    let mut ignored = Vec::new();
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let (Some(stem), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let ext = ext.to_string_lossy().to_lowercase();
        if ext != "csv" && ext != "xlsx" {
            continue;
        }
        let stem = stem.to_string_lossy().to_lowercase();
        match tables.iter().position(|t| t.table == stem) {
            Some(i) if found.iter().any(|(j, _)| *j == i) => ignored.push(format!(
                "{}: a second file for table {stem}, ignored",
                path.display()
            )),
            Some(i) => found.push((i, path)),
            None => ignored.push(format!(
                "{}: not a table of the data contract, ignored",
                path.display()
            )),
        }
    }
    found.sort_by_key(|(i, _)| *i);
    Ok(FoundFiles {
        tables: found,
        ignored,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
