//! The words of a case's life (线索/案件): where its handling stands. Stored and sent as the
//! English word; shown Chinese first with the English beside; parsed from either.

crate::word_enum! {
    /// Where a case stands: 受理 → 初步核实 → 谈话函询 → 立案审查 → 办结.
    pub enum CaseStatus {
        /// 受理: the clue is registered.
        Received = "received",
        /// 初步核实: the facts are being checked.
        PreliminaryCheck = "preliminary_check",
        /// 谈话函询: the official is talked to or asked in writing.
        Inquiry = "inquiry",
        /// 立案审查: a case is filed and examined.
        Filed = "filed",
        /// 办结: closed, with a disposition.
        Closed = "closed",
    }
}

impl CaseStatus {
    /// The Chinese word.
    pub const fn zh(self) -> &'static str {
        match self {
            CaseStatus::Received => "受理",
            CaseStatus::PreliminaryCheck => "初步核实",
            CaseStatus::Inquiry => "谈话函询",
            CaseStatus::Filed => "立案审查",
            CaseStatus::Closed => "办结",
        }
    }

    /// Chinese first, English beside: `受理 received`.
    pub fn label(self) -> String {
        format!("{} {}", self.zh(), self.as_str())
    }

    /// The status named by its Chinese or English word (trimmed; `preliminary-check` and
    /// `preliminary check` as well as `preliminary_check`).
    pub fn parse_any(word: &str) -> Option<Self> {
        let word = word.trim();
        let english = word.to_ascii_lowercase().replace(['-', ' '], "_");
        Self::parse(&english).or_else(|| Self::ALL.into_iter().find(|s| s.zh() == word))
    }

    /// Allowed changes: one step forward along the flow, or closing from any open status
    /// (a preliminary check may already end the matter, e.g. 予以了结). A closed case stays
    /// closed, and no status goes back: a wrong step is corrected by a note, not by rewriting
    /// the flow.
    pub fn can_become(self, to: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, to),
            (Received, PreliminaryCheck)
                | (PreliminaryCheck, Inquiry)
                | (Inquiry, Filed)
                | (Received | PreliminaryCheck | Inquiry | Filed, Closed)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chinese_and_english() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse_any(s.as_str()), Some(s));
            assert_eq!(CaseStatus::parse_any(s.zh()), Some(s));
        }
        assert_eq!(
            CaseStatus::parse_any(" Preliminary-Check "),
            Some(CaseStatus::PreliminaryCheck)
        );
        assert_eq!(CaseStatus::parse_any("立案"), None);
        assert_eq!(CaseStatus::Received.label(), "受理 received");
    }

    #[test]
    fn moves_only_forward_along_the_flow() {
        use CaseStatus::*;
        assert!(Received.can_become(PreliminaryCheck));
        assert!(Filed.can_become(Closed));
        assert!(PreliminaryCheck.can_become(Closed));
        assert!(!Received.can_become(Filed));
        assert!(!Inquiry.can_become(Received));
        for s in CaseStatus::ALL {
            assert!(!s.can_become(s));
            assert!(!Closed.can_become(s));
        }
    }
}
