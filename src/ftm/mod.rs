//! FollowTheMoney (FtM) in and out: the JSON-lines format journalists and anti-corruption
//! analysts exchange (Aleph, OpenSanctions). One entity a line:
//! `{"id": ..., "schema": "Person", "properties": {"name": ["..."]}}`.
//!
//! [`export`] writes guanxi's records as FtM entities (Person, Company, PublicBody or
//! Organization, Position + Occupancy, Family, Ownership, Directorship, Employment, Contract,
//! CallForTenders, ContractAward, Payment, UnknownLink), viewed for the reader's role through
//! [`crate::views`]; [`import`] turns FtM entities back into the data contract's tables and
//! runs the ordinary loader on them. This file holds what both share: the entity type, the
//! schema words, the stable ids and the error.
//!
//! Ids are derived from guanxi's own keys, never random, so two exports of the same graph
//! give the same ids: a record is `gx-<kind>-<key>` (its key as it is when FtM allows it:
//! ASCII letters, digits, `-` and `.`; otherwise `gx-<kind>x-<hex of its UTF-8>`), so that a
//! load of the export gives every record its key back; a tie is `gx-<schema>-<digest>` of
//! what it joins.

pub mod export;
pub mod import;
pub mod tables;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::DbError;

crate::word_enum! {
    /// The FtM schemata guanxi writes and reads (their exact names in the FtM model).
    pub enum Schema {
        /// A natural person.
        Person = "Person",
        /// A registered company.
        Company = "Company",
        /// An org of government: county, town, village or community committee, department.
        PublicBody = "PublicBody",
        /// Any other org (guanxi's `other` kind, e.g. a collective).
        Organization = "Organization",
        /// A post within an org (one per org and title).
        Position = "Position",
        /// A person holding a post, with start and end dates.
        Occupancy = "Occupancy",
        /// A primitive family tie: person, relative, relationship.
        Family = "Family",
        /// A shareholding (with `percentage`), or an org owning a collective enterprise.
        Ownership = "Ownership",
        /// A legal representative, director or supervisor.
        Directorship = "Directorship",
        /// A manager or employee.
        Employment = "Employment",
        /// An awarded contract; `authority` is the buyer.
        Contract = "Contract",
        /// The tender of a contract: when it was published, who bid.
        CallForTenders = "CallForTenders",
        /// A contract's supplier (`role` supplier) or a bid (`role` bidder).
        ContractAward = "ContractAward",
        /// Money that moved: payer, beneficiary, amount, currency, date.
        Payment = "Payment",
        /// A tie FtM has no schema for: a contract's approver, a payment's handler.
        UnknownLink = "UnknownLink",
    }
}

/// The value of `publisher` on everything guanxi writes.
pub const PUBLISHER: &str = "guanxi";

/// Amounts are yuan.
pub const CURRENCY: &str = "CNY";

/// `UnknownLink.role` of a contract's approver.
pub const ROLE_APPROVER: &str = "approver";
/// `UnknownLink.role` of a payment's handler.
pub const ROLE_HANDLER: &str = "handler";
/// `ContractAward.role` of a contract's supplier.
pub const ROLE_SUPPLIER: &str = "supplier";
/// `ContractAward.role` of a bid.
pub const ROLE_BIDDER: &str = "bidder";
/// `Ownership.ownershipType` of an org owning a collective enterprise.
pub const COLLECTIVE: &str = "collective";

/// One FtM entity: an id, a schema and its properties, each a list of strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The entity id (`gx-...` for what guanxi writes).
    pub id: String,
    /// The schema's name.
    pub schema: String,
    /// Property name → values.
    #[serde(default)]
    pub properties: BTreeMap<String, Vec<serde_json::Value>>,
}

impl Entity {
    /// A new entity with no properties.
    pub fn new(id: String, schema: Schema) -> Self {
        Entity {
            id,
            schema: schema.as_str().to_string(),
            properties: BTreeMap::new(),
        }
    }

    /// Adds `value` to property `name` (an empty value adds nothing).
    pub fn add(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if value.trim().is_empty() {
            return;
        }
        let values = self.properties.entry(name.to_string()).or_default();
        let value = serde_json::Value::String(value);
        if !values.contains(&value) {
            values.push(value);
        }
    }

    /// The values of property `name` as text (numbers written out).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.properties
            .get(name)
            .map(|values| values.iter().filter_map(text_of).collect())
            .unwrap_or_default()
    }

    /// The first value of property `name`.
    pub fn first(&self, name: &str) -> Option<String> {
        self.values(name).into_iter().next()
    }
}

/// A value as text: strings as they are, numbers and booleans written out, others none.
fn text_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The kinds of record that keep their key in their FtM id.
pub const RECORD_KINDS: &[(&str, &str)] = &[
    ("Person", "person"),
    ("Company", "company"),
    ("Org", "org"),
    ("Contract", "contract"),
    ("Payment", "payment"),
];

/// FtM's entity ids: `^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$`, at most 200 characters.
fn ftm_safe(key: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric();
    key.chars().all(|c| ok(c) || c == '-' || c == '.')
        && key.chars().next().is_some_and(ok)
        && key.chars().last().is_some_and(ok)
}

/// The FtM id of the record of `kind` (`Person`, `Org`, ...) with guanxi key `key`.
pub fn record_id(kind: &str, key: &str) -> String {
    let word = RECORD_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("entity", |(_, w)| w);
    if ftm_safe(key) && key.len() <= 180 {
        return format!("gx-{word}-{key}");
    }
    let hex = hex::encode(key.as_bytes());
    if hex.len() <= 180 {
        format!("gx-{word}x-{hex}")
    } else {
        // Too long to carry back: stable still, but a load of it keys the record by this id.
        format!("gx-{word}h-{}", digest(&[key]))
    }
}

/// The guanxi key an FtM id names: the key back from an id [`record_id`] wrote, the id
/// itself otherwise (an entity from elsewhere keeps its FtM id as its key).
pub fn key_of(ftm_id: &str) -> String {
    for (_, word) in RECORD_KINDS {
        if let Some(key) = ftm_id.strip_prefix(&format!("gx-{word}-")) {
            return key.to_string();
        }
        if let Some(hex) = ftm_id.strip_prefix(&format!("gx-{word}x-")) {
            if let Some(key) = hex::decode(hex)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            {
                return key;
            }
        }
    }
    ftm_id.to_string()
}

/// The FtM id of a tie of `schema` between the parts given (stable: a digest of them).
pub fn tie_id(schema: Schema, parts: &[&str]) -> String {
    format!(
        "gx-{}-{}",
        schema.as_str().to_ascii_lowercase(),
        digest(parts)
    )
}

/// The first 20 hex digits of the SHA-256 of the parts, separated so that no two lists of
/// parts give the same text.
fn digest(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0x1f]);
    }
    hex::encode(hash.finalize())[..20].to_string()
}

/// What can go wrong with FtM in or out.
#[derive(Debug, thiserror::Error)]
pub enum FtmError {
    /// A line is not a JSON object of an FtM entity.
    #[error("line {line}: not an FtM entity ({reason})")]
    BadLine {
        /// The line number (1-based).
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The export's selection names nothing the caller sees.
    #[error("{0} not found")]
    NotFound(String),
    /// A case could not be read.
    #[error(transparent)]
    Case(#[from] crate::cases::CaseError),
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The load of the converted tables failed.
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_give_their_keys_back() {
        for key in ["p-wang-jianguo", "c_under_score", "王建国", "x"] {
            let id = record_id("Person", key);
            assert!(ftm_safe(&id), "{id}");
            assert_eq!(key_of(&id), key);
        }
        assert_eq!(record_id("Org", "o-dongshan"), "gx-org-o-dongshan");
        assert_eq!(key_of("Q12345"), "Q12345");
    }

    #[test]
    fn tie_ids_are_stable_and_safe() {
        let a = tie_id(Schema::Family, &["a", "b"]);
        assert_eq!(a, tie_id(Schema::Family, &["a", "b"]));
        assert_ne!(a, tie_id(Schema::Family, &["ab", ""]));
        assert!(ftm_safe(&a));
    }
}
