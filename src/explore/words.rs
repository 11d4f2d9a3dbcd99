//! Plain words for what the graph stores: company roles, family ties and every relationship
//! walked either way (`A —X→ B`). Kin words come from [`crate::scan::terms`], role words
//! from [`CompanyRole`]; the words of events (中标, 付款 ...) are here.

use super::rows::{NodeRow, RelRow};
use crate::domain::{CompanyRole, KinRelation};
use crate::scan::terms::{self, Step};

pub(crate) fn role_zh(role: &str) -> String {
    CompanyRole::parse(role)
        .map(|r| r.zh().to_string())
        .unwrap_or_else(|_| role.to_string())
}

pub(crate) fn role_en(role: &str) -> String {
    match CompanyRole::parse(role) {
        Ok(CompanyRole::LegalRep) => "legal representative".into(),
        Ok(r) => r.as_str().into(),
        Err(_) => role.to_string(),
    }
}

/// A stored gender (`male`, `female`) as the kin terms take it: `Some(true)` for male.
fn male(gender: Option<&str>) -> Option<bool> {
    match gender {
        Some("female") => Some(false),
        Some("male") => Some(true),
        _ => None,
    }
}

/// What `other` is to someone through a primitive tie: `other_is` is `parent`, `child`,
/// `spouse` or `sibling`; gender and (for siblings) age pick the word.
pub(super) fn tie_words(
    other_is: &str,
    gender: Option<&str>,
    other_is_older: Option<bool>,
) -> (&'static str, &'static str) {
    match KinRelation::parse(other_is) {
        Ok(relation) => terms::tie_term(relation.step(), male(gender), other_is_older),
        Err(_) => terms::tie_term(Step::Sibling, None, None),
    }
}

/// What the far end of a tie is to the near end: `outgoing` when the near end is the tie's
/// start (a parent's PARENT_OF leads to a child).
pub(super) fn tie_relation(tie_type: &str, outgoing: bool) -> &'static str {
    let relation = match (tie_type, outgoing) {
        ("PARENT_OF", true) => KinRelation::Child,
        ("PARENT_OF", false) => KinRelation::Parent,
        ("SPOUSE_OF", _) => KinRelation::Spouse,
        _ => KinRelation::Sibling,
    };
    relation.as_str()
}

/// Whether `other` is older than `this`, from the id of the older of two siblings.
pub(super) fn older(older_id: Option<&str>, other: &str, this: &str) -> Option<bool> {
    match older_id {
        Some(o) if o == other => Some(true),
        Some(o) if o == this => Some(false),
        _ => None,
    }
}

/// Plain words for a relationship walked from `from` to `to`: `forward` when the walk goes
/// the way the relationship points. Read `A —X→ B` as "B is A's X" for family (外甥女,
/// 父亲), as "A is X of B" for roles and posts (法定代表人), and as the event otherwise
/// (中标, 付款, 收款).
pub(super) fn step_words(
    rel: &RelRow,
    forward: bool,
    from: &NodeRow,
    to: &NodeRow,
) -> (String, String) {
    let s = |zh: &str, en: &str| (zh.to_string(), en.to_string());
    match (rel.kind.as_str(), forward) {
        ("KIN", _) => terms::kin_step(rel.term_zh.as_deref(), rel.term_en.as_deref(), forward),
        ("PARENT_OF" | "SPOUSE_OF" | "SIBLING_OF", _) => {
            let relation = tie_relation(&rel.kind, forward);
            let (zh, en) = tie_words(
                relation,
                to.gender.as_deref(),
                older(rel.older_id.as_deref(), &to.id, &from.id),
            );
            s(zh, en)
        }
        ("ROLE_IN", true) => {
            let role = rel.role.as_deref().unwrap_or("");
            (role_zh(role), format!("{} of", role_en(role)))
        }
        ("ROLE_IN", false) => {
            let role = rel.role.as_deref().unwrap_or("");
            (role_zh(role), format!("has {}", role_en(role)))
        }
        ("HOLDS_POST", true) => {
            let title = rel.title.clone().unwrap_or_else(|| "任职".into());
            (title.clone(), format!("holds post {title} at"))
        }
        ("HOLDS_POST", false) => {
            let title = rel.title.clone().unwrap_or_else(|| "任职".into());
            (title.clone(), format!("has {title}"))
        }
        ("SAME_AS", _) => match rel.basis.as_deref() {
            Some("id_number") => s("同一人（身份证号相同）", "same person as (same ID number)"),
            Some("name_birth_date") => s(
                "同一人（姓名和出生日期相同）",
                "same person as (same name and birth date)",
            ),
            Some("credit_code") => s(
                "同一企业（统一社会信用代码相同）",
                "same company as (same credit code)",
            ),
            Some("review") => s(
                "同一人（人工核查确认）",
                "same person as (confirmed in review)",
            ),
            _ => s("同一人", "same as"),
        },
        ("POSSIBLY_SAME_AS", _) => s("疑似同一人", "possibly the same person as"),
        ("AWARDED_TO", true) => s("中标方", "awarded to"),
        ("AWARDED_TO", false) => s("中标", "won"),
        ("AWARDED_BY", true) => s("采购方", "bought by"),
        ("AWARDED_BY", false) => s("采购", "bought"),
        ("APPROVED_BY", true) => s("审批人", "approved by"),
        ("APPROVED_BY", false) => s("审批", "approved"),
        ("BID_ON", true) => s("投标", "bid on"),
        ("BID_ON", false) => s("投标人", "bid by"),
        ("PAID", true) => s("付款", "paid"),
        ("PAID", false) => s("付款方", "paid by"),
        ("PAID_TO", true) => s("收款方", "paid to"),
        ("PAID_TO", false) => s("收款", "received"),
        ("HANDLED_BY", true) => s("经办人", "handled by"),
        ("HANDLED_BY", false) => s("经办", "handled"),
        ("SETTLES", true) => s("结算", "settles"),
        ("SETTLES", false) => s("结算款", "settled by"),
        ("PART_OF", true) => s("隶属", "part of"),
        ("PART_OF", false) => s("下辖", "includes"),
        ("OWNED_BY", true) => s("集体所有", "owned by"),
        ("OWNED_BY", false) => s("所办企业", "owns"),
        ("NAMES", true) => s("举报", "names"),
        ("NAMES", false) => s("被举报", "named in"),
        (other, _) => (other.to_string(), other.to_lowercase()),
    }
}

/// The label of a relationship drawn as stored (source → target).
pub(super) fn edge_label(rel: &RelRow, source: &NodeRow, target: &NodeRow) -> (String, String) {
    // Neutral words for drawn family ties: what the target is to the source.
    let neutral = |step: Step| {
        let (zh, en) = terms::tie_term(step, None, None);
        (zh.to_string(), en.to_string())
    };
    match rel.kind.as_str() {
        "PARENT_OF" => neutral(Step::Down),
        "SPOUSE_OF" => neutral(Step::Spouse),
        "SIBLING_OF" => neutral(Step::Sibling),
        "AWARDED_TO" => ("中标".into(), "awarded to".into()),
        "PAID" => ("付款".into(), "paid".into()),
        "PAID_TO" => ("收款".into(), "paid to".into()),
        _ => step_words(rel, true, source, target),
    }
}

/// The words of a relationship of an alert's evidence (`scan::EvidenceRelationship`), whose
/// `label` holds what the stored relationship says (role, kin term, post title, identity
/// basis) and `term_en` a kin link's English term when known: walked from its start to its
/// end (`Some(true)`), backwards (`Some(false)`), or drawn as stored (`None`). Used by the
/// case report (`crate::report`) for kin chains and the evidence graph.
pub(crate) fn evidence_words(
    rel_type: &str,
    label: Option<&str>,
    term_en: Option<&str>,
    forward: Option<bool>,
) -> (String, String) {
    let label = label.map(str::to_string);
    // A holding through companies reads like the role it stands for.
    let kind = if rel_type == "BEHIND" {
        "ROLE_IN"
    } else {
        rel_type
    };
    let rel = RelRow {
        id: None,
        kind: kind.to_string(),
        source: String::new(),
        target: String::new(),
        role: label.clone().filter(|_| kind == "ROLE_IN"),
        term_zh: label.clone().filter(|_| kind == "KIN"),
        term_en: term_en.map(str::to_string).filter(|_| kind == "KIN"),
        title: label.clone().filter(|_| kind == "HOLDS_POST"),
        basis: label.filter(|_| kind == "SAME_AS"),
        older_id: None,
    };
    let node = NodeRow {
        id: String::new(),
        labels: Vec::new(),
        name: None,
        gender: None,
    };
    match forward {
        Some(forward) => step_words(&rel, forward, &node, &node),
        None => edge_label(&rel, &node, &node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_words_follow_gender_and_age() {
        assert_eq!(tie_words("child", Some("female"), None).0, "女儿");
        assert_eq!(tie_words("parent", Some("male"), None).0, "父亲");
        assert_eq!(tie_words("sibling", Some("female"), Some(false)).0, "妹妹");
        assert_eq!(tie_words("sibling", None, None).0, "兄弟姐妹");
        assert_eq!(tie_relation("PARENT_OF", false), "parent");
    }

    #[test]
    fn company_roles_in_words() {
        assert_eq!(role_zh("legal_rep"), "法定代表人");
        assert_eq!(role_zh("shareholder"), "股东");
        assert_eq!(role_en("legal_rep"), "legal representative");
    }
}
