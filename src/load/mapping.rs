//! Declarative table mappings (`loaders/*.toml`): for each table of the data contract, its
//! columns with their types and the Cypher upsert a batch runs. Supporting a new column or a
//! new layout is a change to a mapping file, not to Rust.
//!
//! Column types and the query parameters each gives (`row.<name>` unless said otherwise):
//!
//! | type | value | extra parameters |
//! | --- | --- | --- |
//! | `id` | non-empty text | |
//! | `text` | trimmed text | |
//! | `name` | trimmed text | `<name>_norm` (normalised), `<name>_pinyin` |
//! | `address` | trimmed text | `<name>_norm` |
//! | `category` | lower-case, normalised text | |
//! | `date` | date | |
//! | `amount` | yuan (float) | |
//! | `percent` | 0–100 (float) | |
//! | `bool` | boolean, `default` when empty | |
//! | `gender` | `M` / `F` | |
//! | `org_kind`, `method`, `company_role` | canonical word | |
//! | `qualification` | `special`, `1`, `2`, `3` | `<name>_rank`: strictness, special 4 … grade 3 is 1 (higher is stricter) |
//! | `kin_relation` | canonical word | `tie_type`, `tie_from`, `tie_to`, `older_id`, `relative_gender` |
//! | `id_number`, `credit_code`, `phone` | canonical form if valid | `<name>_invalid` (raw text) when not: a warning, never used to link |
//! | `ref` | id of an entity of one of `kinds` | |
//! | `ref_list` | `;`-separated ids of entities of `kinds` | |

use serde::Deserialize;

use crate::cypher::CypherFile;

/// The entity kinds of the data contract, i.e. the labels a referenced id may carry.
/// Labels come from this whitelist only; no label is ever built from user text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum EntityKind {
    /// A natural person.
    Person,
    /// A public body or village collective.
    Org,
    /// A registered market entity.
    Company,
    /// An awarded contract.
    Contract,
    /// Money that moved.
    Payment,
    /// A petition or report.
    Tip,
}

impl EntityKind {
    /// The node label (also what the loader reports).
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Org => "Org",
            EntityKind::Company => "Company",
            EntityKind::Contract => "Contract",
            EntityKind::Payment => "Payment",
            EntityKind::Tip => "Tip",
        }
    }

    /// The kind a node label stands for, if it is one of ours.
    pub fn from_label(label: &str) -> Option<Self> {
        [
            EntityKind::Person,
            EntityKind::Org,
            EntityKind::Company,
            EntityKind::Contract,
            EntityKind::Payment,
            EntityKind::Tip,
        ]
        .into_iter()
        .find(|k| k.label() == label)
    }
}

/// How a cell is parsed (see the module documentation for what each gives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ColumnType {
    Id,
    Text,
    Name,
    Address,
    Category,
    Date,
    Amount,
    Percent,
    Bool,
    Gender,
    OrgKind,
    Method,
    CompanyRole,
    Qualification,
    KinRelation,
    IdNumber,
    CreditCode,
    Phone,
    Ref,
    RefList,
}

/// One column of a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// Header name (matched case-insensitively, surrounding spaces ignored).
    pub name: String,
    /// How the cell is parsed.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// An empty cell rejects the row.
    #[serde(default)]
    pub required: bool,
    /// For `ref` and `ref_list`: the kinds the referenced id may have.
    #[serde(default)]
    pub kinds: Vec<EntityKind>,
    /// For `bool`: the value of an empty cell.
    #[serde(default)]
    pub default: Option<bool>,
    /// For `kin_relation`: the two person columns the relation is between (what the second
    /// is to the first).
    #[serde(default)]
    pub between: Option<[String; 2]>,
}

/// One table of the data contract.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapping {
    /// Table name; the file is `<table>.csv` or `<table>.xlsx`.
    pub table: String,
    /// For entity tables (those with an `id` column): the kind of their rows.
    #[serde(default)]
    pub kind: Option<EntityKind>,
    /// Load order: a table is loaded after those with a lower number (dependencies first).
    pub order: u32,
    /// The Cypher file each batch runs, relative to the crate root.
    pub upsert: String,
    /// How many batches may be written at once (default 1): Neo4j runs them on separate
    /// cores. Batches that lock the same nodes wait for each other, and a deadlock between
    /// them is a transient error the driver retries, so this suits big tables whose
    /// neighbouring rows share nodes (a household, an org's payments) more than distant ones.
    /// Concurrent batches cannot duplicate a relationship: the upserts MERGE it between
    /// matched nodes, and Neo4j's MergeInto locks both nodes before it creates one.
    #[serde(default = "one_writer")]
    pub writers: usize,
    /// The columns.
    #[serde(rename = "column")]
    pub columns: Vec<ColumnMapping>,
    /// The upsert's text, resolved from the registry.
    #[serde(skip)]
    pub upsert_cypher: &'static str,
}

fn one_writer() -> usize {
    1
}

/// Why the mappings could not be read (a programming error in `loaders/`: caught by tests).
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// The TOML is invalid.
    #[error("loader mapping {file}: {source}")]
    Parse {
        /// The mapping file.
        file: &'static str,
        /// What is wrong.
        source: toml::de::Error,
    },
    /// The mapping names a Cypher file that is not registered.
    #[error("loader mapping {file} names upsert {upsert}, which is not a registered Cypher file")]
    UnknownUpsert {
        /// The mapping file.
        file: &'static str,
        /// The upsert it names.
        upsert: String,
    },
    /// A `ref` column without kinds, or similar.
    #[error("loader mapping {file}: {reason}")]
    Invalid {
        /// The mapping file.
        file: &'static str,
        /// What is wrong.
        reason: String,
    },
}

macro_rules! mapping_file {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
        )
    };
}

/// The embedded mapping files (path, text). A test checks that every file in `loaders/` is here.
pub const MAPPING_FILES: &[(&str, &str)] = &[
    mapping_file!("loaders/people.toml"),
    mapping_file!("loaders/orgs.toml"),
    mapping_file!("loaders/companies.toml"),
    mapping_file!("loaders/positions.toml"),
    mapping_file!("loaders/kinship.toml"),
    mapping_file!("loaders/company_roles.toml"),
    mapping_file!("loaders/contracts.toml"),
    mapping_file!("loaders/bids.toml"),
    mapping_file!("loaders/payments.toml"),
    mapping_file!("loaders/tips.toml"),
];

/// The data contract's tables, in file order, each with its columns in the order a dataset's
/// header has them: what the generator writes and an FtM load converts to. The mapping files
/// (`loaders/*.toml`) are the source; a test keeps this list equal to their columns.
pub const CONTRACT_TABLES: &[(&str, &[&str])] = &[
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

/// All table mappings, in load order.
pub fn table_mappings() -> Result<Vec<TableMapping>, MappingError> {
    let mut tables = Vec::new();
    for (file, text) in MAPPING_FILES {
        let mut table: TableMapping =
            toml::from_str(text).map_err(|source| MappingError::Parse { file, source })?;
        let upsert: &CypherFile = crate::cypher::LOAD
            .iter()
            .find(|c| c.path == table.upsert)
            .ok_or_else(|| MappingError::UnknownUpsert {
                file,
                upsert: table.upsert.clone(),
            })?;
        table.upsert_cypher = upsert.text;
        for column in &table.columns {
            let is_ref = matches!(column.column_type, ColumnType::Ref | ColumnType::RefList);
            if (column.column_type == ColumnType::KinRelation) != column.between.is_some() {
                return Err(MappingError::Invalid {
                    file,
                    reason: format!("column {}: `between` is required for kin_relation columns and only for them", column.name),
                });
            }
            if is_ref == column.kinds.is_empty() {
                return Err(MappingError::Invalid {
                    file,
                    reason: format!(
                        "column {}: `kinds` is required for ref and ref_list columns and only for them",
                        column.name
                    ),
                });
            }
        }
        let has_id = table
            .columns
            .iter()
            .any(|c| c.column_type == ColumnType::Id);
        if has_id != table.kind.is_some() {
            return Err(MappingError::Invalid {
                file,
                reason: "a table has an `id` column exactly when it has a `kind`".into(),
            });
        }
        tables.push(table);
    }
    tables.sort_by_key(|t| t.order);
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::{table_mappings, CONTRACT_TABLES};

    #[test]
    fn the_contract_tables_are_the_mapping_files_columns() {
        let mappings = table_mappings().unwrap();
        assert_eq!(mappings.len(), CONTRACT_TABLES.len());
        for (name, header) in CONTRACT_TABLES {
            let mapping = mappings
                .iter()
                .find(|m| m.table == *name)
                .unwrap_or_else(|| panic!("no loaders/{name}.toml"));
            let columns: Vec<&str> = mapping.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(columns, *header, "{name}");
        }
    }
}
