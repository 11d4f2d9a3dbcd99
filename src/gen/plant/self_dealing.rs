//! Self-dealing cases: an official stands in a company that supplies the official's own
//! village. There is no near miss of this kind: the kin-supplier look-alikes cover it.

use super::{Award, Stake, DIRECTOR, MEMBER};
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{Category, Town};

/// The self-dealing stories (all planted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// The village director holds 30 % of a goods supplier of the village.
    Shareholder,
    /// A committee member is legal rep of a cleaning supplier of the village, on a registry
    /// record of theirs (with the same valid id number, or by name and birth date).
    RegistryRecord,
}

impl Generator {
    /// Plants one self-dealing story: one open tender of the village won by the official's
    /// company.
    pub(super) fn plant_self_dealing(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let village_name = town.orgs[village].name.clone();
        match story {
            Story::Shareholder => {
                let cadre = self.cadre(town, village, DIRECTOR, false);
                let company = self.supplier_company(
                    town,
                    Category::Goods,
                    Stake::MinorityShareholder(&cadre.id, 30),
                );
                let award = Award::open_tender(company.clone(), None);
                let contract = self.award_in_shared_slot(town, village, Category::Goods, award);
                self.truth.alert(
                    PatternId::SelfDealing,
                    vec![cadre.id.clone(), company.clone(), contract],
                    format!(
                        "{} {} of {village_name} holds 30 % of {company}, which supplies {village_name}",
                        cadre.title, cadre.id
                    ),
                );
            }
            Story::RegistryRecord => {
                let cadre = self.cadre(town, village, MEMBER, false);
                let same_id_number = town.people[cadre.person].id_number_valid;
                let record = self.registry_record(town, cadre.person, same_id_number);
                let company =
                    self.supplier_company(town, Category::Cleaning, Stake::Owner(&record));
                let award = Award::open_tender(company.clone(), None);
                let contract = self.award_in_shared_slot(town, village, Category::Cleaning, award);
                let how = if same_id_number {
                    "same id_number"
                } else {
                    "same name and birth date"
                };
                self.truth.alert(
                    PatternId::SelfDealing,
                    vec![cadre.id.clone(), company.clone(), contract],
                    format!("{} {} of {village_name} is legal_rep of {company} (registry record {record}, {how}), which supplies {village_name}", cadre.title, cadre.id),
                );
            }
        }
    }
}
