//! `companies.csv` and `company_roles.csv`: companies with their credit codes, names and
//! addresses, village collective enterprises, and the people standing in companies.
//! Background roles go to residents only, sometimes on a second (registry) record of them.

use chrono::NaiveDate;

use crate::domain::checksum::{credit_code_check_char, CREDIT_CODE_ALPHABET};
use crate::domain::{CompanyRole, Qualification};
use crate::gen::generator::{fnv1a, Generator, IdSeries};
use crate::gen::model::{ymd, Category, Collective, Company, Town};
use crate::gen::names::{AREA_CODE, INDUSTRIAL_ROADS, TRADE_NAMES};
use crate::gen::table::{date_text, Table};

/// A company to write; what is left `None` gets the usual fresh value.
pub(in crate::gen) struct CompanySpec {
    pub name: String,
    /// Decides the industry; none for a collective (商务服务业).
    pub category: Option<Category>,
    pub grade: Option<Qualification>,
    /// The owning village's org id, for a collective enterprise.
    pub owner_org: Option<String>,
    /// Else a fresh industrial-park address.
    pub address: Option<String>,
    /// Else a fresh phone.
    pub phone: Option<String>,
}

impl CompanySpec {
    /// A company named `name` in `category`, with fresh address and phone.
    pub(in crate::gen) fn new(name: String, category: Option<Category>) -> CompanySpec {
        CompanySpec {
            name,
            category,
            grade: None,
            owner_org: None,
            address: None,
            phone: None,
        }
    }
}

impl Generator {
    /// A fresh credit code: a numbered body (so codes never repeat), a drawn last character
    /// and the check character.
    fn credit_code(&mut self) -> String {
        let number = self.counters.credit_code;
        self.counters.credit_code += 1;
        let alphabet: Vec<char> = CREDIT_CODE_ALPHABET.chars().collect();
        // 31^6 bodies, visited in a scattered order (the multiplier is coprime to it).
        let mut scattered = (number * 7_368_787 + 1_234_567) % 887_503_681;
        let mut body = String::new();
        for _ in 0..6 {
            body.insert(0, alphabet[(scattered % 31) as usize]);
            scattered /= 31;
        }
        let last = *self.random.pick(&alphabet);
        let first17 = format!("91{AREA_CODE}MA{body}{last}");
        let check = credit_code_check_char(&first17).expect("credit code alphabet");
        format!("{first17}{check}")
    }

    /// A fresh company address in the town's industrial park: never a home's shape.
    fn company_address(&mut self, town: &Town) -> String {
        self.counters.company_address += 1;
        let number = self.counters.company_address;
        let road = INDUSTRIAL_ROADS[(number as usize) % INDUSTRIAL_ROADS.len()];
        format!("{}{}工业园区{road}{number}号", self.county.name, town.name)
    }

    /// Writes a company and returns its index in the town.
    pub(in crate::gen) fn company(&mut self, town: &mut Town, spec: CompanySpec) -> usize {
        let id = self.next_id(IdSeries::Company);
        let credit_code = self.credit_code();
        let address = spec.address.unwrap_or_else(|| self.company_address(town));
        let phone = spec.phone.unwrap_or_else(|| self.phone());
        let registered_on = self.random.date_in(ymd(2003, 1, 1), ymd(2018, 6, 30));
        let grade = spec.grade.map(Qualification::as_str).unwrap_or_default();
        let industry = spec
            .category
            .map(Category::industry)
            .unwrap_or("商务服务业");
        self.tables.row(
            Table::Companies,
            &[
                id.as_str(),
                spec.name.as_str(),
                credit_code.as_str(),
                address.as_str(),
                phone.as_str(),
                &date_text(registered_on),
                industry,
                grade,
                spec.owner_org.as_deref().unwrap_or(""),
            ],
        );
        town.companies.push(Company {
            id,
            grade: spec.grade,
        });
        town.companies.len() - 1
    }

    /// A company name not used yet: county, town, a trade name and the category's suffix;
    /// after eight clashes a number is added.
    pub(in crate::gen) fn company_name(&mut self, town: &Town, category: Category) -> String {
        for attempt in 0.. {
            let trade = *self.random.pick(TRADE_NAMES);
            let name = if attempt < 8 {
                format!(
                    "{}{}{}{}",
                    self.county.short_name,
                    town.name,
                    trade,
                    category.company_name_suffix()
                )
            } else {
                format!(
                    "{}{}{}{attempt}{}",
                    self.county.short_name,
                    town.name,
                    trade,
                    category.company_name_suffix()
                )
            };
            if self.taken.company_names.insert(fnv1a(&[name.as_bytes()])) {
                return name;
            }
        }
        unreachable!("the attempt number makes names unique")
    }

    /// Writes a role held since 2010-2018, still held; `share` in percent for shareholders.
    pub(in crate::gen) fn role(
        &mut self,
        company: &str,
        person: &str,
        role: CompanyRole,
        share: Option<u32>,
    ) {
        let start = self.random.date_in(ymd(2010, 1, 1), ymd(2018, 6, 30));
        self.role_during(company, person, role, share, start, None);
    }

    /// Writes a role held from `start` to `end` (`None`: still held).
    pub(in crate::gen) fn role_during(
        &mut self,
        company: &str,
        person: &str,
        role: CompanyRole,
        share: Option<u32>,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) {
        // A holding's people stand behind what it holds: their households go with it.
        if let Some(behind) = self.stakes.of_company.get(person).cloned() {
            self.stakes
                .of_company
                .entry(company.to_string())
                .or_default()
                .extend(behind);
        }
        if role != CompanyRole::Employee {
            if let Some(household) = self.stakes.household_of.get(person) {
                let household = household.clone();
                self.stakes.used.insert(household.clone());
                self.stakes
                    .of_company
                    .entry(company.to_string())
                    .or_default()
                    .insert(household);
            }
        }
        let share = share.map(|share| share.to_string()).unwrap_or_default();
        let end = end.map(date_text).unwrap_or_default();
        self.tables.row(
            Table::CompanyRoles,
            &[
                company,
                person,
                role.as_str(),
                share.as_str(),
                &date_text(start),
                &end,
            ],
        );
    }

    /// A collective enterprise of town-local org `village`, run by its residents. Returns
    /// the company's index.
    pub(in crate::gen) fn collective(&mut self, town: &mut Town, village: usize) -> usize {
        let business = *self
            .random
            .pick(&["物业管理", "经济发展", "农业开发", "股份经济"]);
        let name = format!(
            "{}{}{}有限公司",
            self.county.short_name, town.orgs[village].name, business
        );
        let owner = town.orgs[village].id.clone();
        let company = self.company(
            town,
            CompanySpec {
                owner_org: Some(owner),
                ..CompanySpec::new(name, None)
            },
        );
        self.resident_roles(town, company, Some(village));
        town.collectives.push(Collective { company, village });
        company
    }

    /// Legal rep, shareholders and other roles from residents (of `org`, or of the town).
    /// A collective (`org` given) gets a legal rep and a manager only.
    pub(super) fn resident_roles(&mut self, town: &mut Town, company: usize, org: Option<usize>) {
        let company_id = town.companies[company].id.clone();
        let legal_rep = self.controller(town, org);
        let legal_rep_id = self.record_for_role(town, legal_rep);
        self.role(&company_id, &legal_rep_id, CompanyRole::LegalRep, None);
        if org.is_some() {
            let manager = self.stakeholder(town, org);
            let manager_id = self.record_for_role(town, manager);
            self.role(&company_id, &manager_id, CompanyRole::Manager, None);
            return;
        }
        // One to three shareholders, at least 10 % each, 100 % together.
        let shareholder_count = self.random.range(1, 3);
        let mut shares: Vec<u32> = Vec::new();
        let mut left = 100u32;
        for i in 0..shareholder_count {
            let share = if i == shareholder_count - 1 {
                left
            } else {
                let still_to_give = 10 * (shareholder_count - 1 - i);
                let share = self.random.range(10, (left as i64 - still_to_give).max(10)) as u32;
                share.min(left)
            };
            left -= share;
            shares.push(share);
        }
        for (i, share) in shares.into_iter().enumerate() {
            // The legal rep usually holds the first share.
            let holder = if i == 0 && self.random.chance(0.7) {
                legal_rep_id.clone()
            } else if share > 50 {
                let resident = self.controller(town, None);
                self.record_for_role(town, resident)
            } else {
                let resident = self.stakeholder(town, None);
                self.record_for_role(town, resident)
            };
            self.role(&company_id, &holder, CompanyRole::Shareholder, Some(share));
        }
        for (role, probability) in [
            (CompanyRole::Supervisor, 0.5),
            (CompanyRole::Manager, 0.4),
            (CompanyRole::Director, 0.2),
        ] {
            if self.random.chance(probability) {
                let resident = self.stakeholder(town, None);
                let record = self.record_for_role(town, resident);
                self.role(&company_id, &record, role, None);
            }
        }
        for _ in 0..self.random.range(0, 3) {
            let resident = self.resident(town, None);
            let record = self.record_for_role(town, resident);
            self.role(&company_id, &record, CompanyRole::Employee, None);
        }
        // Some companies had a supervisor or director who left: a role with an end.
        if self.random.chance(0.15) {
            let resident = self.stakeholder(town, None);
            let record = self.record_for_role(town, resident);
            let role = *self
                .random
                .pick(&[CompanyRole::Supervisor, CompanyRole::Director]);
            let start = self.random.date_in(ymd(2005, 1, 1), ymd(2012, 12, 31));
            let end = self.random.date_in(ymd(2013, 1, 1), ymd(2018, 12, 31));
            self.role_during(&company_id, &record, role, None, start, Some(end));
        }
    }

    /// An adult resident of town-local org `org`, or of any village of the town.
    pub(in crate::gen) fn resident(&mut self, town: &Town, org: Option<usize>) -> usize {
        let org = match org {
            Some(org) => org,
            None => 1 + self.random.below(town.orgs.len() - 1),
        };
        *self.random.pick(&town.residents[org])
    }

    /// An adult resident (of `org`, or of any village) who controls no company yet, now
    /// marked as a controller: no resident is legal rep or majority owner of two
    /// companies, so the background has no supplier group.
    pub(in crate::gen) fn controller(&mut self, town: &Town, org: Option<usize>) -> usize {
        for _ in 0..200 {
            let resident = self.stakeholder(town, org);
            if self.stakes.controllers.insert(resident) {
                return resident;
            }
        }
        panic!("no resident left to control a company")
    }

    /// An adult resident (of `org`, or of any village) to stand in a company: one whose
    /// household stands in no company yet, if one is found in a few draws.
    pub(in crate::gen) fn stakeholder(&mut self, town: &Town, org: Option<usize>) -> usize {
        let mut resident = self.resident(town, org);
        for _ in 0..8 {
            if !self.stakes.used.contains(&town.people[resident].address) {
                break;
            }
            resident = self.resident(town, org);
        }
        resident
    }

    /// The record a company role is written on: usually the household record, sometimes a
    /// registry duplicate (with the same id number or none), as real registries have.
    fn record_for_role(&mut self, town: &Town, person: usize) -> String {
        if self.random.chance(0.08) {
            let same_id_number = self.random.chance(0.6);
            self.registry_record(town, person, same_id_number)
        } else {
            town.person_id(person)
        }
    }
}
