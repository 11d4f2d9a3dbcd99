//! The oracle's two patterns of issue 12: linked-bidders (bidders on one tender tied by a
//! person, kin, a contact or ownership) and revolving-door (a former official's company
//! wins contracts of the org he left, within the cooling-off period).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::ownership::Stake;
use super::{contract_day, date, years_before, Companies, Humans, Row, World};
use crate::domain::PatternId;

/// The cooling-off period of revolving-door, in years.
const COOLING_OFF_YEARS: i32 = 3;

/// A tender's day: its publication date, else its award date.
fn tender_day(contract: &Row) -> Option<NaiveDate> {
    contract
        .get("published_on")
        .or_else(|| contract.get("awarded_on"))
        .map(|text| date(text))
}

/// Whether company `owner` owns company `owned` on `day`: a shareholding of 25 % or more,
/// or a chain of companies behind it.
fn owns(world: &World, owner: &str, owned: &str, day: Option<NaiveDate>) -> bool {
    let direct = world.stakes.iter().any(|stake: &Stake| {
        stake.holder == owner
            && stake.company == owned
            && stake.role == "shareholder"
            && stake.share >= 25.0
            && stake.period.holds_on(day)
    });
    direct
        || world.behind.iter().any(|found| {
            found.holder == owner && found.company == owned && found.period.holds_on(day)
        })
}

/// Whether two humans are close kin: one primitive tie (spouse, sibling, parent, child),
/// or one is in the recusal scope of the other, an official.
fn close_kin(world: &mut World, one: usize, other: usize) -> bool {
    let primitive = [
        &world.spouses,
        &world.siblings,
        &world.parents,
        &world.children,
    ]
    .iter()
    .any(|relation| relation[one].contains(&other));
    if primitive {
        return true;
    }
    for (official, relative) in [(one, other), (other, one)] {
        if !world.post_orgs[official].is_empty() && world.scope(official).contains(&relative) {
            return true;
        }
    }
    false
}

/// linked-bidders: one finding per tender whose bidding companies (the winner included)
/// have tied pairs; subjects: the contract and every company of a tied pair.
pub(super) fn linked_bidders(
    world: &mut World,
    companies: &Companies,
    contracts: &[Row],
    bids: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    let is_company = |id: &str| {
        companies
            .ids
            .binary_search_by(|c| c.as_str().cmp(id))
            .is_ok()
    };
    let mut bidders: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for bid in bids {
        if is_company(&bid["bidder_id"]) {
            bidders
                .entry(bid["contract_id"].as_str())
                .or_default()
                .insert(bid["bidder_id"].as_str());
        }
    }
    for contract in contracts {
        let Some(tender) = bidders.get(contract["id"].as_str()) else {
            continue;
        };
        let mut tender = tender.clone();
        if is_company(&contract["supplier_id"]) {
            tender.insert(contract["supplier_id"].as_str());
        }
        let day = tender_day(contract);
        let people: BTreeMap<&str, Humans> = tender
            .iter()
            .map(|&company| {
                let humans = world
                    .stakeholders_on(company, day)
                    .into_iter()
                    .map(|(human, _)| human)
                    .collect();
                (company, humans)
            })
            .collect();
        let list: Vec<&str> = tender.iter().copied().collect();
        let mut tied = BTreeSet::new();
        for (i, &one) in list.iter().enumerate() {
            for &other in &list[i + 1..] {
                let same_person = !people[one].is_disjoint(&people[other]);
                let mut kin = false;
                for &a in &people[one] {
                    for &b in &people[other] {
                        kin = kin || close_kin(world, a, b);
                    }
                }
                let same = |map: &HashMap<String, String>| {
                    map.get(one)
                        .is_some_and(|value| !value.is_empty() && map.get(other) == Some(value))
                };
                let contact = same(&companies.phone_of) || same(&companies.address_of);
                let owned = owns(world, one, other, day) || owns(world, other, one, day);
                if same_person || kin || contact || owned {
                    tied.insert(one.to_string());
                    tied.insert(other.to_string());
                }
            }
        }
        if !tied.is_empty() {
            tied.insert(contract["id"].clone());
            emit(PatternId::LinkedBidders, tied);
        }
    }
}

/// revolving-door: one finding per (former official, company) where the company, in which
/// he holds a role (legal rep, shareholder, director, manager) on the contract's day d, wins
/// a contract of the org whose post he left, or of an org below it, with
/// end < d <= end + 3 years, and he holds no post at the buyer or above it on d. Subjects:
/// the record that held the ended post, the company and the role's record.
pub(super) fn revolving_door(
    world: &World,
    contracts: &[Row],
    emit: &mut impl FnMut(PatternId, BTreeSet<String>),
) {
    const ROLES: [&str; 4] = ["legal_rep", "shareholder", "director", "manager"];
    let mut stakes_in: HashMap<&str, Vec<&Stake>> = HashMap::new();
    for stake in &world.stakes {
        stakes_in
            .entry(stake.company.as_str())
            .or_default()
            .push(stake);
    }
    let mut found: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    for contract in contracts {
        let Some(day) = contract_day(contract) else {
            continue;
        };
        let supplier = &contract["supplier_id"];
        let chain = world.org_and_above(&contract["buyer_id"]);
        for post in &world.ended_posts {
            let in_window = post.end < day && day <= years_before(post.end, -COOLING_OFF_YEARS);
            if !in_window || !chain.contains(&post.org) {
                continue;
            }
            let still_in_office = chain
                .iter()
                .any(|org| world.holds_post(post.human, org, Some(day)));
            if still_in_office {
                continue;
            }
            for stake in stakes_in.get(supplier.as_str()).into_iter().flatten() {
                let holds = ROLES.contains(&stake.role.as_str())
                    && world.human_of.get(&stake.holder) == Some(&post.human)
                    && stake.period.holds_on(Some(day));
                if holds {
                    let subjects = found.entry((post.human, supplier.clone())).or_default();
                    subjects.insert(post.record.clone());
                    subjects.insert(stake.holder.clone());
                    subjects.insert(supplier.clone());
                }
            }
        }
    }
    for (_, subjects) in found {
        emit(PatternId::RevolvingDoor, subjects);
    }
}
