//! Kin chains written out from an alert's evidence: the official, the kin word, the
//! relative, and what the relative stands in (`王建国 —外甥女→ 赵丽 —法定代表人、股东→
//! 青溪县红图广告有限公司`). The words come from `explore`'s relationship words (kin terms
//! from `scan::terms`, roles from `domain::CompanyRole`): no list of words lives here.

use std::collections::{BTreeMap, BTreeSet};

use crate::explore::evidence_words;
use crate::scan::{Alert, Evidence};

/// One chain in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// `王建国 —外甥女→ 赵丽 —法定代表人、股东→ 青溪县红图广告有限公司`.
    pub zh: String,
    /// `王建国 —sister's daughter→ 赵丽 —legal rep of and shareholder of→ ...`.
    pub en: String,
}

/// Family ties and identity links: the way to the relative, not what the relative does.
const NOT_ONWARD: &[&str] = &[
    "KIN",
    "SAME_AS",
    "POSSIBLY_SAME_AS",
    "PARENT_OF",
    "SPOUSE_OF",
    "SIBLING_OF",
];

/// The kin chains of an alert: one per derived kin link (`KIN`, official → relative) and
/// per entity the relative (or a record of the same person, `SAME_AS`) stands in, in the
/// evidence's order. An alert without a kin link has none.
pub fn kin_chains(alert: &Alert) -> Vec<Chain> {
    let evidence = &alert.evidence;
    let name = |id: &str| name_of(evidence, id);
    let kin: Vec<_> = evidence
        .relationships
        .iter()
        .filter(|r| r.rel_type == "KIN")
        .collect();
    // The English kin term is a fact of the finding when it has a single kin link.
    let term_en = alert
        .facts
        .get("term_en")
        .and_then(|t| t.as_str())
        .filter(|_| kin.len() == 1);
    let mut chains = Vec::new();
    for link in kin {
        let (kin_zh, kin_en) = evidence_words("KIN", link.label.as_deref(), term_en, Some(true));
        let head_zh = format!("{} —{kin_zh}→ {}", name(&link.from), name(&link.to));
        let head_en = format!("{} —{kin_en}→ {}", name(&link.from), name(&link.to));
        let twins = same_person(evidence, &link.to);
        // What the relative stands in, by target: every role word of each.
        let mut onward: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for r in &evidence.relationships {
            if twins.contains(r.from.as_str()) && !NOT_ONWARD.contains(&r.rel_type.as_str()) {
                let (zh, en) = evidence_words(&r.rel_type, r.label.as_deref(), None, Some(true));
                let words = onward.entry(r.to.as_str()).or_default();
                if !words.0.contains(&zh) {
                    words.0.push(zh);
                    words.1.push(en);
                }
            }
        }
        if onward.is_empty() {
            chains.push(Chain {
                zh: head_zh.clone(),
                en: head_en.clone(),
            });
        }
        for (target, (zh, en)) in onward {
            chains.push(Chain {
                zh: format!("{head_zh} —{}→ {}", zh.join("、"), name(target)),
                en: format!("{head_en} —{}→ {}", en.join(" and "), name(target)),
            });
        }
    }
    chains
}

/// The name of an evidence node (its id when it has none or is not in the evidence).
pub fn name_of(evidence: &Evidence, id: &str) -> String {
    evidence
        .nodes
        .iter()
        .find(|n| n.id == id)
        .and_then(|n| n.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// `id` and the records linked to it as the same person (`SAME_AS`, either way).
fn same_person<'a>(evidence: &'a Evidence, id: &'a str) -> BTreeSet<&'a str> {
    let mut twins = BTreeSet::from([id]);
    for r in evidence
        .relationships
        .iter()
        .filter(|r| r.rel_type == "SAME_AS")
    {
        if r.from == id {
            twins.insert(r.to.as_str());
        } else if r.to == id {
            twins.insert(r.from.as_str());
        }
    }
    twins
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AlertStatus, Severity};
    use crate::scan::alerts::{EvidenceNode, EvidenceRelationship, Summary};

    fn node(id: &str, name: &str) -> EvidenceNode {
        EvidenceNode {
            id: id.into(),
            label: "Person".into(),
            name: Some(name.into()),
            source_file: None,
            source_line: None,
        }
    }

    fn rel(kind: &str, from: &str, to: &str, label: Option<&str>) -> EvidenceRelationship {
        EvidenceRelationship {
            rel_type: kind.into(),
            from: from.into(),
            to: to.into(),
            source_file: None,
            source_line: None,
            label: label.map(str::to_string),
        }
    }

    #[test]
    fn the_niece_chain_reads_from_the_official_to_the_company() {
        let alert = Alert {
            id: "al-1".into(),
            pattern: "kin-supplier".into(),
            severity: Severity::High,
            subjects: vec![],
            summary: Summary {
                zh: String::new(),
                en: String::new(),
            },
            evidence: Evidence {
                nodes: vec![
                    node("p-w", "王建国"),
                    node("p-z", "赵丽"),
                    node("p-z2", "赵丽"),
                    node("c-h", "红图广告"),
                ],
                relationships: vec![
                    rel("KIN", "p-w", "p-z2", Some("外甥女")),
                    rel("SAME_AS", "p-z", "p-z2", Some("id_number")),
                    rel("ROLE_IN", "p-z2", "c-h", Some("legal_rep")),
                    rel("ROLE_IN", "p-z", "c-h", Some("shareholder")),
                    rel("PARENT_OF", "p-x", "p-z", None),
                ],
            },
            facts: serde_json::json!({"term_en": "niece"}),
            status: AlertStatus::New,
            first_seen: String::new(),
            last_seen: String::new(),
            history: vec![],
            retired_at: None,
            retired_scan: None,
            cases: vec![],
        };
        let chains = kin_chains(&alert);
        assert_eq!(chains.len(), 1);
        assert_eq!(
            chains[0].zh,
            "王建国 —外甥女→ 赵丽 —法定代表人、股东→ 红图广告"
        );
        assert!(
            chains[0].en.starts_with("王建国 —niece→ 赵丽 —"),
            "{:?}",
            chains[0]
        );
    }
}
