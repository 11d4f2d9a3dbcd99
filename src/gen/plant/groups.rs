//! Supplier-group cases (issue 12): two companies with one legal rep are one supplier.
//! Planted: each of the two wins one small direct award of one buyer in one category,
//! 7-50 days apart, together above 100,000 yuan (split-contracts naming both companies);
//! and the two win 3 of a buyer's 5 contracts of a category (supplier-concentration naming
//! both). Near miss: the same split between two unrelated companies.

use chrono::{Duration, NaiveDate};

use super::{Award, Variant};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Town};
use crate::gen::truth::NearMissKind;

impl Generator {
    /// Two new companies of the slot's category; `grouped`: one resident is legal rep and
    /// sole owner of both, else each has its own.
    fn two_companies(&mut self, town: &mut Town, slot: usize, grouped: bool) -> [String; 2] {
        let category = town.slots[slot].category;
        let first = self.fresh_company(town, category);
        let second = self.fresh_company(town, category);
        let owner = self.any_resident_id(town);
        for company in [&first, &second] {
            let owner = if grouped || *company == first {
                owner.clone()
            } else {
                self.any_resident_id(town)
            };
            self.role(company, &owner, CompanyRole::LegalRep, None);
            self.role(company, &owner, CompanyRole::Shareholder, Some(100));
        }
        [first, second]
    }

    /// Plants a split between two companies of one person (`Planted`) or of two unrelated
    /// people (`NearMiss`), in an exclusive slot.
    pub(super) fn plant_group_split(&mut self, town: &mut Town, variant: Variant) {
        let slot = self.exclusive_slot(town, None);
        let buyer = town.slots[slot].org;
        let [first, second] = self.two_companies(town, slot, variant == Variant::Planted);
        let first_amount = self.random.range(550, 900) * 100;
        let second_amount = self.random.range((1050 - first_amount / 100).max(550), 950) * 100;
        let first_day = self.random.date_in(ymd(2019, 6, 1), ymd(2023, 12, 31));
        let gap = self.random.range(7, 50);
        let approver = self.approver_of(town, buyer);
        let awards = [
            (first.clone(), first_amount, first_day),
            (
                second.clone(),
                second_amount,
                first_day + Duration::days(gap),
            ),
        ];
        let mut ids = vec![town.orgs[buyer].id.clone(), first, second];
        for (company, amount, day) in awards {
            let award = Award::direct(company, Some(approver.clone())).worth(amount, day);
            ids.push(self.inject(town, slot, award));
        }
        let note = format!(
            "two direct awards of {first_amount} and {second_amount} yuan from {} {gap} days apart",
            town.orgs[buyer].name
        );
        match variant {
            Variant::Planted => self.truth.alert(
                PatternId::SplitContracts,
                ids,
                format!("{note} to two companies with one legal_rep: one supplier, above 100,000 together"),
            ),
            Variant::NearMiss => self.truth.near_miss(
                NearMissKind::SplitUnrelatedSuppliers,
                ids,
                format!("{note} to two unrelated companies: not one supplier"),
            ),
        }
    }

    /// Plants two companies of one person winning 3 of a buyer's 5 contracts of a category
    /// (2 and 1) in an exclusive slot.
    pub(super) fn plant_group_concentration(&mut self, town: &mut Town) {
        let slot = self.exclusive_slot(town, None);
        let buyer = town.slots[slot].org;
        let [first, second] = self.two_companies(town, slot, true);
        let start = self.random.date_in(ymd(2021, 6, 1), ymd(2022, 6, 30));
        let mut days: Vec<NaiveDate> = (0..5)
            .map(|_| start + Duration::days(self.random.range(0, 800)))
            .collect();
        days.sort();
        let approver = self.approver_of(town, buyer);
        for (i, &awarded_on) in days.iter().enumerate() {
            let supplier = match i {
                0 | 3 => first.clone(),
                1 => second.clone(),
                _ => self.free_pool_supplier(town, slot, None),
            };
            let amount = self.random.range(1000, 1300) * 100;
            let award =
                Award::open_tender(supplier, Some(approver.clone())).worth(amount, awarded_on);
            self.inject(town, slot, award);
        }
        let buyer_id = town.orgs[buyer].id.clone();
        self.truth.alert(
            PatternId::SupplierConcentration,
            vec![buyer_id, first.clone(), second.clone()],
            format!(
                "{first} and {second}, two companies of one legal_rep, won 3 of the 5 {} contracts of {}",
                town.slots[slot].category.as_str(),
                town.orgs[buyer].name
            ),
        );
    }
}
