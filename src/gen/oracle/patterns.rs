//! The pattern definitions, one function per pattern (kin-supplier and self-dealing share
//! one pass over the contracts). Each emits (pattern, subjects) for every finding.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;

use super::{amount, contract_day, date, read, years_before, Companies, Row, World};
use crate::domain::PatternId;

/// kin-supplier: one per (official, relative) for each contract whose supplier is a
/// relative of an official of the buyer or of its approver, or a company a relative stands
/// in. self-dealing: one per official of the buyer standing in the supplier. Posts and
/// roles count only if held on the contract's date (the approval counts whatever the date).
pub(super) fn kin_supplier_and_self_dealing(
    world: &mut World,
    contracts: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    for contract in contracts {
        let contract_id = &contract["id"];
        let buyer = &contract["buyer_id"];
        let supplier = &contract["supplier_id"];
        let day = contract_day(contract);
        let stakeholders = world.stakeholders_on(supplier, day);
        let mut officials = world.authorities_on(buyer, day);
        if let Some(approver) = contract.get("approver_id") {
            let human = world.human_of[approver];
            if !world.post_orgs[human].is_empty() {
                officials.insert(human);
            }
        }
        let mut ties: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
        for &official in &officials {
            let scope = world.scope(official);
            if world.is_person(supplier) {
                let relative = world.human_of[supplier];
                if scope.contains(&relative) {
                    let subjects = ties.entry((official, relative)).or_default();
                    subjects.extend(world.kin_records[relative].iter().cloned());
                    subjects.insert(supplier.clone());
                }
            } else {
                for (relative, record) in &stakeholders {
                    if scope.contains(relative) {
                        let subjects = ties.entry((official, *relative)).or_default();
                        subjects.extend(world.kin_records[*relative].iter().cloned());
                        subjects.insert(record.clone());
                        subjects.insert(supplier.clone());
                    }
                }
            }
        }
        for ((official, _), mut subjects) in ties {
            subjects.extend(world.post_records[official].iter().cloned());
            subjects.insert(contract_id.clone());
            emit(PatternId::KinSupplier, subjects);
        }
        let at_buyer = world.authorities_on(buyer, day);
        // Subjects: the official's post records (not the record holding the role).
        let dealers: BTreeSet<usize> = stakeholders
            .iter()
            .map(|(human, _)| *human)
            .filter(|human| at_buyer.contains(human))
            .collect();
        for official in dealers {
            let mut subjects: BTreeSet<String> =
                world.post_records[official].iter().cloned().collect();
            subjects.insert(supplier.clone());
            subjects.insert(contract_id.clone());
            emit(PatternId::SelfDealing, subjects);
        }
    }
}

/// shared-contact: one per (supplier company, official of a buyer) where the company's
/// phone or address is that of the official or of someone in their scope; a contract counts
/// only if the official holds the post on its date.
pub(super) fn shared_contact(
    world: &mut World,
    companies: &Companies,
    contracts: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    let mut shared: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for contract in contracts {
        let supplier = &contract["supplier_id"];
        if world.is_person(supplier) {
            continue;
        }
        let phone = companies.phone_of.get(supplier);
        let address = companies.address_of.get(supplier);
        for official in world.authorities_on(&contract["buyer_id"], contract_day(contract)) {
            let mut household = world.scope(official);
            household.insert(official);
            let mut matched = BTreeSet::new();
            for human in household {
                for record in &world.records[human] {
                    let same_phone = phone.is_some() && world.phone_of.get(record) == phone;
                    let same_address = address.is_some_and(|address| !address.is_empty())
                        && world.address_of.get(record) == address;
                    if same_phone || same_address {
                        matched.insert(record.clone());
                    }
                }
            }
            if !matched.is_empty() {
                let subjects = shared.entry((supplier.clone(), official)).or_default();
                subjects.extend(matched);
                subjects.extend(world.post_records[official].iter().cloned());
                subjects.insert(supplier.clone());
            }
        }
    }
    for (_, subjects) in shared {
        emit(PatternId::SharedContact, subjects);
    }
}

/// The supplier `supplier` counts as: its group if it has one (issue 12), else itself.
fn one_supplier<'a>(groups: &'a HashMap<String, String>, supplier: &'a str) -> &'a str {
    groups.get(supplier).map(String::as_str).unwrap_or(supplier)
}

/// supplier-concentration: per (buyer, category), over the three years before the latest
/// award and at least 3 contracts, a supplier (a group counts as one) with 60 % of the
/// count or of the amount; subjects: the buyer and the group's companies that won.
pub(super) fn supplier_concentration(
    contracts: &[Row],
    groups: &HashMap<String, String>,
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    let mut by_buyer_category: BTreeMap<(String, String), Vec<&Row>> = BTreeMap::new();
    for contract in contracts {
        let category = contract.get("category").cloned().unwrap_or_default();
        by_buyer_category
            .entry((contract["buyer_id"].clone(), category))
            .or_default()
            .push(contract);
    }
    for ((buyer, _), group) in &by_buyer_category {
        let latest = group
            .iter()
            .map(|contract| date(&contract["awarded_on"]))
            .max()
            .expect("one");
        let from = years_before(latest, 3);
        let window: Vec<&&Row> = group
            .iter()
            .filter(|contract| date(&contract["awarded_on"]) >= from)
            .collect();
        if window.len() < 3 {
            continue;
        }
        let total: f64 = window
            .iter()
            .map(|contract| amount(&contract["amount"]))
            .sum();
        // supplier -> (contracts, amount, its companies that won)
        let mut per_supplier: BTreeMap<&str, (usize, f64, BTreeSet<String>)> = BTreeMap::new();
        for contract in &window {
            let supplier = contract["supplier_id"].as_str();
            let share = per_supplier
                .entry(one_supplier(groups, supplier))
                .or_default();
            share.0 += 1;
            share.1 += amount(&contract["amount"]);
            share.2.insert(supplier.to_string());
        }
        for (_, (count, supplied, companies)) in per_supplier {
            if count * 5 >= window.len() * 3 || supplied >= 0.6 * total {
                let mut subjects = companies;
                subjects.insert(buyer.clone());
                emit(PatternId::SupplierConcentration, subjects);
            }
        }
    }
}

/// split-contracts: per (buyer, supplier, category), a group counting as one supplier,
/// contracts under 100,000 of which two or more within 60 days add up to more than
/// 100,000; subjects: the buyer, the companies and the contracts.
pub(super) fn split_contracts(
    contracts: &[Row],
    groups: &HashMap<String, String>,
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    let mut small: BTreeMap<(String, String, String), Vec<&Row>> = BTreeMap::new();
    for contract in contracts {
        if amount(&contract["amount"]) < 100_000.0 {
            let category = contract.get("category").cloned().unwrap_or_default();
            let supplier = one_supplier(groups, &contract["supplier_id"]).to_string();
            small
                .entry((contract["buyer_id"].clone(), supplier, category))
                .or_default()
                .push(contract);
        }
    }
    for ((buyer, _, _), group) in small {
        let mut split = BTreeSet::new();
        for contract in &group {
            let start = date(&contract["awarded_on"]);
            let window: Vec<&&Row> = group
                .iter()
                .filter(|other| {
                    let day = date(&other["awarded_on"]);
                    day >= start && (day - start).num_days() <= 60
                })
                .collect();
            let sum: f64 = window.iter().map(|other| amount(&other["amount"])).sum();
            if window.len() >= 2 && sum > 100_000.0 {
                for other in window {
                    split.insert(other["id"].clone());
                    split.insert(other["supplier_id"].clone());
                }
            }
        }
        if !split.is_empty() {
            split.insert(buyer.clone());
            emit(PatternId::SplitContracts, split);
        }
    }
}

/// How strict a required qualification is: 0 for none, then grade 3 to special.
fn strictness(required: Option<&String>) -> u8 {
    match required.map(String::as_str) {
        None => 0,
        Some("3") => 1,
        Some("2") => 2,
        Some("1") => 3,
        Some("special") => 4,
        Some(other) => panic!("grade {other}"),
    }
}

/// qualification-anomaly: a contract demanding a qualification where most of at least 3
/// comparable contracts (same category, amount within a factor 2) demand less.
pub(super) fn qualification_anomaly(
    contracts: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    for contract in contracts {
        let required = strictness(contract.get("required_qualification"));
        if required == 0 {
            continue;
        }
        let value = amount(&contract["amount"]);
        let comparables: Vec<&Row> = contracts
            .iter()
            .filter(|other| {
                other["id"] != contract["id"] && other.get("category") == contract.get("category")
            })
            .filter(|other| {
                let other_value = amount(&other["amount"]);
                other_value >= value / 2.0 && other_value <= value * 2.0
            })
            .collect();
        let looser = comparables
            .iter()
            .filter(|other| strictness(other.get("required_qualification")) < required)
            .count();
        if comparables.len() >= 3 && 2 * looser > comparables.len() {
            emit(
                PatternId::QualificationAnomaly,
                [contract["id"].clone(), contract["buyer_id"].clone()].into(),
            );
        }
    }
}

/// single-bidder: an open tender with one bid, or whose other bids were all disqualified.
pub(super) fn single_bidder(
    dir: &Path,
    contracts: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    // contract -> (bidder, qualified)
    let mut bids: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for row in read(dir, "bids") {
        let qualified = row
            .get("qualified")
            .map(|text| text == "true")
            .unwrap_or(true);
        bids.entry(row["contract_id"].clone())
            .or_default()
            .push((row["bidder_id"].clone(), qualified));
    }
    for contract in contracts {
        if contract.get("method").map(String::as_str) != Some("open") {
            continue;
        }
        let tender = bids.get(&contract["id"]).cloned().unwrap_or_default();
        let supplier = &contract["supplier_id"];
        let single = tender.len() == 1
            || (!tender.is_empty()
                && tender
                    .iter()
                    .filter(|(bidder, _)| bidder != supplier)
                    .all(|(_, qualified)| !qualified));
        if single {
            emit(
                PatternId::SingleBidder,
                [contract["id"].clone(), supplier.clone()].into(),
            );
        }
    }
}

/// late-deposit: money a cadre handled, booked more than 30 days after it was paid (or
/// not booked 30 days before `today`).
pub(super) fn late_deposit(
    payments: &[Row],
    today: NaiveDate,
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    for payment in payments {
        if let Some(handler) = payment.get("handler_id") {
            let paid_on = date(&payment["paid_on"]);
            let booked_by = payment
                .get("recorded_on")
                .map(|text| date(text))
                .unwrap_or(today);
            if (booked_by - paid_on).num_days() > 30 {
                emit(
                    PatternId::LateDeposit,
                    [handler.clone(), payment["id"].clone()].into(),
                );
            }
        }
    }
}

/// collective-subsidy: one per (official, collective) where a collective enterprise pays
/// an official of its owner org or of an org above it, holding that post on the day paid.
pub(super) fn collective_subsidy(
    world: &World,
    companies: &Companies,
    payments: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    let mut subsidies: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    for payment in payments {
        let payer = &payment["payer_id"];
        let payee = &payment["payee_id"];
        let (Some(owner), Some(&official)) =
            (companies.owner_org.get(payer), world.human_of.get(payee))
        else {
            continue;
        };
        let mut chain = vec![owner.clone()];
        let mut current = owner.clone();
        while let Some(parent) = world.parent_org.get(&current) {
            chain.push(parent.clone());
            current = parent.clone();
        }
        let day = Some(date(&payment["paid_on"]));
        if chain.iter().any(|org| world.holds_post(official, org, day)) {
            let subjects = subsidies.entry((official, payer.clone())).or_default();
            subjects.extend(world.post_records[official].iter().cloned());
            subjects.insert(payer.clone());
            subjects.insert(owner.clone());
        }
    }
    for (_, subjects) in subsidies {
        emit(PatternId::CollectiveSubsidy, subjects);
    }
}

/// kin-payee: one per payment of an org to a relative of one of its officials (or to a
/// company a relative stands in), the post and the role held on the day paid.
pub(super) fn kin_payee(
    world: &mut World,
    payments: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    for payment in payments {
        let payer = &payment["payer_id"];
        let payee = &payment["payee_id"];
        if !world.orgs.contains(payer) {
            continue;
        }
        let day = Some(date(&payment["paid_on"]));
        let mut subjects = BTreeSet::new();
        for official in world.authorities_on(payer, day) {
            let scope = world.scope(official);
            let tie = world.tie_records(&scope, payee, day);
            if !tie.is_empty() {
                subjects.extend(tie);
                subjects.extend(world.post_records[official].iter().cloned());
            }
        }
        if !subjects.is_empty() {
            subjects.insert(payment["id"].clone());
            emit(PatternId::KinPayee, subjects);
        }
    }
}
