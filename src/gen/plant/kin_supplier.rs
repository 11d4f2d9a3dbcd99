//! Kin-supplier cases: a relative of an official stands in a company that supplies the
//! official's org (or one the official approved for). Planted stories use the relations
//! the recusal rules name, some held on a registry record of the relative; each is an alert,
//! and where the buyer pays the company, each settlement is a kin-payee alert too. The near
//! misses build the same supplier and tender around someone who only looks related.

use chrono::{Datelike, Duration};

use super::{Award, Cadre, Stake, DIRECTOR, MEMBER, SECRETARY, TOWN_DEPUTY, TOWN_TOP};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Category, Family, IdNumberPlan, KinPayeeNote, PersonSpec, Town};
use crate::gen::truth::NearMissKind;
use crate::gen::world::ChildHome;

/// The kin-supplier stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted (the seed's second case): the party secretary's niece (外甥女) is legal rep of
    /// the advertising company that wins 3 of the village's 4 advertising contracts; also a
    /// supplier-concentration alert and a tip. Needs an exclusive slot.
    NieceMonopoly,
    /// Planted: the spouse's brother is a shareholder, on a registry record with the same
    /// id number.
    SpouseBrotherShareholder,
    /// Planted: a child's father-in-law (亲家) is a director, on a registry record without
    /// id number.
    InLawDirector,
    /// Planted: the brother himself is the supplier (a direct award).
    BrotherSupplies,
    /// Planted: a town official approves a village contract won by a company his cousin
    /// manages.
    CousinManager,
    /// Planted: the town head's son is legal rep of a town supplier.
    SonLegalRep,
    /// Near miss: the supplier's legal rep only shares the secretary's surname.
    SharedSurname,
    /// Near miss: the legal rep is a first cousin's child, outside the recusal scope.
    CousinChild,
    /// Near miss: the legal rep has the name of the official's spouse, another birth date.
    SameNameOtherBirthDate,
    /// Near miss: the legal rep carries the sibling's id number, but its check character
    /// fails and the names differ.
    InvalidIdNumberShared,
    /// Near miss: the nephew or niece is only an employee of the supplier.
    RelativeIsEmployee,
}

/// A relative of a case's official and how the ground truth names the tie.
struct Tie<'a> {
    cadre: &'a Cadre,
    /// The relative's records (the person, and the registry record holding the role).
    records: Vec<String>,
    /// What the relative is to the official, e.g. "son (儿子)".
    term: &'a str,
    /// The relative's role in the supplier.
    role: CompanyRole,
    /// Added to the notes, e.g. which record holds the role.
    detail: String,
}

impl Tie<'_> {
    /// The official, the relative's records and the company.
    fn subjects(&self, company: &str) -> Vec<String> {
        let mut subjects = vec![self.cadre.id.clone()];
        subjects.extend(self.records.iter().cloned());
        subjects.push(company.to_string());
        subjects
    }

    /// The kin-payee alert of each payment of `buyer_name` to `company`.
    fn kin_payee(&self, buyer_name: &str, company: &str) -> KinPayeeNote {
        KinPayeeNote {
            subjects: self.subjects(company),
            note: format!(
                "{buyer_name} pays {company}, where the {} of {} {} is {}{}",
                self.term,
                self.cadre.title,
                self.cadre.id,
                self.role.as_str(),
                self.detail
            ),
        }
    }

    /// The kin-supplier alert's note.
    fn note(&self, company: &str) -> String {
        format!(
            "{} of {company} is the {} of {} {}{}",
            self.role.as_str(),
            self.term,
            self.cadre.title,
            self.cadre.id,
            self.detail
        )
    }
}

impl Generator {
    /// Plants one kin-supplier story.
    pub(super) fn plant_kin_supplier(&mut self, town: &mut Town, story: Story) {
        match story {
            Story::NieceMonopoly => self.niece_monopoly(town),
            Story::SpouseBrotherShareholder => self.spouse_brother_shareholder(town),
            Story::InLawDirector => self.in_law_director(town),
            Story::BrotherSupplies => self.brother_supplies(town),
            Story::CousinManager => self.cousin_manager(town),
            Story::SonLegalRep => self.son_legal_rep(town),
            Story::SharedSurname => self.shared_surname(town),
            Story::CousinChild => self.cousin_child(town),
            Story::SameNameOtherBirthDate => self.same_name_other_birth_date(town),
            Story::InvalidIdNumberShared => self.invalid_id_number_shared(town),
            Story::RelativeIsEmployee => self.relative_is_employee(town),
        }
    }

    /// The relative's company wins one open tender of `buyer` in `category`, approved by a
    /// senior official of the buyer: a kin-supplier alert, and a kin-payee alert per
    /// settlement.
    fn relative_wins_tender(
        &mut self,
        town: &mut Town,
        buyer: usize,
        category: Category,
        tie: &Tie<'_>,
        company: String,
    ) {
        let kin_payee = tie.kin_payee(&town.orgs[buyer].name, &company);
        let award = Award {
            kin_payee: Some(kin_payee),
            ..Award::open_tender(company.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, buyer, category, award);
        let mut subjects = tie.subjects(&company);
        subjects.push(contract);
        self.truth
            .alert(PatternId::KinSupplier, subjects, tie.note(&company));
    }

    /// A look-alike's company wins one open tender of `buyer` in `category`; `approver` as
    /// in [`Award`]. Returns (company, contract) for the near miss.
    fn look_alike_wins_tender(
        &mut self,
        town: &mut Town,
        buyer: usize,
        category: Category,
        stake: Stake<'_>,
        approver: Option<String>,
    ) -> (String, String) {
        let company = self.supplier_company(town, category, stake);
        let award = Award::open_tender(company.clone(), approver);
        let contract = self.award_in_shared_slot(town, buyer, category, award);
        (company, contract)
    }

    fn niece_monopoly(&mut self, town: &mut Town) {
        let slot = self.exclusive_slot(town, Some(Category::Advertising));
        let village = town.slots[slot].org;
        let cadre = self.cadre(town, village, SECRETARY, true);
        let niece = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_sibling(town, family, false);
            let branch = family.siblings.len() - 1;
            generator.add_sibling_spouse(town, family, branch);
            generator.add_sibling_child(town, family, branch, false, true)
        });
        let niece_id = town.person_id(niece);
        let company = self.supplier_company(
            town,
            Category::Advertising,
            Stake::MajorityOwner(&niece_id, 70),
        );
        let village_name = town.orgs[village].name.clone();
        let tie = Tie {
            cadre: &cadre,
            records: vec![niece_id.clone()],
            term: "sister's daughter (外甥女)",
            role: CompanyRole::LegalRep,
            detail: String::new(),
        };
        // Three contracts some six months apart...
        let mut day = self.random.date_in(ymd(2022, 1, 1), ymd(2022, 6, 30));
        let mut dates = Vec::new();
        for _ in 0..3 {
            dates.push(day);
            day += Duration::days(self.random.range(150, 230));
        }
        for &awarded_on in &dates {
            let amount = self.random.range(1500, 2000) * 100;
            let award = Award {
                kin_payee: Some(tie.kin_payee(&village_name, &company)),
                ..Award::open_tender(company.clone(), Some(cadre.id.clone()))
                    .worth(amount, awarded_on)
            };
            let contract = self.inject(town, slot, award);
            let mut subjects = tie.subjects(&company);
            subjects.push(contract);
            self.truth
                .alert(PatternId::KinSupplier, subjects, tie.note(&company));
        }
        // ...and one to a rival, so that the company holds 3 of 4.
        let rival = self.free_pool_supplier(town, slot, None);
        let awarded_on = dates[0] + Duration::days(self.random.range(30, 200));
        let amount = self.random.range(1300, 1600) * 100;
        let award = Award::open_tender(rival, Some(cadre.id.clone())).worth(amount, awarded_on);
        self.inject(town, slot, award);
        let village_id = town.orgs[village].id.clone();
        self.truth.alert(
            PatternId::SupplierConcentration,
            vec![village_id.clone(), company.clone()],
            format!("{company} won 3 of the 4 advertising contracts of {village_name}"),
        );
        let received_on = dates[2] + Duration::days(self.random.range(20, 90));
        let text = format!(
            "群众反映{village_name}的广告宣传业务长期由同一家广告公司承接，疑似与村干部存在亲属关系"
        );
        self.tip(received_on, &text, &[company, village_id]);
    }

    fn spouse_brother_shareholder(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, SECRETARY, false);
        let brother = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_spouse_sibling(town, family, true, IdNumberPlan::Valid)
        });
        let brother_id = town.person_id(brother);
        let record = self.registry_record(town, brother, true);
        let company = self.supplier_company(
            town,
            Category::Goods,
            Stake::MinorityShareholder(&record, 40),
        );
        let term = if town.people[cadre.person].male {
            "wife's brother (内兄/内弟)"
        } else {
            "husband's brother (大伯/小叔)"
        };
        let tie = Tie {
            cadre: &cadre,
            records: vec![brother_id, record.clone()],
            term,
            role: CompanyRole::Shareholder,
            detail: format!(" (role held on registry record {record}, same id_number)"),
        };
        self.relative_wins_tender(town, village, Category::Goods, &tie, company);
    }

    fn in_law_director(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, DIRECTOR, true);
        let father_in_law = self.with_family(town, &cadre, |generator, town, family| {
            let male = generator.random.chance(0.5);
            generator.add_child(town, family, male, ChildHome::OwnHousehold);
            generator.add_child_spouse_parents(town, family)
        });
        let father_in_law_id = town.person_id(father_in_law);
        let record = self.registry_record(town, father_in_law, false);
        let company = self.supplier_company(
            town,
            Category::Services,
            Stake::Role(&record, CompanyRole::Director),
        );
        let tie = Tie {
            cadre: &cadre,
            records: vec![father_in_law_id, record.clone()],
            term: "child's father-in-law (亲家公)",
            role: CompanyRole::Director,
            detail: format!(
                " (role held on registry record {record}: no id_number, same name and birth date)"
            ),
        };
        self.relative_wins_tender(town, village, Category::Services, &tie, company);
    }

    /// The parents of the spouse of the official's last child, in a home of their own; the
    /// father with a valid id number. Returns the father.
    fn add_child_spouse_parents(&mut self, town: &mut Town, family: &mut Family) -> usize {
        let child_spouse = family
            .children
            .last()
            .and_then(|branch| branch.spouse)
            .expect("married child");
        let spouse_year = town.people[child_spouse].birth.year();
        let address = self.home(town, family.village);
        let surname = town.people[child_spouse].surname.clone();
        let father_year = spouse_year - self.random.range(24, 32) as i32;
        let mut spec = PersonSpec::new(true, father_year, address.clone()).surname(&surname);
        spec.id_number = IdNumberPlan::Valid;
        let father = self.person(town, spec);
        let mother_year = spouse_year - self.random.range(22, 30) as i32;
        let mother = self.person(town, PersonSpec::new(false, mother_year, address));
        self.link_spouses(town, father, mother);
        self.link_parent(town, child_spouse, father);
        self.link_parent(town, child_spouse, mother);
        family.members.extend([father, mother]);
        father
    }

    fn brother_supplies(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, MEMBER, false);
        let brother = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_sibling(town, family, true)
        });
        let brother_id = town.person_id(brother);
        let kin_payee = KinPayeeNote {
            subjects: vec![cadre.id.clone(), brother_id.clone()],
            note: format!(
                "{} pays the brother (兄弟) of {} {}",
                town.orgs[village].name, cadre.title, cadre.id
            ),
        };
        let award = Award {
            kin_payee: Some(kin_payee),
            ..Award::direct(brother_id.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, village, Category::Cleaning, award);
        self.truth.alert(
            PatternId::KinSupplier,
            vec![cadre.id.clone(), brother_id, contract],
            format!(
                "the supplier is the brother (兄弟) of {} {}",
                cadre.title, cadre.id
            ),
        );
    }

    fn cousin_manager(&mut self, town: &mut Town) {
        let cadre = self.cadre(town, 0, TOWN_DEPUTY, false);
        let (_, cousin) = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_uncle_and_cousin(town, family, false)
        });
        let cousin_id = town.person_id(cousin);
        let term = if town.people[cousin].male {
            "cousin, father's brother's son (堂兄弟)"
        } else {
            "cousin, father's brother's daughter (堂姐妹)"
        };
        let company = self.supplier_company(
            town,
            Category::Construction,
            Stake::Role(&cousin_id, CompanyRole::Manager),
        );
        // The buyer is any village: the official approves from the town, which has
        // authority over the village, so its settlements are kin-payee findings too.
        let village = self.any_village(town);
        let kin_payee = KinPayeeNote {
            subjects: vec![cadre.id.clone(), cousin_id.clone(), company.clone()],
            note: format!(
                "{} pays {company}, managed by the {term} of {} {} of the town above",
                town.orgs[village].name, cadre.title, cadre.id
            ),
        };
        let award = Award {
            kin_payee: Some(kin_payee),
            ..Award::open_tender(company.clone(), Some(cadre.id.clone()))
        };
        let contract = self.award_in_shared_slot(town, village, Category::Construction, award);
        self.truth.alert(
            PatternId::KinSupplier,
            vec![
                cadre.id.clone(),
                cousin_id,
                company.clone(),
                contract.clone(),
            ],
            format!(
                "{} {} approved {contract}, won by {company} whose manager is his {term}",
                cadre.title, cadre.id
            ),
        );
    }

    fn son_legal_rep(&mut self, town: &mut Town) {
        let cadre = self.cadre(town, 0, TOWN_TOP, true);
        let son = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_child(town, family, true, ChildHome::OwnHousehold)
        });
        let son_id = town.person_id(son);
        let company = self.supplier_company(town, Category::Services, Stake::Owner(&son_id));
        let tie = Tie {
            cadre: &cadre,
            records: vec![son_id],
            term: "son (儿子)",
            role: CompanyRole::LegalRep,
            detail: String::new(),
        };
        self.relative_wins_tender(town, 0, Category::Services, &tie, company);
    }

    fn shared_surname(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, SECRETARY, false);
        let surname = town.people[cadre.person].surname.clone();
        let address = self.home(town, village);
        let year = self.random.range(1965, 1990) as i32;
        let stranger = self.person(town, PersonSpec::new(true, year, address).surname(&surname));
        let stranger_id = town.person_id(stranger);
        let (company, contract) = self.look_alike_wins_tender(
            town,
            village,
            Category::Goods,
            Stake::Owner(&stranger_id),
            None,
        );
        self.truth.near_miss(
            NearMissKind::SharedSurname,
            vec![cadre.id, stranger_id, company, contract],
            format!(
                "the supplier's legal_rep shares the surname {surname} with the secretary; no tie"
            ),
        );
    }

    fn cousin_child(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, SECRETARY, true);
        let (cousin, cousin_child) = self.with_family(town, &cadre, |generator, town, family| {
            let (_, cousin) = generator.add_uncle_and_cousin(town, family, true);
            let child = generator.add_cousin_child(town, family, cousin);
            (cousin, child)
        });
        let (cousin_id, cousin_child_id) = (town.person_id(cousin), town.person_id(cousin_child));
        // The official approves it himself: the tie would matter if it were close enough.
        let (company, contract) = self.look_alike_wins_tender(
            town,
            village,
            Category::Cleaning,
            Stake::Owner(&cousin_child_id),
            Some(cadre.id.clone()),
        );
        self.truth.near_miss(
            NearMissKind::CousinChild,
            vec![cadre.id, cousin_id, cousin_child_id, company, contract],
            "the supplier's legal_rep is a first cousin's child: outside the recusal scope".into(),
        );
    }

    /// An adult child of `cousin`, in a home of their own; the surname is the cousin's if
    /// the cousin is the father.
    fn add_cousin_child(&mut self, town: &mut Town, family: &mut Family, cousin: usize) -> usize {
        let cousin_year = town.people[cousin].birth.year();
        let address = self.home(town, family.village);
        let oldest_gap = (2000 - cousin_year).clamp(22, 30);
        let year = cousin_year + self.random.range(22, oldest_gap as i64) as i32;
        let cousin_is_father = town.people[cousin].male;
        let surname = town.people[cousin].surname.clone();
        let male = self.random.chance(0.5);
        let mut spec = PersonSpec::new(male, year, address);
        if cousin_is_father {
            spec = spec.surname(&surname);
        }
        let child = self.person(town, spec);
        self.link_parent(town, child, cousin);
        family.members.push(child);
        child
    }

    fn same_name_other_birth_date(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, DIRECTOR, false);
        let spouse = town.families[cadre.official].spouse;
        let (name, male, birth) = {
            let person = &town.people[spouse];
            (person.name.clone(), person.male, person.birth)
        };
        let shift = Duration::days(self.random.range(3 * 365, 10 * 365));
        let other_birth = if birth.year() > 1985 {
            birth - shift
        } else {
            birth + shift
        };
        let home_village = self.any_village(town);
        let address = self.home(town, home_village);
        let mut spec = PersonSpec::new(male, other_birth.year(), address);
        spec.full_name = Some(name.clone());
        spec.birth_date = Some(other_birth);
        spec.id_number = IdNumberPlan::Valid;
        let namesake = self.person(town, spec);
        let namesake_id = town.person_id(namesake);
        let (company, contract) = self.look_alike_wins_tender(
            town,
            village,
            Category::Services,
            Stake::Owner(&namesake_id),
            None,
        );
        let spouse_id = town.person_id(spouse);
        self.truth.near_miss(
            NearMissKind::SameNameOtherBirthDate,
            vec![cadre.id, spouse_id, namesake_id, company, contract],
            format!("the supplier's legal_rep is named {name} like the official's spouse but born on another date"),
        );
    }

    fn invalid_id_number_shared(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, MEMBER, false);
        let sibling = self.with_family(town, &cadre, |generator, town, family| {
            let male = generator.random.chance(0.5);
            generator.add_sibling_with_id(town, family, male, IdNumberPlan::WrongCheck)
        });
        let (id_number, surname, birth, male) = {
            let person = &town.people[sibling];
            (
                person.id_number.clone().unwrap_or_default(),
                person.surname.clone(),
                person.birth,
                person.male,
            )
        };
        // Same surname, birth date and (invalid) id number, another given name.
        let home_village = self.any_village(town);
        let address = self.home(town, home_village);
        let mut spec = PersonSpec::new(male, birth.year(), address).surname(&surname);
        spec.birth_date = Some(birth);
        spec.id_number = IdNumberPlan::Copied {
            text: id_number,
            valid: false,
        };
        let stranger = self.person(town, spec);
        let (sibling_id, stranger_id) = (town.person_id(sibling), town.person_id(stranger));
        let (company, contract) = self.look_alike_wins_tender(
            town,
            village,
            Category::Goods,
            Stake::Owner(&stranger_id),
            None,
        );
        self.truth.near_miss(
            NearMissKind::InvalidIdNumberShared,
            vec![cadre.id, sibling_id, stranger_id, company, contract],
            "the supplier's legal_rep has the official's sibling's id_number, but it fails its check character and the names differ".into(),
        );
    }

    fn relative_is_employee(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, DIRECTOR, true);
        let nephew = self.with_family(town, &cadre, |generator, town, family| {
            let sibling_male = generator.random.chance(0.5);
            generator.add_sibling(town, family, sibling_male);
            let branch = family.siblings.len() - 1;
            generator.add_sibling_spouse(town, family, branch);
            let male = generator.random.chance(0.5);
            generator.add_sibling_child(town, family, branch, male, true)
        });
        let nephew_id = town.person_id(nephew);
        let (company, contract) = self.look_alike_wins_tender(
            town,
            village,
            Category::Cleaning,
            Stake::Role(&nephew_id, CompanyRole::Employee),
            None,
        );
        self.truth.near_miss(
            NearMissKind::RelativeIsEmployee,
            vec![cadre.id, nephew_id, company, contract],
            "the official's nephew or niece is only an employee of the supplier".into(),
        );
    }
}
