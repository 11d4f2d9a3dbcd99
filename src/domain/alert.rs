//! The words of an alert's life: how severe a finding is, and where its triage stands.
//! Parsed once where text comes in (a pattern header, a stored alert, a request) and enums
//! from there on; serialised as the same lower-case words the API has always sent.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How severe a pattern's findings are.
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
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Should be checked.
    Medium,
    /// Must be checked.
    High,
}

impl Severity {
    /// Most severe first: the order alert lists are shown in.
    pub const MOST_SEVERE_FIRST: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

    /// The lower-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// From the lower-case word.
    pub fn parse(text: &str) -> Option<Self> {
        Self::MOST_SEVERE_FIRST
            .into_iter()
            .find(|s| s.as_str() == text)
    }

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
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an alert's triage stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Raised, nobody has looked yet.
    New,
    /// Someone is checking it.
    InReview,
    /// The finding holds.
    Confirmed,
    /// The finding does not hold (reopened by a scan if its evidence changes).
    Dismissed,
}

impl AlertStatus {
    /// Every status.
    pub const ALL: [AlertStatus; 4] = [
        AlertStatus::New,
        AlertStatus::InReview,
        AlertStatus::Confirmed,
        AlertStatus::Dismissed,
    ];

    /// The snake-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::New => "new",
            AlertStatus::InReview => "in_review",
            AlertStatus::Confirmed => "confirmed",
            AlertStatus::Dismissed => "dismissed",
        }
    }

    /// From the snake-case word.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Allowed status changes: new → in_review → confirmed or dismissed (and back to
    /// review); a new alert may be confirmed or dismissed at once.
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
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the word (`status == "in_review"`), as callers holding text do.
macro_rules! eq_word {
    ($type:ty) => {
        impl PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl PartialEq<str> for $type {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
    };
}
eq_word!(Severity);
eq_word!(AlertStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_serialise_as_before() {
        for s in Severity::MOST_SEVERE_FIRST {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in AlertStatus::ALL {
            assert_eq!(AlertStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
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
    }
}
