//! Planted cases: for every pattern, cases with known subjects (ground-truth alerts), and
//! near misses that look like a case but must stay quiet. One submodule per case kind
//! builds both its planted cases and its near misses, which share their construction.
//!
//! Each case writes its own rows (fresh relatives, fresh companies, contracts injected into
//! the town's slots, payments) and its ground-truth entries. Cases never share a company,
//! and an injected contract keeps its slot's invariants (distinct suppliers, amounts within
//! the slot's range) unless the case owns the whole slot (an exclusive slot).

use chrono::{Datelike, NaiveDate};

use crate::domain::{CompanyRole, ContractMethod, Qualification};
use crate::gen::generator::{Generator, IdSeries};
use crate::gen::model::{
    ymd, BidPlan, Category, ContractSpec, Family, KinPayeeNote, Scale, Town, CATEGORIES,
};
use crate::gen::world::CompanySpec;

mod collective_subsidy;
mod groups;
mod kin_payee;
mod kin_rules;
mod kin_supplier;
mod late_deposit;
mod linked_bidders;
mod ownership;
mod qualification;
mod revolving_door;
mod self_dealing;
mod shared_contact;
mod single_bidder;
mod split_contracts;
mod supplier_concentration;

/// Whether a case is one a scan must find, or its look-alike that a scan must not flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Variant {
    /// Recorded as ground-truth alerts.
    Planted,
    /// Recorded as a near miss.
    NearMiss,
}

/// One case to plant: its kind (one per pattern), and which story of that kind. A kind
/// with one story each way takes a [`Variant`]; the others name their stories, planted ones
/// and near misses alike, in the kind's module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Case {
    KinSupplier(kin_supplier::Story),
    KinRule(kin_rules::Story),
    Ownership(ownership::Story),
    GroupSplit(Variant),
    GroupConcentration,
    LinkedBidders(linked_bidders::Story),
    RevolvingDoor(revolving_door::Story),
    SelfDealing(self_dealing::Story),
    SupplierConcentration(supplier_concentration::Story),
    LateDeposit(late_deposit::Story),
    CollectiveSubsidy(collective_subsidy::Story),
    QualificationAnomaly(Variant),
    SplitContracts(Variant),
    KinPayee(kin_payee::Story),
    SharedContact(shared_contact::Story),
    SingleBidder(single_bidder::Story),
}

impl Case {
    /// Cases that need a (buyer, category) slot of their own; they are planted first, while
    /// free slots remain.
    fn exclusive(self) -> bool {
        matches!(
            self,
            Case::KinSupplier(kin_supplier::Story::NieceMonopoly)
                | Case::SupplierConcentration(_)
                | Case::SplitContracts(_)
                | Case::QualificationAnomaly(Variant::NearMiss)
                | Case::GroupSplit(_)
                | Case::GroupConcentration
        )
    }
}

/// One round of planted cases: every pattern at least twice.
fn planted_round() -> Vec<Case> {
    use kin_supplier::Story as Kin;
    let mut cases: Vec<Case> = [
        Kin::NieceMonopoly,
        Kin::SpouseBrotherShareholder,
        Kin::InLawDirector,
        Kin::BrotherSupplies,
        Kin::CousinManager,
        Kin::SonLegalRep,
    ]
    .map(Case::KinSupplier)
    .into();
    // Two of each of these kinds: the first story of every kind, then the second.
    let pairs = [
        (
            self_dealing::Story::Shareholder,
            supplier_concentration::Story::ByCount,
            late_deposit::Story::BookedLate,
            collective_subsidy::Story::VillageCadres,
            shared_contact::Story::Phone,
            single_bidder::Story::OnlyBid,
        ),
        (
            self_dealing::Story::RegistryRecord,
            supplier_concentration::Story::ByAmount,
            late_deposit::Story::NeverBooked,
            collective_subsidy::Story::TownOfficial,
            shared_contact::Story::Address,
            single_bidder::Story::OthersDisqualified,
        ),
    ];
    for (self_dealing, concentration, late_deposit, subsidy, contact, bidder) in pairs {
        cases.extend([
            Case::SelfDealing(self_dealing),
            Case::SupplierConcentration(concentration),
            Case::LateDeposit(late_deposit),
            Case::CollectiveSubsidy(subsidy),
            Case::SharedContact(contact),
            Case::SingleBidder(bidder),
            Case::QualificationAnomaly(Variant::Planted),
            Case::SplitContracts(Variant::Planted),
        ]);
    }
    cases.extend(
        [
            kin_rules::Story::PostHeldOnTheDay,
            kin_rules::Story::TownOfficialOverVillage,
        ]
        .map(Case::KinRule),
    );
    cases.extend(
        [
            ownership::Story::BeneficialOwner,
            ownership::Story::Controller,
        ]
        .map(Case::Ownership),
    );
    cases.extend([Case::GroupSplit(Variant::Planted), Case::GroupConcentration]);
    cases.extend([
        Case::LinkedBidders(linked_bidders::Story::Brothers),
        Case::LinkedBidders(linked_bidders::Story::OwnsRival),
        Case::RevolvingDoor(revolving_door::Story::Inside),
        Case::RevolvingDoor(revolving_door::Story::InsideOnRegistryRecord),
    ]);
    cases.extend(
        [
            kin_payee::Story::Mother,
            kin_payee::Story::Nephew,
            kin_payee::Story::SistersHusbandsCompany,
            kin_payee::Story::ChildsRegistryRecord,
        ]
        .map(Case::KinPayee),
    );
    cases
}

/// One round of near misses: one of each kind.
fn near_miss_round() -> Vec<Case> {
    vec![
        Case::KinSupplier(kin_supplier::Story::SharedSurname),
        Case::KinSupplier(kin_supplier::Story::CousinChild),
        Case::KinSupplier(kin_supplier::Story::SameNameOtherBirthDate),
        Case::QualificationAnomaly(Variant::NearMiss),
        Case::SplitContracts(Variant::NearMiss),
        Case::SupplierConcentration(supplier_concentration::Story::OutsideWindow),
        Case::CollectiveSubsidy(collective_subsidy::Story::PaysResident),
        Case::LateDeposit(late_deposit::Story::BookedAfter30Days),
        Case::KinSupplier(kin_supplier::Story::InvalidIdNumberShared),
        Case::CollectiveSubsidy(collective_subsidy::Story::PaysOtherVillageOfficial),
        Case::SingleBidder(single_bidder::Story::InvitedOnlyBid),
        Case::KinSupplier(kin_supplier::Story::RelativeIsEmployee),
        Case::KinRule(kin_rules::Story::PostEndedBeforeAward),
        Case::KinRule(kin_rules::Story::PostStartedAfterAward),
        Case::KinRule(kin_rules::Story::RoleEndedBeforeAward),
        Case::KinRule(kin_rules::Story::SidewaysVillage),
        Case::KinRule(kin_rules::Story::PossibleIdentityOnly),
        Case::Ownership(ownership::Story::BelowThreshold),
        Case::GroupSplit(Variant::NearMiss),
        Case::LinkedBidders(linked_bidders::Story::NothingInCommon),
        Case::RevolvingDoor(revolving_door::Story::Outside),
    ]
}

/// The cases of each town: the preset's rounds of planted cases and of near misses, dealt
/// to the towns in turn.
pub(in crate::gen) fn cases_by_town(scale: &Scale) -> Vec<Vec<Case>> {
    let mut cases = Vec::new();
    for _ in 0..scale.case_copies {
        cases.extend(planted_round());
    }
    for _ in 0..scale.near_miss_copies {
        cases.extend(near_miss_round());
    }
    let towns = scale.towns;
    let mut by_town: Vec<Vec<Case>> = vec![Vec::new(); towns];
    let mut peer_groups = 0;
    for (i, case) in cases.into_iter().enumerate() {
        // A peer group needs the town's own construction slot: one per town at most.
        let town = if case == Case::QualificationAnomaly(Variant::NearMiss) {
            peer_groups += 1;
            (peer_groups - 1) % towns
        } else {
            i % towns
        };
        by_town[town].push(case);
    }
    by_town
}

// Titles a case prefers for the official it is about (village, community or town titles).

/// The party secretary of a village or community.
const SECRETARY: &[&str] = &["村党总支书记", "社区党委书记"];
/// The head of the village or residents' committee.
const DIRECTOR: &[&str] = &["村委会主任", "社区居委会主任"];
/// A committee member.
const MEMBER: &[&str] = &["村委委员", "社区居委会委员"];
/// Who handles a village's money: the bookkeeper, else a committee member.
const BOOKKEEPER: &[&str] = &["报账员", "村委委员", "社区居委会委员"];
/// The town's party secretary or head.
const TOWN_TOP: &[&str] = &["镇党委书记", "镇长", "街道党工委书记", "街道办事处主任"];
/// A town official who oversees works.
const TOWN_DEPUTY: &[&str] = &["副镇长", "城建办主任", "街道办事处副主任"];

/// The official a case is about.
struct Cadre {
    /// Index into `Town::officials` and `Town::families`.
    official: usize,
    /// Index into `Town::people`.
    person: usize,
    /// The person's id.
    id: String,
    /// The first title, for notes.
    title: &'static str,
}

/// How a person stands in a case's supplier.
#[derive(Clone, Copy)]
enum Stake<'a> {
    /// Legal rep and sole shareholder.
    Owner(&'a str),
    /// Legal rep holding this share (percent); a resident holds the rest.
    MajorityOwner(&'a str, u32),
    /// Holds this share (percent); a resident is legal rep and holds the rest.
    MinorityShareholder(&'a str, u32),
    /// Holds this role; a resident is legal rep and sole shareholder.
    Role(&'a str, CompanyRole),
}

/// A contract a case puts into a slot. What is left `None` is drawn when it is put in.
struct Award {
    supplier: String,
    /// `None`: a senior official of the buyer, drawn first.
    approver: Option<String>,
    method: ContractMethod,
    bids: BidPlan,
    /// `None` means grade 3 for construction (as the background), none otherwise.
    required_qualification: Option<Qualification>,
    /// `None`: drawn as the slot's background amounts are.
    amount: Option<i64>,
    /// `None`: a day of 2019-03 to 2024-10.
    awarded_on: Option<NaiveDate>,
    kin_payee: Option<KinPayeeNote>,
}

impl Award {
    /// An open tender with the usual bids.
    fn open_tender(supplier: String, approver: Option<String>) -> Award {
        Award {
            supplier,
            approver,
            method: ContractMethod::Open,
            bids: BidPlan::Usual,
            required_qualification: None,
            amount: None,
            awarded_on: None,
            kin_payee: None,
        }
    }

    /// A direct award, without bids.
    fn direct(supplier: String, approver: Option<String>) -> Award {
        Award {
            method: ContractMethod::Direct,
            bids: BidPlan::NoBids,
            ..Award::open_tender(supplier, approver)
        }
    }

    /// The same for `amount` yuan, awarded on `awarded_on`.
    fn worth(self, amount: i64, awarded_on: NaiveDate) -> Award {
        Award {
            amount: Some(amount),
            awarded_on: Some(awarded_on),
            ..self
        }
    }
}

impl Generator {
    /// Plants `cases` in `town`, exclusive ones first.
    pub(in crate::gen) fn plant(&mut self, town: &mut Town, cases: &[Case]) {
        let mut ordered: Vec<Case> = cases
            .iter()
            .copied()
            .filter(|case| case.exclusive())
            .collect();
        ordered.extend(cases.iter().copied().filter(|case| !case.exclusive()));
        for case in ordered {
            match case {
                Case::KinSupplier(story) => self.plant_kin_supplier(town, story),
                Case::KinRule(story) => self.plant_kin_rule(town, story),
                Case::Ownership(story) => self.plant_ownership(town, story),
                Case::GroupSplit(variant) => self.plant_group_split(town, variant),
                Case::GroupConcentration => self.plant_group_concentration(town),
                Case::LinkedBidders(story) => self.plant_linked_bidders(town, story),
                Case::RevolvingDoor(story) => self.plant_revolving_door(town, story),
                Case::SelfDealing(story) => self.plant_self_dealing(town, story),
                Case::SupplierConcentration(story) => {
                    self.plant_supplier_concentration(town, story)
                }
                Case::LateDeposit(story) => self.plant_late_deposit(town, story),
                Case::CollectiveSubsidy(story) => self.plant_collective_subsidy(town, story),
                Case::QualificationAnomaly(variant) => {
                    self.plant_qualification_anomaly(town, variant)
                }
                Case::SplitContracts(variant) => self.plant_split_contracts(town, variant),
                Case::KinPayee(story) => self.plant_kin_payee(town, story),
                Case::SharedContact(story) => self.plant_shared_contact(town, story),
                Case::SingleBidder(story) => self.plant_single_bidder(town, story),
            }
        }
    }

    /// A village or community of the town.
    fn any_village(&mut self, town: &Town) -> usize {
        1 + self.random.below(town.orgs.len() - 1)
    }

    /// An official of town-local org `org`, not used by another case if possible, holding
    /// one of `preferred_titles` if possible; `born_by_1972`: old enough for adult nephews.
    /// The official is marked as used.
    fn cadre(
        &mut self,
        town: &mut Town,
        org: usize,
        preferred_titles: &[&str],
        born_by_1972: bool,
    ) -> Cadre {
        let fits = |town: &Town, index: usize, preferred: bool, fresh: bool| {
            let official = &town.officials[index];
            official.org == Some(org)
                && official.serves_throughout()
                && (!born_by_1972 || town.people[official.person].birth.year() <= 1972)
                && (!preferred
                    || official
                        .titles
                        .iter()
                        .any(|title| preferred_titles.contains(title)))
                && (!fresh || !town.official_taken[index])
        };
        for (preferred, fresh) in [(true, true), (false, true), (true, false), (false, false)] {
            let candidates: Vec<usize> = (0..town.officials.len())
                .filter(|&index| fits(town, index, preferred, fresh))
                .collect();
            if !candidates.is_empty() {
                let official = *self.random.pick(&candidates);
                town.official_taken[official] = true;
                let person = town.officials[official].person;
                return Cadre {
                    official,
                    person,
                    id: town.person_id(person),
                    title: town.officials[official].titles[0],
                };
            }
        }
        // Every org has senior officials, so this is reached with `born_by_1972` only.
        self.cadre(town, org, preferred_titles, false)
    }

    /// Runs `build` on the family of `cadre`. The family is taken out of the town
    /// meanwhile, because the family builders need both the town and the family mutably.
    fn with_family<R>(
        &mut self,
        town: &mut Town,
        cadre: &Cadre,
        build: impl FnOnce(&mut Generator, &mut Town, &mut Family) -> R,
    ) -> R {
        let mut family = std::mem::take(&mut town.families[cadre.official]);
        let result = build(self, town, &mut family);
        town.families[cadre.official] = family;
        result
    }

    /// A non-construction slot (of `category`, if given) that no case uses yet, taken for a
    /// case alone. Every org keeps at least two shared non-construction slots for the other
    /// cases.
    fn exclusive_slot(&mut self, town: &mut Town, category: Option<Category>) -> usize {
        let mut candidates = Vec::new();
        for org in 0..town.orgs.len() {
            let shared = CATEGORIES[1..]
                .iter()
                .filter(|&&other| !town.slots[Town::slot_index(org, other)].exclusive)
                .count();
            if shared <= 2 {
                continue;
            }
            for candidate in CATEGORIES {
                if candidate == Category::Construction
                    || category.is_some_and(|wanted| wanted != candidate)
                {
                    continue;
                }
                let slot = Town::slot_index(org, candidate);
                if !town.slots[slot].exclusive && town.slots[slot].injected.is_empty() {
                    candidates.push(slot);
                }
            }
        }
        assert!(!candidates.is_empty(), "no free slot for an exclusive case");
        let slot = *self.random.pick(&candidates);
        town.slots[slot].exclusive = true;
        town.slots[slot].background_contracts = 0;
        slot
    }

    /// A slot of `org` shared with the background: `category`'s if given and not
    /// exclusive, else a random non-construction one that is not exclusive.
    fn shared_slot(&mut self, town: &Town, org: usize, category: Option<Category>) -> usize {
        if let Some(category) = category {
            let slot = Town::slot_index(org, category);
            if !town.slots[slot].exclusive {
                return slot;
            }
        }
        let candidates: Vec<usize> = CATEGORIES[1..]
            .iter()
            .map(|&other| Town::slot_index(org, other))
            .filter(|&slot| !town.slots[slot].exclusive)
            .collect();
        assert!(!candidates.is_empty(), "every org keeps shared slots");
        *self.random.pick(&candidates)
    }

    /// A pool company of the slot's category not yet supplying in the slot, holding at
    /// least `min_grade` if possible.
    fn free_pool_supplier(
        &mut self,
        town: &Town,
        slot: usize,
        min_grade: Option<Qualification>,
    ) -> String {
        let category = town.slots[slot].category;
        let taken: Vec<&str> = town.slots[slot]
            .injected
            .iter()
            .map(|contract| contract.supplier.as_str())
            .collect();
        let free: Vec<String> = town.pools[category.index()]
            .iter()
            .map(|&index| &town.companies[index])
            .filter(|company| !taken.contains(&company.id.as_str()))
            .filter(|company| match min_grade {
                Some(min_grade) => company.grade.is_some_and(|grade| grade >= min_grade),
                None => true,
            })
            .map(|company| company.id.clone())
            .collect();
        if free.is_empty() {
            return self.free_pool_supplier(town, slot, None);
        }
        self.random.pick(&free).clone()
    }

    /// A new company of `category` (grade 3 for construction), without roles yet.
    fn fresh_company(&mut self, town: &mut Town, category: Category) -> String {
        let name = self.company_name(town, category);
        let grade = (category == Category::Construction).then_some(Qualification::Grade3);
        let company = self.company(
            town,
            CompanySpec {
                grade,
                ..CompanySpec::new(name, Some(category))
            },
        );
        town.companies[company].id.clone()
    }

    /// A new company of `category` in which `stake` says how the case's person stands.
    fn supplier_company(
        &mut self,
        town: &mut Town,
        category: Category,
        stake: Stake<'_>,
    ) -> String {
        let company = self.fresh_company(town, category);
        match stake {
            Stake::Owner(person) => {
                self.role(&company, person, CompanyRole::LegalRep, None);
                self.role(&company, person, CompanyRole::Shareholder, Some(100));
            }
            Stake::MajorityOwner(person, share) => {
                self.role(&company, person, CompanyRole::LegalRep, None);
                self.role(&company, person, CompanyRole::Shareholder, Some(share));
                let partner = self.any_resident_id(town);
                self.role(
                    &company,
                    &partner,
                    CompanyRole::Shareholder,
                    Some(100 - share),
                );
            }
            Stake::MinorityShareholder(person, share) => {
                let front = self.any_resident_id(town);
                self.role(&company, &front, CompanyRole::LegalRep, None);
                self.role(
                    &company,
                    &front,
                    CompanyRole::Shareholder,
                    Some(100 - share),
                );
                self.role(&company, person, CompanyRole::Shareholder, Some(share));
            }
            Stake::Role(person, role) => {
                let front = self.any_resident_id(town);
                self.role(&company, &front, CompanyRole::LegalRep, None);
                self.role(&company, &front, CompanyRole::Shareholder, Some(100));
                self.role(&company, person, role, None);
            }
        }
        company
    }

    /// The id of an adult resident of any village of the town.
    /// The resident controls no other company: cases add no supplier group by chance.
    fn any_resident_id(&mut self, town: &Town) -> String {
        let resident = self.controller(town, None);
        town.person_id(resident)
    }

    /// Puts `award` into `slot`, to be written with the slot's contracts. Returns the
    /// contract id.
    fn inject(&mut self, town: &mut Town, slot: usize, award: Award) -> String {
        let org = town.slots[slot].org;
        let approver = match award.approver {
            Some(approver) => approver,
            None => self.approver_of(town, org),
        };
        let base_amount = town.slots[slot].base_amount;
        let category = town.slots[slot].category;
        let amount = match award.amount {
            Some(amount) => amount,
            None => self.slot_amount(base_amount),
        };
        let awarded_on = match award.awarded_on {
            Some(date) => date,
            None => self.random.date_in(ymd(2019, 3, 1), ymd(2024, 10, 31)),
        };
        // Construction tenders demand a qualification: grade 3 unless the case says more.
        let required_qualification = match (category, award.required_qualification) {
            (Category::Construction, None) => Some(Qualification::Grade3),
            (_, required) => required,
        };
        let title = self.contract_title(&town.orgs[org].name.clone(), category, awarded_on.year());
        let id = self.next_id(IdSeries::Contract);
        town.slots[slot].injected.push(ContractSpec {
            id: id.clone(),
            title,
            amount,
            method: award.method,
            required_qualification,
            awarded_on,
            supplier: award.supplier,
            approver,
            bids: award.bids,
            kin_payee: award.kin_payee,
        });
        id
    }

    /// Puts `award` into the shared slot of (`buyer`, `category`); returns the contract id.
    fn award_in_shared_slot(
        &mut self,
        town: &mut Town,
        buyer: usize,
        category: Category,
        award: Award,
    ) -> String {
        let slot = self.shared_slot(town, buyer, Some(category));
        self.inject(town, slot, award)
    }
}
