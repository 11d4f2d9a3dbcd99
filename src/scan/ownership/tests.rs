//! The ownership rules on small hand-made chains.

use chrono::NaiveDate;

use super::*;

fn link(holder: &str, company: &str, role: &str, share: f64) -> Link {
    Link {
        holder: holder.to_string(),
        holder_name: holder.to_uppercase(),
        holder_is_company: holder.starts_with('c'),
        company: company.to_string(),
        company_name: company.to_uppercase(),
        role: role.to_string(),
        share,
        start: None,
        end: None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn shares_multiply_along_a_chain_and_count_from_25_percent() {
    let links = [
        link("p-son", "c-hold", "shareholder", 80.0),
        link("c-hold", "c-supplier", "shareholder", 55.0),
        link("p-small", "c-hold2", "shareholder", 40.0),
        link("c-hold2", "c-other", "shareholder", 50.0),
    ];
    let holdings = derive_holdings(&links);
    assert_eq!(holdings.len(), 1, "{holdings:?}");
    let h = &holdings[0];
    assert_eq!(
        (h.holder.as_str(), h.company.as_str()),
        ("p-son", "c-supplier")
    );
    assert_eq!(h.kind, HoldingKind::BeneficialOwner);
    assert!((h.share - 44.0).abs() < 1e-9);
    assert_eq!(h.via, vec!["c-hold".to_string()]);
    assert!(
        h.chain_zh.contains("C-HOLD（80%）") && h.chain_zh.contains("44%"),
        "{}",
        h.chain_zh
    );
}

#[test]
fn a_legal_rep_of_a_majority_owner_controls_and_chains_stop_at_four_links() {
    let links = [
        link("p-rep", "c-a", "legal_rep", 0.0),
        link("c-a", "c-b", "shareholder", 60.0),
        link("c-b", "c-c", "shareholder", 90.0),
        link("c-c", "c-d", "shareholder", 90.0),
        link("c-d", "c-e", "shareholder", 90.0),
    ];
    let holdings = derive_holdings(&links);
    let of = |holder: &str, company: &str| {
        holdings
            .iter()
            .find(|h| h.holder == holder && h.company == company)
    };
    assert_eq!(of("p-rep", "c-b").unwrap().kind, HoldingKind::Controller);
    assert_eq!(of("p-rep", "c-d").unwrap().via, vec!["c-a", "c-b", "c-c"]);
    assert!(of("p-rep", "c-e").is_none(), "five links are too many");
    // A company behind another through a chain is a holding too (60% × 90% = 54%).
    let c = of("c-a", "c-c").unwrap();
    assert_eq!(c.kind, HoldingKind::BeneficialOwner);
}

#[test]
fn a_chain_whose_roles_never_overlap_in_time_is_dropped() {
    let mut first = link("p-x", "c-h", "shareholder", 100.0);
    first.end = ymd(2013, 12, 31);
    let mut second = link("c-h", "c-s", "shareholder", 100.0);
    second.start = ymd(2015, 1, 1);
    assert!(derive_holdings(&[first.clone(), second.clone()]).is_empty());
    second.start = ymd(2012, 1, 1);
    let holdings = derive_holdings(&[first, second]);
    assert_eq!(holdings[0].start, ymd(2012, 1, 1));
    assert_eq!(holdings[0].end, ymd(2013, 12, 31));
}

#[test]
fn companies_one_holder_controls_are_one_group() {
    let pairs = [
        ("p-a".to_string(), "c-1".to_string()),
        ("p-a".to_string(), "c-2".to_string()),
        ("c-3".to_string(), "c-4".to_string()),
        ("p-b".to_string(), "c-5".to_string()),
    ];
    let groups = supplier_groups(&pairs, |id| id.starts_with('c'));
    assert_eq!(groups.get("c-1").map(String::as_str), Some("c-1"));
    assert_eq!(groups.get("c-2").map(String::as_str), Some("c-1"));
    assert_eq!(groups.get("c-4").map(String::as_str), Some("c-3"));
    assert!(!groups.contains_key("c-5"), "a company alone is no group");
    assert!(!groups.contains_key("p-a"));
}
