//! Ownership cases (issue 12): an official's son stands behind a village supplier through a
//! holding company, a company whose shareholder is another company. Planted: the son owns
//! 80 % of a holding that owns 55 % of the supplier (44 %, a beneficial owner), and the son
//! is legal rep of a holding that owns 60 % of the supplier (a controller). Near miss: 40 %
//! of a holding that owns 50 % (20 %, below the 25 % threshold, and no control). The
//! holding is never a subject: the alert names the official, the son, the supplier and the
//! contract, and the buyer's settlements are kin-payee alerts of the same people.

use super::{Award, Cadre, DIRECTOR, SECRETARY};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::{fnv1a, Generator};
use crate::gen::model::{Category, KinPayeeNote, Town};
use crate::gen::names::TRADE_NAMES;
use crate::gen::truth::NearMissKind;
use crate::gen::world::{ChildHome, CompanySpec};

/// The ownership stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: 80 % of a holding that owns 55 % of the supplier.
    BeneficialOwner,
    /// Planted: legal rep of a holding that owns 60 % of the supplier.
    Controller,
    /// Near miss: 40 % of a holding that owns 50 % of the supplier.
    BelowThreshold,
}

impl Generator {
    /// Plants one ownership story in a village's goods or services slot.
    pub(super) fn plant_ownership(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let titles = if story == Story::Controller {
            DIRECTOR
        } else {
            SECRETARY
        };
        let cadre = self.cadre(town, village, titles, true);
        let son = self.with_family(town, &cadre, |generator, town, family| {
            generator.add_child(town, family, true, ChildHome::OwnHousehold)
        });
        let son_id = town.person_id(son);
        let holding = self.holding_company(town);
        let (son_role, son_share, holding_share) = match story {
            Story::BeneficialOwner => (CompanyRole::Shareholder, Some(80), 55),
            Story::Controller => (CompanyRole::LegalRep, None, 60),
            Story::BelowThreshold => (CompanyRole::Shareholder, Some(40), 50),
        };
        // The rest of the holding belongs to a resident, its legal rep unless the son is.
        let partner = self.any_resident_id(town);
        if son_role != CompanyRole::LegalRep {
            self.role(&holding, &partner, CompanyRole::LegalRep, None);
        }
        let partner_share = 100 - son_share.unwrap_or(0);
        self.role(
            &holding,
            &partner,
            CompanyRole::Shareholder,
            Some(partner_share),
        );
        self.role(&holding, &son_id, son_role, son_share);
        let category = if story == Story::Controller {
            Category::Services
        } else {
            Category::Goods
        };
        let supplier = self.fresh_company(town, category);
        let front = self.any_resident_id(town);
        self.role(&supplier, &front, CompanyRole::LegalRep, None);
        let front_share = Some(100 - holding_share);
        self.role(&supplier, &front, CompanyRole::Shareholder, front_share);
        self.role(
            &supplier,
            &holding,
            CompanyRole::Shareholder,
            Some(holding_share),
        );
        let how = match story {
            Story::BeneficialOwner => format!("owns 80 % of {holding}, which owns 55 % of"),
            Story::Controller => format!("is legal_rep of {holding}, which owns 60 % of"),
            Story::BelowThreshold => format!("owns 40 % of {holding}, which owns 50 % of"),
        };
        let subjects = vec![cadre.id.clone(), son_id.clone(), supplier.clone()];
        let note = self.son_note(&cadre, &how, &supplier);
        let planted = story != Story::BelowThreshold;
        let kin_payee = planted.then(|| KinPayeeNote {
            subjects: subjects.clone(),
            note: format!("{} pays {supplier}: {note}", town.orgs[village].name),
        });
        let award = Award {
            kin_payee,
            ..Award::open_tender(supplier.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, village, category, award);
        if planted {
            let mut subjects = subjects;
            subjects.push(contract);
            self.truth.alert(PatternId::KinSupplier, subjects, note);
        } else {
            self.truth.near_miss(
                NearMissKind::HoldingBelowThreshold,
                vec![cadre.id, son_id, holding, supplier, contract],
                "the official's son owns 40 % of a holding that owns 50 % of the supplier: 20 %, below 25 %, and no control".into(),
            );
        }
    }

    fn son_note(&self, cadre: &Cadre, how: &str, supplier: &str) -> String {
        format!(
            "the son (儿子) of {} {} {how} {supplier}",
            cadre.title, cadre.id
        )
    }

    /// A new investment company (a holding) of the town, without roles yet.
    pub(super) fn holding_company(&mut self, town: &mut Town) -> String {
        let mut attempt = 0;
        let name = loop {
            let trade = *self.random.pick(TRADE_NAMES);
            let name = format!(
                "{}{}{trade}{}投资有限公司",
                self.county.short_name,
                town.name,
                if attempt < 8 {
                    String::new()
                } else {
                    attempt.to_string()
                }
            );
            if self.taken.company_names.insert(fnv1a(&[name.as_bytes()])) {
                break name;
            }
            attempt += 1;
        };
        let company = self.company(town, CompanySpec::new(name, None));
        town.companies[company].id.clone()
    }
}
