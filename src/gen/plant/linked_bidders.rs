//! Linked-bidder cases (issue 12): on one open tender the winner and a rival are tied.
//! Planted: the two companies' legal reps are brothers (a sibling row in `kinship.csv`);
//! the winner owns 60 % of the rival. Near miss: a tender between two new companies with
//! nothing in common. The other bidders of each tender are background companies, which
//! share no household with anyone on the tender.

use super::{Award, Variant};
use crate::domain::{CompanyRole, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{BidPlan, Category, PersonSpec, Town};
use crate::gen::truth::NearMissKind;

/// The linked-bidder stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: the legal reps are brothers.
    Brothers,
    /// Planted: the winner holds 60 % of the rival.
    OwnsRival,
    /// Near miss: different people, phones, addresses, no holding.
    NothingInCommon,
}

impl Generator {
    /// Plants one linked-bidder story: a tender of a village in its goods slot.
    pub(super) fn plant_linked_bidders(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let category = Category::Goods;
        let winner = self.fresh_company(town, category);
        let rival = self.fresh_company(town, category);
        let note = match story {
            Story::Brothers => {
                let year = self.random.range(1965, 1985) as i32;
                let mut brothers: Vec<usize> = Vec::new();
                for gap in [0, self.random.range(2, 6) as i32] {
                    let home = self.home(town, village);
                    let surname = match brothers.first() {
                        Some(&first) => town.people[first].surname.clone(),
                        None => self.weighted_surname().to_string(),
                    };
                    let spec = PersonSpec::new(true, year + gap, home).surname(&surname);
                    brothers.push(self.person(town, spec));
                }
                self.link_siblings(town, brothers[0], brothers[1]);
                for (company, brother) in [(&winner, brothers[0]), (&rival, brothers[1])] {
                    let id = town.person_id(brother);
                    self.role(company, &id, CompanyRole::LegalRep, None);
                    self.role(company, &id, CompanyRole::Shareholder, Some(100));
                }
                format!(
                    "the legal reps of {winner} and {rival} are brothers ({} and {})",
                    town.person_id(brothers[0]),
                    town.person_id(brothers[1])
                )
            }
            Story::OwnsRival | Story::NothingInCommon => {
                for company in [&winner, &rival] {
                    let owner = self.any_resident_id(town);
                    self.role(company, &owner, CompanyRole::LegalRep, None);
                    let share = if story == Story::OwnsRival && *company == rival {
                        40
                    } else {
                        100
                    };
                    self.role(company, &owner, CompanyRole::Shareholder, Some(share));
                }
                if story == Story::OwnsRival {
                    self.role(&rival, &winner, CompanyRole::Shareholder, Some(60));
                }
                format!("{winner} holds 60 % of its rival {rival}")
            }
        };
        let award = Award {
            bids: BidPlan::Including(vec![rival.clone()]),
            ..Award::open_tender(winner.clone(), None)
        };
        let contract = self.award_in_shared_slot(town, village, category, award);
        let variant = if story == Story::NothingInCommon {
            Variant::NearMiss
        } else {
            Variant::Planted
        };
        match variant {
            Variant::Planted => self.truth.alert(
                PatternId::LinkedBidders,
                vec![contract, winner, rival],
                format!("on one tender of {}: {note}", town.orgs[village].name),
            ),
            Variant::NearMiss => self.truth.near_miss(
                NearMissKind::BiddersNothingInCommon,
                vec![contract, winner, rival],
                "two bidders with different people, phones and addresses, and no holding".into(),
            ),
        }
    }
}
