//! `contracts.csv` and `bids.csv`, and the settlement payments of each contract. Contracts
//! are written slot by slot once the town's cases have put theirs in: first the injected
//! ones, then background contracts with suppliers not yet used in the slot.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration};

use crate::domain::{ContractMethod, PatternId, Qualification};
use crate::gen::generator::{Generator, IdSeries};
use crate::gen::model::{ymd, BidPlan, Category, ContractSpec, Town};
use crate::gen::table::{date_text, money_text, Table};

use super::Payment;

impl Generator {
    /// A contract title: the buyer, the year and a work of the category.
    pub(in crate::gen) fn contract_title(
        &mut self,
        buyer_name: &str,
        category: Category,
        year: i32,
    ) -> String {
        let work = *self.random.pick(category.works());
        format!("{buyer_name}{year}年{work}")
    }

    /// An approver for a contract of town-local org `org`: one of its senior officials.
    pub(in crate::gen) fn approver_of(&mut self, town: &Town, org: usize) -> String {
        let seniors: Vec<usize> = town
            .officials
            .iter()
            .enumerate()
            .filter(|(_, official)| {
                official.org == Some(org) && official.senior && official.serves_throughout()
            })
            .map(|(index, _)| index)
            .collect();
        let chosen = *self.random.pick(&seniors);
        town.person_id(town.officials[chosen].person)
    }

    /// An amount in [base, 2.5 base), in hundreds of yuan: within a slot no amount is more
    /// than 2.5 times another, so no split group or dominant supplier arises by chance.
    pub(in crate::gen) fn slot_amount(&mut self, base: i64) -> i64 {
        let factor = 1.0 + 1.5 * self.random.fraction();
        ((base as f64 * factor / 100.0).floor() as i64 * 100).max(base)
    }

    /// Writes every slot of the town: the cases' contracts, then the background's.
    pub(in crate::gen) fn write_contracts(&mut self, town: &mut Town) {
        let slots = std::mem::take(&mut town.slots);
        for slot in slots {
            let buyer = town.orgs[slot.org].id.clone();
            let buyer_name = town.orgs[slot.org].name.clone();
            let mut suppliers: Vec<String> = slot
                .injected
                .iter()
                .map(|contract| contract.supplier.clone())
                .collect();
            let mut contracts = slot.injected;
            let pool = town.pools[slot.category.index()].clone();
            for _ in 0..slot.background_contracts {
                let free: Vec<usize> = pool
                    .iter()
                    .copied()
                    .filter(|&company| !suppliers.contains(&town.companies[company].id))
                    .collect();
                if free.is_empty() {
                    break;
                }
                let supplier = town.companies[*self.random.pick(&free)].id.clone();
                suppliers.push(supplier.clone());
                let amount = self.slot_amount(slot.base_amount);
                let awarded_on = self.random.date_in(ymd(2019, 1, 1), ymd(2024, 12, 31));
                // Large works are always tendered openly.
                let method = match slot.category {
                    Category::Construction if amount >= 200_000 => ContractMethod::Open,
                    Category::Construction => *self
                        .random
                        .pick(&[ContractMethod::Open, ContractMethod::Invited]),
                    _ => *self.random.pick(&[
                        ContractMethod::Open,
                        ContractMethod::Open,
                        ContractMethod::Invited,
                        ContractMethod::Direct,
                    ]),
                };
                let title = self.contract_title(&buyer_name, slot.category, awarded_on.year());
                let approver = self.approver_of(town, slot.org);
                let id = self.next_id(IdSeries::Contract);
                contracts.push(ContractSpec {
                    id,
                    title,
                    amount,
                    method,
                    required_qualification: (slot.category == Category::Construction)
                        .then_some(Qualification::Grade3),
                    awarded_on,
                    supplier,
                    approver,
                    bids: if method == ContractMethod::Direct {
                        BidPlan::NoBids
                    } else {
                        BidPlan::Usual
                    },
                    kin_payee: None,
                });
            }
            for contract in contracts {
                self.write_contract(town, &buyer, slot.category, &pool, contract);
            }
        }
    }

    /// Writes one contract with its bids (other bidders from `pool`) and settlements.
    fn write_contract(
        &mut self,
        town: &Town,
        buyer: &str,
        category: Category,
        pool: &[usize],
        contract: ContractSpec,
    ) {
        let published_on = contract.awarded_on - Duration::days(self.random.range(10, 30));
        self.tables.row(
            Table::Contracts,
            &[
                contract.id.as_str(),
                buyer,
                contract.title.as_str(),
                category.as_str(),
                &money_text(contract.amount),
                contract.method.as_str(),
                contract
                    .required_qualification
                    .map(Qualification::as_str)
                    .unwrap_or(""),
                &date_text(published_on),
                &date_text(contract.awarded_on),
                contract.supplier.as_str(),
                contract.approver.as_str(),
            ],
        );
        if category == Category::Construction {
            self.truth.construction_tender(
                &contract.id,
                contract.amount,
                contract.required_qualification,
            );
        }
        self.write_bids(town, pool, &contract);
        self.write_settlements(buyer, category, &contract);
    }

    /// The bids of a tender: the winner's at the contract amount, the others 1-15 % above.
    fn write_bids(&mut self, town: &Town, pool: &[usize], contract: &ContractSpec) {
        let others: Vec<String> = pool
            .iter()
            .map(|&company| town.companies[company].id.clone())
            .filter(|id| *id != contract.supplier)
            .collect();
        let other_count = match contract.bids {
            BidPlan::NoBids => return,
            BidPlan::WinnerOnly => 0,
            BidPlan::OthersDisqualified | BidPlan::Including(_) => 2,
            BidPlan::Usual if contract.method == ContractMethod::Invited => 2,
            BidPlan::Usual => self.random.range(2, 4) as usize,
        };
        // Bidders whose people share no household with the winner's or with each other's:
        // the background has no linked bidders.
        let mut households: BTreeSet<String> = self
            .stakes
            .of_company
            .get(&contract.supplier)
            .cloned()
            .unwrap_or_default();
        households.extend(self.stakes.household_of.get(&contract.supplier).cloned());
        let named: Vec<String> = match &contract.bids {
            BidPlan::Including(named) => named.clone(),
            _ => Vec::new(),
        };
        for company in &named {
            households.extend(
                self.stakes
                    .of_company
                    .get(company)
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
        }
        let mut bidders: Vec<String> = Vec::new();
        while bidders.len() < other_count {
            let free: Vec<&String> = others
                .iter()
                .filter(|id| !bidders.contains(id) && !named.contains(id))
                .filter(|id| {
                    self.stakes
                        .of_company
                        .get(*id)
                        .is_none_or(|theirs| theirs.is_disjoint(&households))
                })
                .collect();
            if free.is_empty() {
                break;
            }
            let bidder = (*self.random.pick(&free)).clone();
            if let Some(theirs) = self.stakes.of_company.get(&bidder) {
                households.extend(theirs.iter().cloned());
            }
            bidders.push(bidder);
        }
        let other_count = bidders.len() + named.len();
        bidders.extend(named);
        let winner_position = self.random.below(other_count + 1);
        // (bidder, amount, qualified)
        let mut bids: Vec<(String, i64, bool)> = Vec::new();
        // With three or more other bids one may be disqualified: two qualified losers remain.
        let mut disqualified_left = match contract.bids {
            BidPlan::OthersDisqualified => other_count,
            BidPlan::Usual if other_count >= 3 && self.random.chance(0.3) => 1,
            _ => 0,
        };
        for bidder in bidders {
            let amount = (contract.amount as f64 * (1.01 + 0.14 * self.random.fraction())) as i64;
            let qualified = if disqualified_left > 0 {
                disqualified_left -= 1;
                false
            } else {
                true
            };
            bids.push((bidder, amount, qualified));
        }
        bids.insert(
            winner_position,
            (contract.supplier.clone(), contract.amount, true),
        );
        for (bidder, amount, qualified) in bids {
            self.tables.row(
                Table::Bids,
                &[
                    contract.id.as_str(),
                    bidder.as_str(),
                    &money_text(amount),
                    if qualified { "true" } else { "false" },
                ],
            );
        }
    }

    /// One to three settlements, the first 20-120 days after the award, none after
    /// 2025-06-30. Each settlement of a kin-payee contract is an alert.
    fn write_settlements(&mut self, buyer: &str, category: Category, contract: &ContractSpec) {
        let count = self.random.range(1, 3);
        let mut paid_on = contract.awarded_on + Duration::days(self.random.range(20, 120));
        let mut left = contract.amount;
        for i in 0..count {
            if paid_on > ymd(2025, 6, 30) {
                break;
            }
            let amount = if i == count - 1 {
                left
            } else {
                (left as f64 * (0.3 + 0.4 * self.random.fraction())) as i64
            };
            left -= amount;
            let payment_id = self.payment(
                Payment::new(
                    buyer,
                    &contract.supplier,
                    amount,
                    category.settlement_purpose(),
                    paid_on,
                )
                .for_contract(&contract.id),
            );
            if let Some(kin_payee) = &contract.kin_payee {
                let mut subjects = kin_payee.subjects.clone();
                subjects.push(payment_id);
                self.truth
                    .alert(PatternId::KinPayee, subjects, kin_payee.note.clone());
            }
            paid_on += Duration::days(self.random.range(60, 200));
        }
    }
}
