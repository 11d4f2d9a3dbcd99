//! Kin-payee cases: an org pays a relative of one of its officials (or of the town's
//! leaders) directly, not as a contract's supplier. There is no near miss of this kind;
//! settlements of kin-supplier contracts are kin-payee alerts too.

use super::{Stake, DIRECTOR, MEMBER, SECRETARY, TOWN_TOP};
use crate::domain::PatternId;
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Category, Town};
use crate::gen::world::{ChildHome, Payment};

/// The kin-payee stories (all planted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// A village pays one or two subsidies to its secretary's mother.
    Mother,
    /// A village pays labour fees to a committee member's nephew.
    Nephew,
    /// A village pays a company whose legal rep is the director's sister's husband.
    SistersHusbandsCompany,
    /// The town pays a subsidy to a leader's child, on the child's registry record.
    ChildsRegistryRecord,
}

impl Generator {
    /// Plants one kin-payee story.
    pub(super) fn plant_kin_payee(&mut self, town: &mut Town, story: Story) {
        match story {
            Story::Mother => {
                let village = self.any_village(town);
                let cadre = self.cadre(town, village, SECRETARY, false);
                let mother = town.person_id(town.families[cadre.official].mother);
                let village_id = town.orgs[village].id.clone();
                for _ in 0..self.random.range(1, 2) {
                    let payment = self.kin_payment(&village_id, &mother, (20, 80), "补贴");
                    self.truth.alert(
                        PatternId::KinPayee,
                        vec![cadre.id.clone(), mother.clone(), payment],
                        format!(
                            "{} pays a subsidy to the mother (母亲) of {} {}",
                            town.orgs[village].name, cadre.title, cadre.id
                        ),
                    );
                }
            }
            Story::Nephew => {
                let village = self.any_village(town);
                let cadre = self.cadre(town, village, MEMBER, true);
                let (nephew, via_brother) =
                    self.with_family(town, &cadre, |generator, town, family| {
                        let brother = generator.random.chance(0.5);
                        generator.add_sibling(town, family, brother);
                        let branch = family.siblings.len() - 1;
                        generator.add_sibling_spouse(town, family, branch);
                        let nephew = generator.add_sibling_child(town, family, branch, true, true);
                        (nephew, brother)
                    });
                let nephew_id = town.person_id(nephew);
                let term = if via_brother {
                    "brother's son (侄子)"
                } else {
                    "sister's son (外甥)"
                };
                let village_id = town.orgs[village].id.clone();
                let payment = self.kin_payment(&village_id, &nephew_id, (30, 120), "劳务费");
                self.truth.alert(
                    PatternId::KinPayee,
                    vec![cadre.id.clone(), nephew_id, payment],
                    format!(
                        "{} pays labour fees to the {term} of {} {}",
                        town.orgs[village].name, cadre.title, cadre.id
                    ),
                );
            }
            Story::SistersHusbandsCompany => {
                let village = self.any_village(town);
                let cadre = self.cadre(town, village, DIRECTOR, false);
                let brother_in_law = self.with_family(town, &cadre, |generator, town, family| {
                    generator.add_sibling(town, family, false);
                    let branch = family.siblings.len() - 1;
                    generator.add_sibling_spouse(town, family, branch)
                });
                let brother_in_law_id = town.person_id(brother_in_law);
                let company = self.supplier_company(
                    town,
                    Category::Services,
                    Stake::Owner(&brother_in_law_id),
                );
                let village_id = town.orgs[village].id.clone();
                let payment = self.kin_payment(&village_id, &company, (300, 800), "服务费");
                self.truth.alert(
                    PatternId::KinPayee,
                    vec![cadre.id.clone(), brother_in_law_id, company.clone(), payment],
                    format!(
                        "{} pays {company}, whose legal_rep is the sister's husband (姐夫/妹夫) of {} {}",
                        town.orgs[village].name, cadre.title, cadre.id
                    ),
                );
            }
            Story::ChildsRegistryRecord => {
                let cadre = self.cadre(town, 0, TOWN_TOP, true);
                let (child, male) = self.with_family(town, &cadre, |generator, town, family| {
                    let male = generator.random.chance(0.5);
                    let child = generator.add_child(town, family, male, ChildHome::OwnHousehold);
                    (child, male)
                });
                let child_id = town.person_id(child);
                let same_id_number = town.people[child].id_number_valid;
                let record = self.registry_record(town, child, same_id_number);
                let town_id = town.orgs[0].id.clone();
                let payment = self.kin_payment(&town_id, &record, (50, 200), "补贴");
                let term = if male {
                    "son (儿子)"
                } else {
                    "daughter (女儿)"
                };
                self.truth.alert(
                    PatternId::KinPayee,
                    vec![cadre.id.clone(), child_id, record.clone(), payment],
                    format!(
                        "{} pays registry record {record}, the same person as the {term} of {} {}",
                        town.name, cadre.title, cadre.id
                    ),
                );
            }
        }
    }

    /// A payment of (min, max) `hundreds` of yuan from `payer` to `payee`, 2019 to 2025-03.
    fn kin_payment(
        &mut self,
        payer: &str,
        payee: &str,
        hundreds: (i64, i64),
        purpose: &str,
    ) -> String {
        let paid_on = self.random.date_in(ymd(2019, 1, 1), ymd(2025, 3, 31));
        let amount = self.random.count(hundreds) * 100;
        self.payment(Payment::new(payer, payee, amount, purpose, paid_on))
    }
}
