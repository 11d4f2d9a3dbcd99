//! Domain values: every cell of the data contract becomes one of these typed values before
//! any I/O ("parse, don't validate"). Loaders only turn typed rows into query parameters.
//!
//! Every parser trims its input, folds full-width forms and returns a [`ValueError`] whose
//! `Display` is a ready-made rejection reason. An empty cell means "absent" in the contract:
//! test it with [`non_empty`] before parsing an optional column (parsers reject blank text).

pub mod alert;
pub mod amount;
pub mod case;
pub mod checksum;
pub mod date;
pub mod error;
pub mod flags;
pub mod ids;
pub mod pattern;
pub mod role;
pub mod text;
pub mod words;

pub use alert::{AlertStatus, Severity};
pub use amount::{parse_percent, Amount};
pub use case::CaseStatus;
pub use date::parse_date;
pub use error::ValueError;
pub use flags::{
    parse_bool, CompanyRole, ContractMethod, Gender, KinRelation, OrgKind, ParsedRelation,
    Qualification,
};
pub use ids::{CreditCode, IdNumber, Phone};
pub use pattern::PatternId;
pub use role::Role;
pub use text::{fold_width, non_empty, normalize_address, normalize_name, split_list, to_pinyin};
