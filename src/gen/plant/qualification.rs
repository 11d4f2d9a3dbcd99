//! Qualification-anomaly cases: a construction tender demands grade 2 where comparable
//! tenders (same category, amount within a factor 2) demand grade 3. The near miss is a
//! group of grade-2 tenders whose only comparable tenders are each other.

use super::{Award, Variant};
use crate::domain::{PatternId, Qualification};
use crate::gen::generator::Generator;
use crate::gen::model::{Category, Town};
use crate::gen::truth::NearMissKind;

impl Generator {
    /// Plants a qualification anomaly (`Planted`) or a peer group demanding the same grade
    /// (`NearMiss`).
    pub(super) fn plant_qualification_anomaly(&mut self, town: &mut Town, variant: Variant) {
        match variant {
            Variant::Planted => self.strict_tender(town),
            Variant::NearMiss => self.strict_peers(town),
        }
    }

    /// The seed's fourth case: a public-toilet tender of a village demanding grade 2, at
    /// 1.6 times the slot's base amount, among the slot's grade-3 tenders.
    fn strict_tender(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let slot = Town::slot_index(village, Category::Construction);
        let amount = (town.slots[slot].base_amount as f64 * 1.6 / 100.0) as i64 * 100;
        let supplier = self.free_pool_supplier(town, slot, Some(Qualification::Grade2));
        let award = Award {
            required_qualification: Some(Qualification::Grade2),
            amount: Some(amount),
            ..Award::open_tender(supplier, None)
        };
        let contract = self.inject(town, slot, award);
        let village_id = town.orgs[village].id.clone();
        let village_name = town.orgs[village].name.clone();
        if let Some(injected) = town.slots[slot].injected.last_mut() {
            injected.title = format!("{village_name}公厕改造工程");
        }
        self.truth.planted_qualification_anomaly(&contract);
        self.truth.alert(
            PatternId::QualificationAnomaly,
            vec![contract, village_id],
            format!("{village_name} demanded a grade-2 construction qualification for a {amount} yuan job; comparable tenders demand grade 3"),
        );
    }

    /// Four grade-2 tenders of 8-12 million yuan in the town's own construction slot (taken
    /// whole): far above every background tender, so they are each other's only peers.
    /// Skipped if a case already uses the slot.
    fn strict_peers(&mut self, town: &mut Town) {
        let slot = Town::slot_index(0, Category::Construction);
        if town.slots[slot].exclusive || !town.slots[slot].injected.is_empty() {
            return;
        }
        town.slots[slot].exclusive = true;
        town.slots[slot].background_contracts = 0;
        let approver = self.approver_of(town, 0);
        let mut contracts = Vec::new();
        for _ in 0..4 {
            let supplier = self.free_pool_supplier(town, slot, Some(Qualification::Grade2));
            let amount = self.random.range(80, 120) * 100_000;
            let award = Award {
                required_qualification: Some(Qualification::Grade2),
                amount: Some(amount),
                ..Award::open_tender(supplier, Some(approver.clone()))
            };
            contracts.push(self.inject(town, slot, award));
        }
        self.truth.near_miss(
            NearMissKind::PeersSameGrade,
            contracts,
            format!(
                "{} demands grade 2 on large works, as do all comparable tenders",
                town.name
            ),
        );
    }
}
