//! Supplier-concentration cases: in a slot of its own, one supplier takes 60 % or more of a
//! buyer's contracts of a category (by count or by amount) within the pattern's window. The
//! near miss has the same dominance, but years before the buyer's latest awards.

use chrono::{Duration, NaiveDate};

use super::Award;
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Town};
use crate::gen::truth::NearMissKind;

/// The supplier-concentration stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: the supplier wins 3 of 5 contracts (60 % by count).
    ByCount,
    /// Planted: the supplier wins 2 of 5 contracts but some 75 % of the amount.
    ByAmount,
    /// Near miss: 5 of 8 contracts, all in 2019, more than 3 years before the latest award.
    OutsideWindow,
}

impl Generator {
    /// Plants one supplier-concentration story in an exclusive slot.
    pub(super) fn plant_supplier_concentration(&mut self, town: &mut Town, story: Story) {
        let slot = self.exclusive_slot(town, None);
        let buyer = town.slots[slot].org;
        let dominant = self.free_pool_supplier(town, slot, None);
        let buyer_id = town.orgs[buyer].id.clone();
        if story == Story::OutsideWindow {
            self.dominance_long_ago(town, slot, &dominant);
            self.truth.near_miss(
                NearMissKind::ConcentrationOutsideWindow,
                vec![buyer_id, dominant],
                "5 of 8 contracts, but all in 2019, more than 3 years before the latest award"
                    .into(),
            );
            return;
        }
        let start = self.random.date_in(ymd(2021, 6, 1), ymd(2022, 6, 30));
        let mut days: Vec<NaiveDate> = (0..5)
            .map(|_| start + Duration::days(self.random.range(0, 800)))
            .collect();
        days.sort();
        let approver = self.approver_of(town, buyer);
        let wins: &[usize] = if story == Story::ByCount {
            &[0, 2, 4]
        } else {
            &[1, 3]
        };
        for (i, &awarded_on) in days.iter().enumerate() {
            let (supplier, amount) = if wins.contains(&i) {
                let hundreds = if story == Story::ByCount {
                    self.random.range(1000, 1400)
                } else {
                    self.random.range(4000, 5000)
                };
                (dominant.clone(), hundreds * 100)
            } else {
                let rival = self.free_pool_supplier(town, slot, None);
                (rival, self.random.range(1000, 1300) * 100)
            };
            let award =
                Award::open_tender(supplier, Some(approver.clone())).worth(amount, awarded_on);
            self.inject(town, slot, award);
        }
        let category = town.slots[slot].category.as_str();
        let how = if story == Story::ByCount {
            "3 of 5 contracts (60 % by count)"
        } else {
            "2 of 5 contracts but over 60 % of the amount"
        };
        self.truth.alert(
            PatternId::SupplierConcentration,
            vec![buyer_id, dominant.clone()],
            format!(
                "{dominant} won {how} in category {category} of {}",
                town.orgs[buyer].name
            ),
        );
    }

    /// Five wins of `dominant` in early 2019, then three contracts of others in 2023-2024.
    fn dominance_long_ago(&mut self, town: &mut Town, slot: usize, dominant: &str) {
        let buyer = town.slots[slot].org;
        let approver = self.approver_of(town, buyer);
        let mut awarded_on = ymd(2019, 1, 10) + Duration::days(self.random.range(0, 30));
        for _ in 0..5 {
            let amount = self.random.range(1000, 1300) * 100;
            let award = Award::open_tender(dominant.to_string(), Some(approver.clone()))
                .worth(amount, awarded_on);
            self.inject(town, slot, award);
            awarded_on += Duration::days(self.random.range(45, 60));
        }
        for _ in 0..3 {
            let rival = self.free_pool_supplier(town, slot, None);
            let awarded_on = self.random.date_in(ymd(2023, 6, 1), ymd(2024, 12, 31));
            let amount = self.random.range(1000, 1300) * 100;
            let award = Award::open_tender(rival, Some(approver.clone())).worth(amount, awarded_on);
            self.inject(town, slot, award);
        }
    }
}
