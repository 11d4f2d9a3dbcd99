//! The CSV writers of one generated dataset: one per contract table, rows streamed out as
//! they are made, and the text of date and amount cells.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::GenError;

/// The contract's tables with their headers (one home: `load::mapping`).
pub(super) use crate::load::mapping::CONTRACT_TABLES as TABLES;

/// The tables, as indices into [`TABLES`].
#[derive(Clone, Copy)]
pub(super) enum Table {
    People = 0,
    Orgs,
    Positions,
    Kinship,
    Companies,
    CompanyRoles,
    Contracts,
    Bids,
    Payments,
    Tips,
}

/// A date cell.
pub(super) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An amount cell, in yuan.
pub(super) fn money_text(yuan: i64) -> String {
    format!("{yuan}.00")
}

/// The writer of one table, and how many data rows it has written.
struct TableWriter {
    path: PathBuf,
    csv: csv::Writer<BufWriter<File>>,
    rows: u64,
}

/// All writers; the first write error is kept and reported at [`Tables::finish`], so the
/// generator does not thread `?` through every row.
pub(super) struct Tables {
    writers: Vec<TableWriter>,
    first_error: Option<GenError>,
}

impl Tables {
    /// Creates every file in `dir` and writes its header.
    pub(super) fn create(dir: &Path) -> Result<Self, GenError> {
        let mut writers = Vec::new();
        for (name, header) in TABLES {
            let path = dir.join(format!("{name}.csv"));
            let file = File::create(&path).map_err(|source| GenError::Io {
                path: path.clone(),
                source,
            })?;
            let mut csv = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(BufWriter::with_capacity(1 << 16, file));
            csv.write_record(*header).map_err(|source| GenError::Csv {
                path: path.clone(),
                source,
            })?;
            writers.push(TableWriter { path, csv, rows: 0 });
        }
        Ok(Tables {
            writers,
            first_error: None,
        })
    }

    /// Writes one data row of `table`; `fields` follow its header.
    pub(super) fn row(&mut self, table: Table, fields: &[&str]) {
        let writer = &mut self.writers[table as usize];
        if let Err(source) = writer.csv.write_record(fields) {
            if self.first_error.is_none() {
                self.first_error = Some(GenError::Csv {
                    path: writer.path.clone(),
                    source,
                });
            }
        }
        writer.rows += 1;
    }

    /// Flushes every file; returns the row count per table, or the first error.
    pub(super) fn finish(mut self) -> Result<Vec<(String, u64)>, GenError> {
        if let Some(error) = self.first_error.take() {
            return Err(error);
        }
        let mut counts = Vec::new();
        for (writer, (name, _)) in self.writers.iter_mut().zip(TABLES) {
            writer.csv.flush().map_err(|source| GenError::Io {
                path: writer.path.clone(),
                source,
            })?;
            counts.push((name.to_string(), writer.rows));
        }
        Ok(counts)
    }
}
