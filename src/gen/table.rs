//! The CSV writers of one generated dataset: one per contract table, rows streamed out.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::GenError;

/// The contract's tables, in file order, with their headers.
pub(super) const TABLES: &[(&str, &[&str])] = &[
    (
        "people",
        &[
            "id",
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "address",
        ],
    ),
    ("orgs", &["id", "name", "kind", "parent_id", "region"]),
    (
        "positions",
        &["person_id", "org_id", "title", "start_date", "end_date"],
    ),
    ("kinship", &["person_id", "relative_id", "relation"]),
    (
        "companies",
        &[
            "id",
            "name",
            "credit_code",
            "address",
            "phone",
            "registered_on",
            "industry",
            "qualification",
            "owner_org_id",
        ],
    ),
    (
        "company_roles",
        &[
            "company_id",
            "person_id",
            "role",
            "share_pct",
            "start_date",
            "end_date",
        ],
    ),
    (
        "contracts",
        &[
            "id",
            "buyer_id",
            "title",
            "category",
            "amount",
            "method",
            "required_qualification",
            "published_on",
            "awarded_on",
            "supplier_id",
            "approver_id",
        ],
    ),
    ("bids", &["contract_id", "bidder_id", "amount", "qualified"]),
    (
        "payments",
        &[
            "id",
            "payer_id",
            "payee_id",
            "amount",
            "purpose",
            "paid_on",
            "recorded_on",
            "handler_id",
            "contract_id",
        ],
    ),
    ("tips", &["id", "received_on", "text", "subject_ids"]),
];

/// Index of each table in [`TABLES`] and [`Tables::t`].
#[derive(Clone, Copy)]
pub(super) enum T {
    People = 0,
    Orgs,
    Positions,
    Kinship,
    Companies,
    Roles,
    Contracts,
    Bids,
    Payments,
    Tips,
}

pub(super) struct Table {
    path: PathBuf,
    w: csv::Writer<BufWriter<File>>,
    rows: u64,
}

/// All writers; the first write error is kept and reported at [`Tables::finish`], so the
/// generator does not thread `?` through every row.
pub(super) struct Tables {
    t: Vec<Table>,
    error: Option<GenError>,
}

impl Tables {
    pub(super) fn create(dir: &Path) -> Result<Self, GenError> {
        let mut t = Vec::new();
        for (name, header) in TABLES {
            let path = dir.join(format!("{name}.csv"));
            let file = File::create(&path).map_err(|source| GenError::Io {
                path: path.clone(),
                source,
            })?;
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(BufWriter::with_capacity(1 << 16, file));
            w.write_record(*header).map_err(|source| GenError::Csv {
                path: path.clone(),
                source,
            })?;
            t.push(Table { path, w, rows: 0 });
        }
        Ok(Tables { t, error: None })
    }

    pub(super) fn row(&mut self, table: T, fields: &[&str]) {
        let tab = &mut self.t[table as usize];
        if let Err(source) = tab.w.write_record(fields) {
            if self.error.is_none() {
                self.error = Some(GenError::Csv {
                    path: tab.path.clone(),
                    source,
                });
            }
        }
        tab.rows += 1;
    }

    /// Flushes every file; returns the row count per table, or the first error.
    pub(super) fn finish(mut self) -> Result<Vec<(String, u64)>, GenError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut out = Vec::new();
        for (tab, (name, _)) in self.t.iter_mut().zip(TABLES) {
            tab.w.flush().map_err(|source| GenError::Io {
                path: tab.path.clone(),
                source,
            })?;
            out.push((name.to_string(), tab.rows));
        }
        Ok(out)
    }
}
