//! The ids of the conflict-of-interest patterns: the one list of them. Each id names one file
//! `cypher/patterns/<id>.cypher` whose header holds the rest of the pattern's metadata
//! (severity, titles, parameters, the tables it reads); `crate::scan::patterns` is the
//! registry that parses those headers. Everything else (ingest, portraits, the generator,
//! the tests) names patterns through this enum, never by a string of its own.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One conflict-of-interest pattern (serialised as its kebab-case id, e.g. `kin-supplier`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PatternId {
    /// A relative of an official with authority over the buyer holds a role in the supplier.
    KinSupplier,
    /// An official (or their company) supplies their own org.
    SelfDealing,
    /// One supplier takes most of an org's contract amount.
    SupplierConcentration,
    /// Collected money deposited long after it was received.
    LateDeposit,
    /// Cadres paid by a collective enterprise of their own village.
    CollectiveSubsidy,
    /// A tender asks for a qualification above what comparable tenders ask.
    QualificationAnomaly,
    /// Contracts split to stay under the open-tender threshold.
    SplitContracts,
    /// A relative of an official is paid by the official's org.
    KinPayee,
    /// A supplier shares a phone or address with an official.
    SharedContact,
    /// A tender with one bidder.
    SingleBidder,
}

impl PatternId {
    /// Every pattern, in the registry's order.
    pub const ALL: [PatternId; 10] = [
        PatternId::KinSupplier,
        PatternId::SelfDealing,
        PatternId::SupplierConcentration,
        PatternId::LateDeposit,
        PatternId::CollectiveSubsidy,
        PatternId::QualificationAnomaly,
        PatternId::SplitContracts,
        PatternId::KinPayee,
        PatternId::SharedContact,
        PatternId::SingleBidder,
    ];

    /// The id as written in files, alerts and URLs.
    pub const fn as_str(self) -> &'static str {
        match self {
            PatternId::KinSupplier => "kin-supplier",
            PatternId::SelfDealing => "self-dealing",
            PatternId::SupplierConcentration => "supplier-concentration",
            PatternId::LateDeposit => "late-deposit",
            PatternId::CollectiveSubsidy => "collective-subsidy",
            PatternId::QualificationAnomaly => "qualification-anomaly",
            PatternId::SplitContracts => "split-contracts",
            PatternId::KinPayee => "kin-payee",
            PatternId::SharedContact => "shared-contact",
            PatternId::SingleBidder => "single-bidder",
        }
    }

    /// The pattern with this id, if any.
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == id)
    }
}

impl fmt::Display for PatternId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the id's text (`pattern == "kin-supplier"`), as callers holding text do.
impl PartialEq<&str> for PatternId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::PatternId;

    #[test]
    fn ids_round_trip_through_text_and_json() {
        for id in PatternId::ALL {
            assert_eq!(PatternId::parse(id.as_str()), Some(id));
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
        }
        assert_eq!(PatternId::parse("kin_supplier"), None);
    }
}
