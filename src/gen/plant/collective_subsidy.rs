//! Collective-subsidy cases: a village's collective enterprise pays officials of the
//! village or of the town above it. The near misses have the collective pay people it may
//! pay: a resident without a post, or an official of a sibling village.

use super::Cadre;
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Town};
use crate::gen::truth::NearMissKind;
use crate::gen::world::Payment;

/// The collective-subsidy stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted (the seed's third case): up to three cadres of the village drew subsidies
    /// from its collective, 2013-2017; one alert each.
    VillageCadres,
    /// Planted: an official of the town is paid by the collective.
    TownOfficial,
    /// Near miss: the collective pays a resident who holds no post.
    PaysResident,
    /// Near miss: the collective pays an official of a sibling village.
    PaysOtherVillageOfficial,
}

impl Generator {
    /// Plants one collective-subsidy story around the collective of a village (made if the
    /// village has none).
    pub(super) fn plant_collective_subsidy(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        // The next village in turn; only a town of one village has none.
        let sibling_village = 1 + (village % (town.orgs.len() - 1));
        if story == Story::PaysOtherVillageOfficial && sibling_village == village {
            return;
        }
        let collective = self.collective_of(town, village);
        let village_id = town.orgs[village].id.clone();
        let village_name = town.orgs[village].name.clone();
        match story {
            Story::VillageCadres => {
                let mut paid: Vec<usize> = Vec::new();
                let mut tries = 0;
                while paid.len() < 3 && tries < 50 {
                    tries += 1;
                    let cadre = self.cadre(town, village, &[], false);
                    if paid.contains(&cadre.official) {
                        continue;
                    }
                    paid.push(cadre.official);
                    let count = self.random.range(3, 5);
                    let total =
                        self.subsidies(&collective, &cadre, count, (100, 250), (2013, 2017));
                    self.truth.alert(
                        PatternId::CollectiveSubsidy,
                        vec![cadre.id.clone(), collective.clone(), village_id.clone()],
                        format!("{} {} of {village_name} drew {total} yuan of subsidies from its collective enterprise {collective}, 2013-2017", cadre.title, cadre.id),
                    );
                }
            }
            Story::TownOfficial => {
                let cadre = self.cadre(town, 0, &[], false);
                let count = self.random.range(2, 3);
                self.subsidies(&collective, &cadre, count, (50, 150), (2016, 2020));
                self.truth.alert(
                    PatternId::CollectiveSubsidy,
                    vec![cadre.id.clone(), collective.clone(), village_id],
                    format!("{} {} of the town above {village_name} is paid by {village_name}'s collective enterprise {collective}", cadre.title, cadre.id),
                );
            }
            Story::PaysResident => {
                let resident = self.resident(town, Some(village));
                let resident_id = town.person_id(resident);
                let payment = self.single_subsidy(&collective, &resident_id, 3_000);
                self.truth.near_miss(
                    NearMissKind::CollectivePaysResident,
                    vec![collective, resident_id, payment],
                    "a collective enterprise pays a resident who holds no post".into(),
                );
            }
            Story::PaysOtherVillageOfficial => {
                let cadre = self.cadre(town, sibling_village, &[], false);
                let payment = self.single_subsidy(&collective, &cadre.id, 5_000);
                self.truth.near_miss(
                    NearMissKind::CollectivePaysOtherVillageOfficial,
                    vec![cadre.id, collective, village_id, payment],
                    "the collective of one village pays an official of a sibling village, not of its owner nor above it".into(),
                );
            }
        }
    }

    /// The village's collective enterprise, made if it has none.
    fn collective_of(&mut self, town: &mut Town, village: usize) -> String {
        let existing = town
            .collectives
            .iter()
            .find(|collective| collective.village == village)
            .map(|collective| collective.company);
        let company = match existing {
            Some(company) => company,
            None => self.collective(town, village),
        };
        town.companies[company].id.clone()
    }

    /// `count` subsidies of the collective to `cadre`, each of (min, max) `hundreds` of
    /// yuan, paid in the (first, last) `years`. Returns the total.
    fn subsidies(
        &mut self,
        collective: &str,
        cadre: &Cadre,
        count: i64,
        hundreds: (i64, i64),
        years: (i32, i32),
    ) -> i64 {
        let mut total = 0;
        for _ in 0..count {
            let amount = self.random.count(hundreds) * 100;
            total += amount;
            let paid_on = self
                .random
                .date_in(ymd(years.0, 1, 1), ymd(years.1, 12, 31));
            self.payment(Payment::new(collective, &cadre.id, amount, "补贴", paid_on));
        }
        total
    }

    /// One subsidy of `amount` yuan from the collective to `payee`, 2014-2024.
    fn single_subsidy(&mut self, collective: &str, payee: &str, amount: i64) -> String {
        let paid_on = self.random.date_in(ymd(2014, 1, 1), ymd(2024, 12, 31));
        self.payment(Payment::new(collective, payee, amount, "补贴", paid_on))
    }
}
