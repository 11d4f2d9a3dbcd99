//! Kin-supplier cases of the time and authority rules (issue 12): a brother of an official
//! owns a company that wins a tender, and whether it is a finding depends only on when the
//! post and the role were held, or on where the official's org stands. Planted: a post that
//! ended after the award (held on the day), and a town official over a village's contract.
//! Near misses: a post ended before the award, a post that began after it, a role that
//! ended before it, and an official of a sideways village (same town, no authority).

use chrono::{Duration, NaiveDate};

use super::{Award, Cadre, MEMBER};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{ymd, Category, KinPayeeNote, Town};
use crate::gen::truth::NearMissKind;
use crate::gen::world::Post;

/// The stories of the time and authority rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: a cadre whose post ended in 2023; his brother's company won in 2019-2021.
    PostHeldOnTheDay,
    /// Planted: a town official's brother's company wins a village's tender.
    TownOfficialOverVillage,
    /// Near miss: the post ended in 2014-2017, the award is of 2019-2024.
    PostEndedBeforeAward,
    /// Near miss: the post began in 2023-2024, the award (and its payments) are older.
    PostStartedAfterAward,
    /// Near miss: the brother left the company in 2015-2017, the award is of 2019-2024.
    RoleEndedBeforeAward,
    /// Near miss: an official of one village, the contract of another village of the town.
    SidewaysVillage,
    /// Near miss: the supplier's legal rep is a record that only possibly is the official's
    /// brother (same name, phone and address, no birth date, no id number): a finding only
    /// once a reviewer confirms the link.
    PossibleIdentityOnly,
}

/// A brother of a case's official and the company he owns.
struct Brother {
    /// The official's id.
    official: String,
    id: String,
    company: String,
}

impl Generator {
    /// Plants one story of the time and authority rules.
    pub(super) fn plant_kin_rule(&mut self, town: &mut Town, story: Story) {
        match story {
            Story::PostHeldOnTheDay => self.post_held_on_the_day(town),
            Story::TownOfficialOverVillage => self.town_official_over_village(town),
            Story::PostEndedBeforeAward => self.post_ended_before_award(town),
            Story::PostStartedAfterAward => self.post_started_after_award(town),
            Story::RoleEndedBeforeAward => self.role_ended_before_award(town),
            Story::SidewaysVillage => self.sideways_village(town),
            Story::PossibleIdentityOnly => self.possible_identity_only(town),
        }
    }

    /// A new cadre (村委委员 or the community's) of town-local org `org` holding the post
    /// from `start` to `end`, with a family; never chosen by other cases.
    pub(super) fn cadre_with_tenure(
        &mut self,
        town: &mut Town,
        org: usize,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Cadre {
        let title = if town.orgs[org].community {
            MEMBER[1]
        } else {
            MEMBER[0]
        };
        let org_id = town.orgs[org].id.clone();
        let post = Post {
            org: Some(org),
            org_id: &org_id,
            titles: &[title],
            senior: true,
        };
        let official = self.official_in_office(town, post, org, Some((start, end)));
        town.official_taken[official] = true;
        let person = town.officials[official].person;
        Cadre {
            official,
            person,
            id: town.person_id(person),
            title,
        }
    }

    /// A new brother of `cadre` who is legal rep and sole owner of a new company of
    /// `category` from `start` to `end`; when `end` is given a resident owns it afterwards.
    fn brothers_company(
        &mut self,
        town: &mut Town,
        cadre: &Cadre,
        category: Category,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Brother {
        let brother = self.with_family(town, cadre, |generator, town, family| {
            generator.add_sibling(town, family, true)
        });
        let id = town.person_id(brother);
        let company = self.fresh_company(town, category);
        self.role_during(&company, &id, CompanyRole::LegalRep, None, start, end);
        self.role_during(
            &company,
            &id,
            CompanyRole::Shareholder,
            Some(100),
            start,
            end,
        );
        if let Some(end) = end {
            let successor = self.any_resident_id(town);
            let from = end + Duration::days(1);
            self.role_during(
                &company,
                &successor,
                CompanyRole::LegalRep,
                None,
                from,
                None,
            );
            let share = Some(100);
            self.role_during(
                &company,
                &successor,
                CompanyRole::Shareholder,
                share,
                from,
                None,
            );
        }
        Brother {
            official: cadre.id.clone(),
            id,
            company,
        }
    }

    /// The brother's company wins an open tender of `buyer` in `category` on `awarded_on`
    /// (drawn when `None`); `alert`: record the kin-supplier alert and a kin-payee alert
    /// per settlement. Returns the contract.
    fn brother_wins(
        &mut self,
        town: &mut Town,
        buyer: usize,
        category: Category,
        brother: &Brother,
        awarded_on: Option<NaiveDate>,
        alert: Option<String>,
    ) -> String {
        let subjects = vec![
            brother.official.clone(),
            brother.id.clone(),
            brother.company.clone(),
        ];
        let kin_payee = alert.as_ref().map(|note| KinPayeeNote {
            subjects: subjects.clone(),
            note: format!("{} pays {}: {note}", town.orgs[buyer].name, brother.company),
        });
        let award = Award {
            awarded_on,
            kin_payee,
            ..Award::open_tender(brother.company.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, buyer, category, award);
        if let Some(note) = alert {
            let mut subjects = subjects;
            subjects.push(contract.clone());
            self.truth.alert(PatternId::KinSupplier, subjects, note);
        }
        contract
    }

    fn post_held_on_the_day(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let start = self.random.date_in(ymd(2006, 1, 1), ymd(2010, 12, 31));
        let end = self.random.date_in(ymd(2023, 6, 1), ymd(2023, 12, 31));
        let cadre = self.cadre_with_tenure(town, village, start, Some(end));
        // Settlements follow within 520 days: all before the post ended.
        let awarded_on = self.random.date_in(ymd(2019, 3, 1), ymd(2021, 6, 30));
        let role_start = self.random.date_in(ymd(2015, 1, 1), ymd(2017, 12, 31));
        let brother = self.brothers_company(
            town,
            &cadre,
            Category::Goods,
            role_start,
            Some(ymd(2024, 12, 31)),
        );
        let note = format!(
            "legal_rep of {} is the brother (兄弟) of {} {}, whose post (to {end}) was held on the award day",
            brother.company, cadre.title, cadre.id
        );
        let at = Some(awarded_on);
        self.brother_wins(town, village, Category::Goods, &brother, at, Some(note));
    }

    fn town_official_over_village(&mut self, town: &mut Town) {
        let cadre = self.cadre(town, 0, &[], false);
        let since = ymd(2012, 1, 1);
        let brother = self.brothers_company(town, &cadre, Category::Services, since, None);
        let village = self.any_village(town);
        let note = format!(
            "legal_rep of {} is the brother (兄弟) of {} {} of the town above {} (supervising org)",
            brother.company, cadre.title, cadre.id, town.orgs[village].name
        );
        self.brother_wins(
            town,
            village,
            Category::Services,
            &brother,
            None,
            Some(note),
        );
    }

    fn post_ended_before_award(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let start = self.random.date_in(ymd(2000, 1, 1), ymd(2006, 12, 31));
        let end = self.random.date_in(ymd(2014, 6, 1), ymd(2017, 12, 31));
        let cadre = self.cadre_with_tenure(town, village, start, Some(end));
        let brother = self.brothers_company(town, &cadre, Category::Goods, ymd(2012, 1, 1), None);
        let contract = self.brother_wins(town, village, Category::Goods, &brother, None, None);
        self.truth.near_miss(
            NearMissKind::PostEndedBeforeAward,
            vec![cadre.id, brother.id, brother.company, contract],
            format!("the official's brother owns the supplier, but the official left the village's post on {end}, before the award"),
        );
    }

    fn post_started_after_award(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let start = self.random.date_in(ymd(2023, 1, 1), ymd(2024, 6, 30));
        let cadre = self.cadre_with_tenure(town, village, start, None);
        let brother =
            self.brothers_company(town, &cadre, Category::Cleaning, ymd(2012, 1, 1), None);
        let awarded_on = self.random.date_in(ymd(2019, 3, 1), ymd(2020, 12, 31));
        let at = Some(awarded_on);
        let contract = self.brother_wins(town, village, Category::Cleaning, &brother, at, None);
        self.truth.near_miss(
            NearMissKind::PostStartedAfterAward,
            vec![cadre.id, brother.id, brother.company, contract],
            format!("the official's brother owns the supplier, but the official took the village's post on {start}, after the award and its payments"),
        );
    }

    fn role_ended_before_award(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, MEMBER, false);
        let start = self.random.date_in(ymd(2010, 1, 1), ymd(2014, 6, 30));
        let end = self.random.date_in(ymd(2015, 1, 1), ymd(2017, 12, 31));
        let brother = self.brothers_company(town, &cadre, Category::Services, start, Some(end));
        let contract = self.brother_wins(town, village, Category::Services, &brother, None, None);
        self.truth.near_miss(
            NearMissKind::RoleEndedBeforeAward,
            vec![cadre.id, brother.id, brother.company, contract],
            format!("the official's brother left the supplier on {end}, before the award"),
        );
    }

    fn sideways_village(&mut self, town: &mut Town) {
        if town.orgs.len() < 3 {
            return;
        }
        let village = self.any_village(town);
        let other = 1 + (village % (town.orgs.len() - 1));
        let cadre = self.cadre(town, village, &[], false);
        let brother = self.brothers_company(town, &cadre, Category::Goods, ymd(2012, 1, 1), None);
        let contract = self.brother_wins(town, other, Category::Goods, &brother, None, None);
        self.truth.near_miss(
            NearMissKind::SidewaysVillage,
            vec![cadre.id, brother.id, brother.company, contract],
            format!(
                "the official's brother owns a supplier of {}, a sibling village of the official's {}: no authority",
                town.orgs[other].name, town.orgs[village].name
            ),
        );
    }

    fn possible_identity_only(&mut self, town: &mut Town) {
        let village = self.any_village(town);
        let cadre = self.cadre(town, village, MEMBER, false);
        let brother = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_sibling(town, family, true)
        });
        let record = self.possible_record(town, brother);
        let company = self.fresh_company(town, Category::Goods);
        self.role(&company, &record, CompanyRole::LegalRep, None);
        self.role(&company, &record, CompanyRole::Shareholder, Some(100));
        let award = Award::open_tender(company.clone(), None);
        let contract = self.award_in_shared_slot(town, village, Category::Goods, award);
        let brother_id = town.person_id(brother);
        self.truth.near_miss(
            NearMissKind::PossibleIdentityOnly,
            vec![cadre.id, brother_id, record, company, contract],
            "the supplier's legal_rep has the name, phone and address of the official's brother but no birth date or id number: only a possible identity link, a finding once confirmed".into(),
        );
    }
}
