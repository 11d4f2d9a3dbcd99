//! The data contract's side of an FtM load (its tables and columns are
//! `load::mapping::CONTRACT_TABLES`): the FtM properties each schema's conversion reads (the
//! rest are warnings), and writing the tables as a dataset folder of CSV files for the
//! ordinary loader.

use std::collections::BTreeMap;
use std::path::Path;

use super::{FtmError, Schema};

/// The contract's tables: name → (header, rows).
pub type Tables = BTreeMap<&'static str, (Vec<&'static str>, Vec<Vec<String>>)>;

/// Properties every schema may carry that need no column: provenance and FtM's own
/// bookkeeping.
pub const NOT_DATA: &[&str] = &[
    "publisher",
    "publisherUrl",
    "sourceUrl",
    "recordId",
    "notes",
    "country",
    "currency",
    "alephUrl",
    "retrievedAt",
    "modifiedAt",
    "createdAt",
    "indexText",
    "topics",
];

/// Properties each schema's conversion reads.
pub fn read_by(schema: Schema) -> &'static [&'static str] {
    match schema {
        Schema::Person => &[
            "name",
            "gender",
            "birthDate",
            "idNumber",
            "phone",
            "address",
            "position",
        ],
        Schema::PublicBody | Schema::Organization => &["name", "legalForm", "parent", "address"],
        Schema::Company => &[
            "name",
            "registrationNumber",
            "address",
            "phone",
            "incorporationDate",
            "sector",
            "classification",
        ],
        Schema::Position => &["name", "organization"],
        Schema::Occupancy => &["holder", "post", "startDate", "endDate"],
        Schema::Family => &["person", "relative", "relationship"],
        Schema::Ownership => &[
            "owner",
            "asset",
            "percentage",
            "ownershipType",
            "startDate",
            "endDate",
            "role",
        ],
        Schema::Directorship => &["director", "organization", "role", "startDate", "endDate"],
        Schema::Employment => &["employee", "employer", "role", "startDate", "endDate"],
        Schema::Contract => &[
            "title",
            "name",
            "authority",
            "amount",
            "method",
            "classification",
            "criteria",
            "contractDate",
        ],
        Schema::CallForTenders => &[
            "title",
            "authority",
            "publicationDate",
            "awardingDate",
            "tenderers",
        ],
        Schema::ContractAward => &[
            "contract",
            "supplier",
            "role",
            "status",
            "amount",
            "date",
            "callForTenders",
        ],
        Schema::Payment => &[
            "payer",
            "beneficiary",
            "amount",
            "purpose",
            "date",
            "startDate",
            "endDate",
            "contract",
        ],
        Schema::UnknownLink => &["subject", "object", "role", "recordId"],
    }
}

/// Writes each table as `<table>.csv` in `dir` (created).
pub fn write_tables(dir: &Path, tables: &Tables) -> Result<(), FtmError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| FtmError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for (table, (header, rows)) in tables {
        let path = dir.join(format!("{table}.csv"));
        let mut out = csv::Writer::from_path(&path).map_err(|e| io(&path)(e.into()))?;
        out.write_record(header).map_err(|e| io(&path)(e.into()))?;
        for row in rows {
            out.write_record(row).map_err(|e| io(&path)(e.into()))?;
        }
        out.flush().map_err(io(&path))?;
    }
    Ok(())
}
