//! Split-contract cases: two direct awards to one supplier, each under the open-tender
//! threshold but together above it. The planted pair is 7-50 days apart; the near miss is
//! the same pair 120-300 days apart, beyond the pattern's 60 days.

use chrono::Duration;

use super::{Award, Variant};
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Town};
use crate::gen::truth::NearMissKind;

impl Generator {
    /// Plants a split pair (`Planted`) or the same pair too far apart (`NearMiss`), in an
    /// exclusive slot.
    pub(super) fn plant_split_contracts(&mut self, town: &mut Town, variant: Variant) {
        let slot = self.exclusive_slot(town, None);
        let buyer = town.slots[slot].org;
        let supplier = self.free_pool_supplier(town, slot, None);
        // 55,000-90,000 yuan, then enough for a total of 105,000-185,000 yuan.
        let first_amount = self.random.range(550, 900) * 100;
        let second_amount = self.random.range((1050 - first_amount / 100).max(550), 950) * 100;
        let first_day = self.random.date_in(ymd(2019, 6, 1), ymd(2023, 12, 31));
        let gap = match variant {
            Variant::Planted => self.random.range(7, 50),
            Variant::NearMiss => self.random.range(120, 300),
        };
        let second_day = first_day + Duration::days(gap);
        let approver = self.approver_of(town, buyer);
        let first = self.inject(
            town,
            slot,
            Award::direct(supplier.clone(), Some(approver.clone())).worth(first_amount, first_day),
        );
        let second = self.inject(
            town,
            slot,
            Award::direct(supplier.clone(), Some(approver)).worth(second_amount, second_day),
        );
        let ids = vec![town.orgs[buyer].id.clone(), supplier.clone(), first, second];
        let note = format!(
            "{supplier} got two direct awards of {first_amount} and {second_amount} yuan from {} {gap} days apart",
            town.orgs[buyer].name
        );
        match variant {
            Variant::Planted => self.truth.alert(
                PatternId::SplitContracts,
                ids,
                note + ", together above 100,000",
            ),
            Variant::NearMiss => self.truth.near_miss(
                NearMissKind::SplitApart,
                ids,
                note + ": more than 60 days apart",
            ),
        }
    }
}
