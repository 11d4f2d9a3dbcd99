//! Late-deposit cases: a village cadre collects a cleaning fee and the money reaches the
//! books long after (or never). The near miss is booked exactly on the pattern's limit.

use chrono::Duration;

use super::BOOKKEEPER;
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Category, Town};
use crate::gen::table::date_text;
use crate::gen::truth::NearMissKind;
use crate::gen::world::Payment;

/// The late-deposit stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: a 20,000 yuan fee booked 45-75 days after collection.
    BookedLate,
    /// Planted: a fee collected in 2021 and never booked.
    NeverBooked,
    /// Near miss: an 8,000 yuan fee booked exactly 30 days after collection.
    BookedAfter30Days,
}

impl Generator {
    /// Plants one late-deposit story: one fee paid to a village, handled by its bookkeeper.
    pub(super) fn plant_late_deposit(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, BOOKKEEPER, false);
        let payer = self.fee_payer(town, village);
        let village_id = town.orgs[village].id.clone();
        let (paid_on, amount, recorded_on, note) = match story {
            Story::BookedLate => {
                let paid_on = self.random.date_in(ymd(2020, 1, 1), ymd(2024, 10, 31));
                let delay = self.random.range(45, 75);
                let note = format!(
                    "{} {} collected a 20,000 yuan cleaning fee on {}; it was booked {delay} days later",
                    cadre.title, cadre.id, date_text(paid_on)
                );
                (paid_on, 20_000, Some(paid_on + Duration::days(delay)), note)
            }
            Story::NeverBooked => {
                let paid_on = self.random.date_in(ymd(2021, 1, 1), ymd(2021, 12, 31));
                let amount = self.random.range(50, 300) * 100;
                let note = format!(
                    "{} {} collected {amount} yuan on {}; never booked",
                    cadre.title,
                    cadre.id,
                    date_text(paid_on)
                );
                (paid_on, amount, None, note)
            }
            Story::BookedAfter30Days => {
                let paid_on = self.random.date_in(ymd(2020, 1, 1), ymd(2024, 10, 31));
                let note = "booked exactly 30 days after collection: not more than 30".to_string();
                (paid_on, 8_000, Some(paid_on + Duration::days(30)), note)
            }
        };
        let payment = self.payment(
            Payment::new(&payer, &village_id, amount, "保洁费", paid_on)
                .collected_by(&cadre.id, recorded_on),
        );
        let subjects = vec![cadre.id.clone(), payment];
        if story == Story::BookedAfter30Days {
            self.truth
                .near_miss(NearMissKind::BookedAfter30Days, subjects, note);
        } else {
            self.truth.alert(PatternId::LateDeposit, subjects, note);
        }
    }

    /// Who pays a fee to `village`: its own collective enterprise half the time if it has
    /// one, else a cleaning company of the pool.
    fn fee_payer(&mut self, town: &Town, village: usize) -> String {
        let own = town
            .collectives
            .iter()
            .find(|collective| collective.village == village);
        if let Some(own) = own {
            if self.random.chance(0.5) {
                return town.companies[own.company].id.clone();
            }
        }
        let pool = &town.pools[Category::Cleaning.index()];
        town.companies[*self.random.pick(pool)].id.clone()
    }
}
