//! Single-bidder cases: an open tender that, in effect, had one bidder. The near miss is an
//! invited tender with one bid, which the pattern leaves alone.

use super::Award;
use crate::domain::{ContractMethod, PatternId};
use crate::gen::generator::Generator;
use crate::gen::model::{BidPlan, Town};
use crate::gen::truth::NearMissKind;

/// The single-bidder stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::gen) enum Story {
    /// Planted: an open tender with the winner's bid only.
    OnlyBid,
    /// Planted: an open tender where both other bids were disqualified.
    OthersDisqualified,
    /// Near miss: an invited tender with the winner's bid only.
    InvitedOnlyBid,
}

impl Generator {
    /// Plants one single-bidder story: a pool supplier wins a tender in a shared
    /// non-construction slot of a village.
    pub(super) fn plant_single_bidder(&mut self, town: &mut Town, story: Story) {
        let village = self.any_village(town);
        let slot = self.shared_slot(town, village, None);
        let supplier = self.free_pool_supplier(town, slot, None);
        let (method, bids) = match story {
            Story::OnlyBid => (ContractMethod::Open, BidPlan::WinnerOnly),
            Story::OthersDisqualified => (ContractMethod::Open, BidPlan::OthersDisqualified),
            Story::InvitedOnlyBid => (ContractMethod::Invited, BidPlan::WinnerOnly),
        };
        let award = Award {
            method,
            bids,
            ..Award::open_tender(supplier.clone(), None)
        };
        let contract = self.inject(town, slot, award);
        let ids = vec![contract, supplier];
        match story {
            Story::OnlyBid => self.truth.alert(
                PatternId::SingleBidder,
                ids,
                "open tender with a single bid".into(),
            ),
            Story::OthersDisqualified => self.truth.alert(
                PatternId::SingleBidder,
                ids,
                "open tender where every other bid was disqualified".into(),
            ),
            Story::InvitedOnlyBid => self.truth.near_miss(
                NearMissKind::InvitedSingleBid,
                ids,
                "invited tender with a single bid: not an open tender".into(),
            ),
        }
    }
}
