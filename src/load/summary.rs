//! What a load did: per-table figures, every rejected row and warning, and the table printed
//! at the end of `guanxi load`.

use std::path::PathBuf;

use serde::Serialize;

use super::typed::CellProblem;
use crate::identity::IdentitySummary;

/// One rejected row or warning, as reported.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// File name.
    pub file: String,
    /// Line in the file.
    pub line: u64,
    /// Column name (empty when the whole row is concerned).
    pub column: String,
    /// 1-based column position (0 when unknown).
    pub column_number: usize,
    /// Why.
    pub reason: String,
    /// The row's text (for rejects).
    pub row: String,
}

impl Finding {
    /// A problem with one cell of the row at `line` of `file`, whose text is `text`.
    pub(crate) fn of_cell(file: &str, line: u64, problem: &CellProblem, text: &str) -> Self {
        Self {
            file: file.to_string(),
            line,
            column: problem.column.clone(),
            column_number: problem.column_number,
            reason: problem.reason.clone(),
            row: text.to_string(),
        }
    }

    /// A note about the dataset as a whole (a file that was ignored, and why).
    pub(crate) fn of_dataset(reason: String) -> Self {
        Self {
            file: String::new(),
            line: 0,
            column: String::new(),
            column_number: 0,
            reason,
            row: String::new(),
        }
    }
}

/// Per-table figures.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TableSummary {
    /// Table name.
    pub table: String,
    /// The file read.
    pub file: String,
    /// How it was decoded.
    pub encoding: String,
    /// Data rows read.
    pub read: u64,
    /// Rows written.
    pub loaded: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Warnings (the row still loaded).
    pub warnings: u64,
    /// A file-level error that stopped reading this file, if any.
    pub error: Option<String>,
    /// Seconds spent.
    pub seconds: f64,
}

/// What a load did.
#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    /// The load run id (also on every node and relationship it wrote).
    pub run: String,
    /// Per table, in load order.
    pub tables: Vec<TableSummary>,
    /// Every rejected row (also in `rejects_path`).
    pub rejects: Vec<Finding>,
    /// Every warning (also in `warnings_path`).
    pub warnings: Vec<Finding>,
    /// The rejects report, when there were rejects.
    pub rejects_path: Option<PathBuf>,
    /// The warnings report, when there were warnings.
    pub warnings_path: Option<PathBuf>,
    /// Identity links made after the load.
    pub identity: IdentitySummary,
    /// Seconds in all.
    pub seconds: f64,
}

impl LoadSummary {
    /// Rows written, all tables.
    pub fn loaded(&self) -> u64 {
        self.tables.iter().map(|t| t.loaded).sum()
    }
    /// Rows rejected, all tables.
    pub fn rejected(&self) -> u64 {
        self.tables.iter().map(|t| t.rejected).sum()
    }
    /// Whether some file could not be read to its end.
    pub fn has_file_errors(&self) -> bool {
        self.tables.iter().any(|t| t.error.is_some())
    }

    /// The summary table printed at the end of a load.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8} {:>10}\n",
            "table", "file", "read", "loaded", "rejected", "warnings", "seconds", "rows/s"
        );
        for t in &self.tables {
            let rate = if t.seconds > 0.0 {
                t.read as f64 / t.seconds
            } else {
                0.0
            };
            out.push_str(&format!(
                "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8.1} {:>10.0}\n",
                t.table, t.file, t.read, t.loaded, t.rejected, t.warnings, t.seconds, rate
            ));
            if let Some(error) = &t.error {
                out.push_str(&format!("  ! {error}\n"));
            }
        }
        let read: u64 = self.tables.iter().map(|t| t.read).sum();
        out.push_str(&format!(
            "{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8.1} {:>10.0}\n",
            "total",
            "",
            read,
            self.loaded(),
            self.rejected(),
            self.warnings.len(),
            self.seconds,
            if self.seconds > 0.0 {
                read as f64 / self.seconds
            } else {
                0.0
            }
        ));
        out.push_str(&format!(
            "identity: {} certain person links, {} certain company links, {} possible links to review\n",
            self.identity.certain_person_links,
            self.identity.certain_company_links,
            self.identity.possible_links
        ));
        if let Some(path) = &self.rejects_path {
            out.push_str(&format!(
                "rejected rows (row + reason): {}\n",
                path.display()
            ));
        }
        if let Some(path) = &self.warnings_path {
            out.push_str(&format!("warnings: {}\n", path.display()));
        }
        out.push_str(&format!("load run: {}\n", self.run));
        out
    }
}
