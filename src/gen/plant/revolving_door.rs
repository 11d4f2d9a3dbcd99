//! Revolving-door cases (issue 12): a cadre whose post at a village ended becomes legal
//! rep and owner of a company, which wins an open tender of that village. Planted: the
//! award comes 300-700 days after the post ended, inside the 3-year cooling-off period.
//! A second planted case holds the role on a company-registry record of the same human (same
//! id number), so the alert names both records. Near miss: the award comes four years
//! after, outside the period.

use chrono::Duration;

use super::Award;
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Category, Town};
use crate::gen::truth::NearMissKind;

/// The revolving-door stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: inside the period, the role on the post's record.
    Inside,
    /// Planted: inside the period, the role on a registry record of the same human.
    InsideOnRegistryRecord,
    /// Near miss: four years after the post ended.
    Outside,
}

impl Generator {
    /// Plants a former cadre's company winning inside or after the cooling-off period.
    pub(super) fn plant_revolving_door(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let (from, to) = match story {
            Story::Outside => (ymd(2014, 1, 1), ymd(2017, 6, 30)),
            _ => (ymd(2018, 6, 1), ymd(2021, 6, 30)),
        };
        let ended = self.random.date_in(from, to);
        let start = self.random.date_in(ymd(2003, 1, 1), ymd(2008, 12, 31));
        let cadre = self.cadre_with_tenure(town, village, start, Some(ended));
        let company = self.fresh_company(town, Category::Services);
        let role_start = ended + Duration::days(self.random.range(30, 200));
        let share = Some(100);
        let holder = if story == Story::InsideOnRegistryRecord {
            self.registry_record(town, cadre.person, true)
        } else {
            cadre.id.clone()
        };
        self.role_during(
            &company,
            &holder,
            CompanyRole::LegalRep,
            None,
            role_start,
            None,
        );
        self.role_during(
            &company,
            &holder,
            CompanyRole::Shareholder,
            share,
            role_start,
            None,
        );
        let awarded_on = match story {
            // Four years and more after the post ended (three years are at most 1,096 days).
            Story::Outside => ended + Duration::days(self.random.range(1462, 1660)),
            _ => role_start + Duration::days(self.random.range(100, 400)),
        };
        let award = Award {
            awarded_on: Some(awarded_on),
            ..Award::open_tender(company.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, village, Category::Services, award);
        let note = format!(
            "{} {} left {} on {ended}; {company}, whose legal_rep he became, won {contract} on {awarded_on}",
            cadre.title, cadre.id, town.orgs[village].name
        );
        match story {
            Story::Inside | Story::InsideOnRegistryRecord => self.truth.alert(
                PatternId::RevolvingDoor,
                vec![cadre.id, holder, company],
                note + ", within 3 years",
            ),
            Story::Outside => self.truth.near_miss(
                NearMissKind::RevolvingDoorAfterCoolingOff,
                vec![cadre.id, company, contract],
                note + ": more than 3 years later",
            ),
        }
    }
}
