//! `payments.csv` and `tips.csv`: the background's labour fees and subsidies, fees
//! collected by cadres (booked within 10 days), collective enterprises paying residents of
//! their own village, and tips about the town that point at no planted case.

use chrono::{Duration, NaiveDate};

use crate::gen::generator::{Generator, IdSeries};
use crate::gen::model::{ymd, Town};
use crate::gen::table::{date_text, money_text, Table};

/// A payment to write.
pub(in crate::gen) struct Payment<'a> {
    pub payer: &'a str,
    pub payee: &'a str,
    /// Yuan.
    pub amount: i64,
    pub purpose: &'a str,
    pub paid_on: NaiveDate,
    /// When the money reached the books, for money a cadre collected.
    pub recorded_on: Option<NaiveDate>,
    /// The cadre who collected it.
    pub handler: Option<&'a str>,
    /// The contract it settles.
    pub contract: Option<&'a str>,
}

impl<'a> Payment<'a> {
    /// A plain payment: no handler, no contract.
    pub(in crate::gen) fn new(
        payer: &'a str,
        payee: &'a str,
        amount: i64,
        purpose: &'a str,
        paid_on: NaiveDate,
    ) -> Payment<'a> {
        Payment {
            payer,
            payee,
            amount,
            purpose,
            paid_on,
            recorded_on: None,
            handler: None,
            contract: None,
        }
    }

    /// The same, collected by cadre `handler` and booked on `recorded_on` (if ever).
    pub(in crate::gen) fn collected_by(
        self,
        handler: &'a str,
        recorded_on: Option<NaiveDate>,
    ) -> Payment<'a> {
        Payment {
            handler: Some(handler),
            recorded_on,
            ..self
        }
    }

    /// The same, settling `contract`.
    pub(in crate::gen) fn for_contract(self, contract: &'a str) -> Payment<'a> {
        Payment {
            contract: Some(contract),
            ..self
        }
    }
}

impl Generator {
    /// Writes a payment and returns its id.
    pub(in crate::gen) fn payment(&mut self, payment: Payment<'_>) -> String {
        let id = self.next_id(IdSeries::Payment);
        let recorded_on = payment.recorded_on.map(date_text).unwrap_or_default();
        self.tables.row(
            Table::Payments,
            &[
                id.as_str(),
                payment.payer,
                payment.payee,
                &money_text(payment.amount),
                payment.purpose,
                &date_text(payment.paid_on),
                recorded_on.as_str(),
                payment.handler.unwrap_or(""),
                payment.contract.unwrap_or(""),
            ],
        );
        id
    }

    /// Writes a tip received on `received_on` about `subjects`.
    pub(in crate::gen) fn tip(&mut self, received_on: NaiveDate, text: &str, subjects: &[String]) {
        let id = self.next_id(IdSeries::Tip);
        let subjects = subjects.join(";");
        self.tables.row(
            Table::Tips,
            &[
                id.as_str(),
                &date_text(received_on),
                text,
                subjects.as_str(),
            ],
        );
    }

    /// The town's payments that are no contract's settlement.
    pub(in crate::gen) fn write_background_payments(&mut self, town: &mut Town) {
        let companies: Vec<String> = town
            .companies
            .iter()
            .map(|company| company.id.clone())
            .collect();
        for org in 1..town.orgs.len() {
            let org_id = town.orgs[org].id.clone();
            // Labour and subsidies to residents.
            for _ in 0..self.random.count(self.scale.labour_payments) {
                let resident = self.resident(town, Some(org));
                let resident_id = town.person_id(resident);
                let purpose = *self.random.pick(&["劳务费", "补贴", "劳务费", "误工补贴"]);
                let amount = self.random.range(5, 120) * 100;
                let paid_on = self.random.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
                self.payment(Payment::new(
                    &org_id,
                    &resident_id,
                    amount,
                    purpose,
                    paid_on,
                ));
            }
            // Fees collected by a cadre, booked within 10 days.
            let handlers: Vec<usize> = town
                .officials
                .iter()
                .filter(|official| official.org == Some(org) && official.serves_throughout())
                .map(|official| official.person)
                .collect();
            let own_collectives: Vec<usize> = town
                .collectives
                .iter()
                .filter(|collective| collective.village == org)
                .map(|collective| collective.company)
                .collect();
            for _ in 0..self.random.count(self.scale.collected_fees) {
                let payer = if !own_collectives.is_empty() && self.random.chance(0.3) {
                    town.companies[*self.random.pick(&own_collectives)]
                        .id
                        .clone()
                } else {
                    self.random.pick(&companies).clone()
                };
                let handler = town.person_id(*self.random.pick(&handlers));
                let amount = self.random.range(10, 300) * 100;
                let paid_on = self.random.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
                let recorded_on = paid_on + Duration::days(self.random.range(0, 10));
                let purpose = *self.random.pick(&["保洁费", "租金", "管理费"]);
                self.payment(
                    Payment::new(&payer, &org_id, amount, purpose, paid_on)
                        .collected_by(&handler, Some(recorded_on)),
                );
            }
        }
        // Collective enterprises pay residents of their village.
        for collective in town.collectives.clone() {
            let company_id = town.companies[collective.company].id.clone();
            for _ in 0..self.random.count(self.scale.collective_payments) {
                let resident = self.resident(town, Some(collective.village));
                let resident_id = town.person_id(resident);
                let amount = self.random.range(10, 80) * 100;
                let paid_on = self.random.date_in(ymd(2013, 1, 1), ymd(2025, 6, 30));
                let purpose = *self.random.pick(&["劳务费", "分红", "劳务费"]);
                self.payment(Payment::new(
                    &company_id,
                    &resident_id,
                    amount,
                    purpose,
                    paid_on,
                ));
            }
        }
        // The town pays a few subsidies.
        let town_id = town.orgs[0].id.clone();
        let (min, max) = self.scale.labour_payments;
        for _ in 0..self.random.range(min / 4, max / 4) {
            let resident = self.resident(town, None);
            let resident_id = town.person_id(resident);
            let amount = self.random.range(5, 60) * 100;
            let paid_on = self.random.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
            self.payment(Payment::new(
                &town_id,
                &resident_id,
                amount,
                "补贴",
                paid_on,
            ));
        }
    }

    /// Tips about the town's villages: complaints about a cadre's manner, poor works, late
    /// accounts or unfair benefits, none of which is a planted case.
    pub(in crate::gen) fn write_background_tips(&mut self, town: &mut Town) {
        for _ in 0..self.random.count(self.scale.tips) {
            let received_on = self.random.date_in(ymd(2019, 1, 1), ymd(2025, 6, 30));
            let org = 1 + self.random.below(town.orgs.len() - 1);
            let org_name = town.orgs[org].name.clone();
            let org_id = town.orgs[org].id.clone();
            match self.random.below(4) {
                0 => {
                    let officials: Vec<usize> = (0..town.officials.len())
                        .filter(|&index| {
                            town.officials[index].org == Some(org)
                                && town.officials[index].serves_throughout()
                        })
                        .collect();
                    let official = &town.officials[*self.random.pick(&officials)];
                    let person = &town.people[official.person];
                    let text = format!(
                        "群众反映{org_name}{}{}在村务工作中作风粗暴、办事拖拉",
                        official.titles[0], person.name
                    );
                    self.tip(received_on, &text, std::slice::from_ref(&person.id));
                }
                1 => {
                    let company = self.random.pick(&town.companies).id.clone();
                    let text = format!("反映{org_name}某项目施工单位以次充好，工程质量差");
                    self.tip(received_on, &text, &[company, org_id]);
                }
                2 => {
                    let text = format!("来电反映{org_name}村务公开不及时，财务公开栏长期未更新");
                    self.tip(received_on, &text, &[org_id]);
                }
                _ => {
                    let text = format!("匿名反映{org_name}低保评定不公开、不透明");
                    self.tip(received_on, &text, &[]);
                }
            }
        }
    }
}
