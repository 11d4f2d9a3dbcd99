//! Shared-contact cases: a supplier of a village is registered with the phone of one of its
//! officials, or at the home of an official's son (the same address once spaces and
//! punctuation are removed). There is no near miss of this kind: the background's phones
//! are unique and its company addresses never look like homes.

use super::{Award, DIRECTOR, SECRETARY};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{Category, Town};
use crate::gen::world::{ChildHome, CompanySpec};

/// The shared-contact stories (all planted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// A goods supplier has the director's phone.
    Phone,
    /// A services supplier is registered at the secretary's son's home, written with a
    /// space and a full-width comma.
    Address,
}

/// Inserts a space after the county and a full-width comma after the town: the same address
/// once white space and punctuation are removed.
fn punctuated(address: &str, county: &str, town: &str) -> String {
    let rest = &address[county.len() + town.len()..];
    format!("{county} {town}，{rest}")
}

impl Generator {
    /// Plants one shared-contact story: the supplier wins one open tender of the village.
    pub(super) fn plant_shared_contact(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let village_name = town.orgs[village].name.clone();
        match story {
            Story::Phone => {
                let cadre = self.cadre(town, village, DIRECTOR, false);
                let phone = town.people[cadre.person]
                    .phone
                    .clone()
                    .expect("officials have phones");
                let name = self.company_name(town, Category::Goods);
                let spec = CompanySpec {
                    phone: Some(phone),
                    ..CompanySpec::new(name, Some(Category::Goods))
                };
                let company = self.contact_supplier(town, village, Category::Goods, spec);
                self.truth.alert(
                    PatternId::SharedContact,
                    vec![company.clone(), cadre.id.clone()],
                    format!(
                        "{company}, a supplier of {village_name}, has the phone of {} {}",
                        cadre.title, cadre.id
                    ),
                );
            }
            Story::Address => {
                let cadre = self.cadre(town, village, SECRETARY, true);
                // Everyone of the family living there shares the address with the company.
                let (home, residents) =
                    self.with_family(town, &cadre, |generator, town, family| {
                        let son = generator.add_child(town, family, true, ChildHome::OwnHousehold);
                        let home = town.people[son].address.clone();
                        let residents: Vec<String> = family
                            .members
                            .iter()
                            .filter(|&&member| town.people[member].address == home)
                            .map(|&member| town.person_id(member))
                            .collect();
                        (home, residents)
                    });
                let address = punctuated(&home, self.county.name, &town.name);
                let name = self.company_name(town, Category::Services);
                let spec = CompanySpec {
                    address: Some(address),
                    ..CompanySpec::new(name, Some(Category::Services))
                };
                let company = self.contact_supplier(town, village, Category::Services, spec);
                let mut subjects = vec![company.clone(), cadre.id.clone()];
                subjects.extend(residents);
                self.truth.alert(
                    PatternId::SharedContact,
                    subjects,
                    format!("{company}, a supplier of {village_name}, is registered at the home of the son (儿子) of {} {} (same address up to spaces and punctuation)", cadre.title, cadre.id),
                );
            }
        }
    }

    /// Writes the company of `spec` with a resident as legal rep, and has it win one open
    /// tender of `village` in `category`. Returns the company id.
    fn contact_supplier(
        &mut self,
        town: &mut Town,
        village: usize,
        category: Category,
        spec: CompanySpec,
    ) -> String {
        let company = self.company(town, spec);
        let company = town.companies[company].id.clone();
        let legal_rep = self.any_resident_id(town);
        self.role(&company, &legal_rep, CompanyRole::LegalRep, None);
        let award = Award::open_tender(company.clone(), None);
        self.award_in_shared_slot(town, village, category, award);
        company
    }
}
