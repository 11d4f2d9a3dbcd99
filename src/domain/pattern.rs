//! The ids of the conflict-of-interest patterns: the one list of them. Each id names one file
//! `cypher/patterns/<id>.cypher` whose header holds the rest of the pattern's metadata
//! (severity, titles, parameters, the tables it reads); `crate::scan::patterns` is the
//! registry that parses those headers. Everything else (ingest, portraits, the generator,
//! the tests) names patterns through this enum, never by a string of its own.

crate::word_enum! {
    /// One conflict-of-interest pattern (serialised as its kebab-case id, e.g. `kin-supplier`).
    pub enum PatternId {
        /// A relative of an official with authority over the buyer holds a role in the supplier.
        KinSupplier = "kin-supplier",
        /// An official (or their company) supplies their own org.
        SelfDealing = "self-dealing",
        /// One supplier takes most of an org's contract amount.
        SupplierConcentration = "supplier-concentration",
        /// Collected money deposited long after it was received.
        LateDeposit = "late-deposit",
        /// Cadres paid by a collective enterprise of their own village.
        CollectiveSubsidy = "collective-subsidy",
        /// A tender asks for a qualification above what comparable tenders ask.
        QualificationAnomaly = "qualification-anomaly",
        /// Contracts split to stay under the open-tender threshold.
        SplitContracts = "split-contracts",
        /// A relative of an official is paid by the official's org.
        KinPayee = "kin-payee",
        /// A supplier shares a phone or address with an official.
        SharedContact = "shared-contact",
        /// A tender with one bidder.
        SingleBidder = "single-bidder",
        /// A former official's company wins contracts of his former org within the cooling-off
        /// period.
        RevolvingDoor = "revolving-door",
        /// Bidders on one tender tied by a person, kin, a contact or ownership.
        LinkedBidders = "linked-bidders",
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
