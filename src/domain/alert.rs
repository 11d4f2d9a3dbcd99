//! The words of an alert's life: how severe a finding is, and where its triage stands.
//! Parsed once where text comes in (a pattern header, a stored alert, a request) and enums
//! from there on; serialised as the same words the API has always sent.

crate::word_enum! {
    /// How severe a pattern's findings are (ordered: `Low < Medium < High`).
    pub enum Severity {
        /// Worth a look.
        Low = "low",
        /// Should be checked.
        Medium = "medium",
        /// Must be checked.
        High = "high",
    }
}

impl Severity {
    /// Most severe first: the order alert lists are shown in.
    pub const MOST_SEVERE_FIRST: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

    /// A Cypher expression ranking `property` (e.g. `a.severity`) most severe first (0, 1,
    /// ...), built from this enum so that the order has one home. Only the fixed words of
    /// this enum and the caller's constant property name go into the text.
    pub fn cypher_rank(property: &'static str) -> String {
        let mut text = format!("CASE {property}");
        for (rank, severity) in Self::MOST_SEVERE_FIRST.iter().enumerate() {
            text.push_str(&format!(" WHEN '{}' THEN {rank}", severity.as_str()));
        }
        text + " ELSE 9 END"
    }

    /// The Chinese word (高, 中, 低), as messages and reports show it.
    pub const fn zh(self) -> &'static str {
        match self {
            Severity::High => "高",
            Severity::Medium => "中",
            Severity::Low => "低",
        }
    }

    /// One step less severe (`Low` stays `Low`): a finding through an official's authority
    /// over an org below his own is one step less direct than one at his own org.
    pub fn one_step_lower(self) -> Severity {
        match self {
            Severity::High => Severity::Medium,
            Severity::Medium | Severity::Low => Severity::Low,
        }
    }
}

crate::word_enum! {
    /// Where an alert's triage stands.
    pub enum AlertStatus {
        /// Raised, nobody has looked yet.
        New = "new",
        /// Someone is checking it.
        InReview = "in_review",
        /// The finding holds.
        Confirmed = "confirmed",
        /// The finding does not hold (reopened by a scan if its evidence changes).
        Dismissed = "dismissed",
        /// Set by a scan, never by triage: the finding no longer holds in the data (a
        /// correcting load removed the fact behind it). Left out of default lists; a scan
        /// that finds it again brings it back as `new`.
        Retired = "retired",
    }
}

impl AlertStatus {
    /// Allowed status changes by triage: new → in_review → confirmed or dismissed (and back
    /// to review); a new alert may be confirmed or dismissed at once. `retired` is neither
    /// chosen nor left by triage: only scans retire an alert and bring it back.
    pub fn can_become(self, to: AlertStatus) -> bool {
        use AlertStatus::*;
        matches!(
            (self, to),
            (New, InReview)
                | (New, Dismissed)
                | (New, Confirmed)
                | (InReview, Confirmed)
                | (InReview, Dismissed)
                | (Confirmed, InReview)
                | (Dismissed, InReview)
        )
    }

    /// Whether a scan retires an alert of this status when its finding no longer holds:
    /// every status but `confirmed` (an investigator's established finding is a case record
    /// that a later correction of the data does not close) and `retired` itself. A
    /// dismissed alert is retired too; its history keeps the dismissal.
    pub fn retired_by_scans(self) -> bool {
        !matches!(self, AlertStatus::Confirmed | AlertStatus::Retired)
    }

    /// The statuses a scan retires (see [`AlertStatus::retired_by_scans`]), as words for a
    /// query parameter.
    pub fn retirable_words() -> Vec<&'static str> {
        Self::ALL
            .into_iter()
            .filter(|s| s.retired_by_scans())
            .map(AlertStatus::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_serialise_as_before() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in AlertStatus::ALL {
            assert_eq!(AlertStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(
            serde_json::from_str::<AlertStatus>("\"in_review\"").unwrap(),
            AlertStatus::InReview
        );
        assert!(Severity::High > Severity::Medium && Severity::Medium > Severity::Low);
    }

    #[test]
    fn the_rank_expression_orders_most_severe_first() {
        assert_eq!(
            Severity::cypher_rank("a.severity"),
            "CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 9 END"
        );
    }

    #[test]
    fn triage_moves_only_along_the_flow() {
        use AlertStatus::*;
        assert!(New.can_become(InReview));
        assert!(Dismissed.can_become(InReview));
        assert!(!Dismissed.can_become(Confirmed));
        assert!(!Confirmed.can_become(New));
        assert!(!New.can_become(New));
        for status in AlertStatus::ALL {
            assert!(!status.can_become(Retired), "triage never retires");
            assert!(!Retired.can_become(status), "triage never revives");
        }
    }

    #[test]
    fn scans_retire_every_status_but_confirmed() {
        assert_eq!(
            AlertStatus::retirable_words(),
            ["new", "in_review", "dismissed"]
        );
    }
}
