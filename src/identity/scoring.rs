//! Scoring a candidate pair of person records: how alike their names are (as written and
//! in pinyin), helped by what else they share; two known, different birth dates rule a pair
//! out. Pure, so that the thresholds are tested without a database.

/// Possible links need at least this name similarity (Jaro-Winkler, 0–1)...
const MIN_NAME_SIMILARITY: f64 = 0.85;
/// ...and at least this score overall.
const MIN_SCORE: f64 = 0.75;

/// A scored candidate pair, `a < b`.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleLink {
    /// Lower id.
    pub a: String,
    /// Higher id.
    pub b: String,
    /// 0–1.
    pub score: f64,
    /// Why, for the person who reviews it.
    pub reason: String,
}

/// What the blocking query returns for one pair.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    /// First record.
    pub a_id: String,
    /// Second record.
    pub b_id: String,
    /// Normalised names.
    pub a_name: String,
    /// Normalised names.
    pub b_name: String,
    /// Pinyin of the names.
    pub a_pinyin: String,
    /// Pinyin of the names.
    pub b_pinyin: String,
    /// Birth dates (empty: unknown).
    pub a_birth: String,
    /// Birth dates (empty: unknown).
    pub b_birth: String,
    /// Blocking keys they share: `phone`, `address`, `birth_date`.
    pub reasons: Vec<String>,
}

/// Scores a candidate pair; `None` when it is not a likely match.
///
/// Two known, different birth dates mean two people, whatever else they share (family
/// members share an address and often a phone). Otherwise the name decides, helped by what
/// else is shared.
pub fn score(c: &Candidate) -> Option<PossibleLink> {
    if !c.a_birth.is_empty() && !c.b_birth.is_empty() && c.a_birth != c.b_birth {
        return None;
    }
    let by_name = strsim::jaro_winkler(&c.a_name, &c.b_name);
    let by_pinyin = if c.a_pinyin.is_empty() || c.b_pinyin.is_empty() {
        0.0
    } else {
        strsim::jaro_winkler(&c.a_pinyin, &c.b_pinyin)
    };
    let similarity = by_name.max(by_pinyin);
    if similarity < MIN_NAME_SIMILARITY {
        return None;
    }
    let shared = |key: &str| c.reasons.iter().any(|r| r == key);
    let bonus = [("phone", 0.15), ("address", 0.05), ("birth_date", 0.15)]
        .iter()
        .filter(|(key, _)| shared(key))
        .map(|(_, b)| b)
        .sum::<f64>();
    let score = ((similarity * 0.75 + bonus) * 100.0).round() / 100.0;
    if score < MIN_SCORE {
        return None;
    }
    let mut why = vec![format!(
        "similar names {} / {} (Jaro-Winkler {:.2}, pinyin {} / {} {:.2})",
        c.a_name, c.b_name, by_name, c.a_pinyin, c.b_pinyin, by_pinyin
    )];
    for (key, text) in [
        ("phone", "shared phone"),
        ("address", "shared full address"),
        ("birth_date", "same birth date"),
    ] {
        if shared(key) {
            why.push(text.to_string());
        }
    }
    let (a, b) = if c.a_id < c.b_id {
        (c.a_id.clone(), c.b_id.clone())
    } else {
        (c.b_id.clone(), c.a_id.clone())
    };
    Some(PossibleLink {
        a,
        b,
        score: score.min(0.99),
        reason: why.join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(a: &str, b: &str, pa: &str, pb: &str, reasons: &[&str]) -> Candidate {
        Candidate {
            a_id: "p-2".into(),
            b_id: "p-1".into(),
            a_name: a.into(),
            b_name: b.into(),
            a_pinyin: pa.into(),
            b_pinyin: pb.into(),
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
            ..Candidate::default()
        }
    }

    #[test]
    fn same_pinyin_and_shared_phone_is_a_likely_match() {
        let link = score(&candidate("李明", "李鸣", "liming", "liming", &["phone"])).unwrap();
        assert_eq!((link.a.as_str(), link.b.as_str()), ("p-1", "p-2"));
        assert!(link.score >= 0.85, "{link:?}");
        assert!(link.reason.contains("shared phone"), "{link:?}");
    }

    #[test]
    fn family_members_at_one_address_are_not_matched() {
        assert_eq!(
            score(&candidate(
                "王建国",
                "王小红",
                "wangjianguo",
                "wangxiaohong",
                &["address"]
            )),
            None
        );
    }

    #[test]
    fn different_birth_dates_are_different_people() {
        let mut c = candidate("李明", "李明", "liming", "liming", &["phone"]);
        c.a_birth = "1960-01-01".into();
        c.b_birth = "1985-01-01".into();
        assert_eq!(score(&c), None);
    }
}
