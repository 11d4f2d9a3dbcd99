//! What stops a file or a whole load.
//!
//! A file-level error (unreadable, malformed, missing columns) stops that file only: the load
//! records it in the table's summary and goes on with the next table. The others stop the load.

use std::path::PathBuf;

use super::mapping::MappingError;
use crate::db::DbError;

/// Errors that stop a file or the whole load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not well-formed (broken quoting, undecodable bytes, empty).
    #[error("{file}:{line}: malformed file: {reason}")]
    Malformed {
        /// The file.
        file: PathBuf,
        /// Where reading stopped.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// Required columns are missing from a file's header.
    #[error("{file}:1: required column(s) missing from the header: {columns}")]
    MissingColumns {
        /// The file.
        file: PathBuf,
        /// The missing columns, comma-separated.
        columns: String,
    },
    /// Rows were given for a table the data contract does not have.
    #[error("no table {table:?} in the data contract (known: {known})")]
    UnknownTable {
        /// The name given.
        table: String,
        /// The contract's tables.
        known: String,
    },
    /// The folder holds no table of the contract.
    #[error("{dir} holds no table of the data contract (people.csv, orgs.csv, ... or .xlsx)")]
    NoTables {
        /// The folder.
        dir: PathBuf,
    },
    /// The mapping files are broken (a bug, caught by tests).
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The database refused a statement (a table's upsert, an id lookup, the run record,
    /// identity resolution) or is unreachable; the error names the statement's Cypher file
    /// and, for a table write, the table and file.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The rejects report could not be written.
    #[error("cannot write the rejects report {path}: {source}")]
    Report {
        /// The report file.
        path: PathBuf,
        /// The error.
        source: csv::Error,
    },
}
