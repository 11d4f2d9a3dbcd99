//! `people.csv` and `kinship.csv`: people with their names, birth dates, id numbers, phones
//! and home addresses; second records of a person from the company registry; and the
//! primitive family links between people.

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::checksum::id_number_check_char;
use crate::domain::KinRelation;
use crate::gen::generator::{fnv1a, Generator, IdSeries};
use crate::gen::model::{IdNumberPlan, Person, PersonSpec, Town};
use crate::gen::names::{
    AREA_CODE, FEMALE_MODERN, FEMALE_TRADITIONAL, MALE_MODERN, MALE_TRADITIONAL, PHONE_PREFIXES,
    RESIDENT_ROADS, SURNAMES,
};
use crate::gen::table::{date_text, Table};

impl Generator {
    /// A surname, drawn by frequency.
    pub(in crate::gen) fn weighted_surname(&mut self) -> &'static str {
        let total: u32 = SURNAMES.iter().map(|(_, weight)| weight).sum();
        let mut ticket = self.random.below(total as usize) as u32;
        for (surname, weight) in SURNAMES {
            if ticket < *weight {
                return surname;
            }
            ticket -= weight;
        }
        SURNAMES[0].0
    }

    /// A one- or two-character given name; people born before 1975 often have the
    /// characters of their generation.
    fn given_name(&mut self, male: bool, birth_year: i32) -> String {
        let old = birth_year < 1975;
        let mut name = String::new();
        let length = if self.random.chance(0.62) { 2 } else { 1 };
        for _ in 0..length {
            let characters = match (male, old && self.random.chance(0.6)) {
                (true, true) => MALE_TRADITIONAL,
                (true, false) => MALE_MODERN,
                (false, true) => FEMALE_TRADITIONAL,
                (false, false) => FEMALE_MODERN,
            };
            let character = *self.random.pick(characters);
            name.push_str(character);
        }
        name
    }

    /// A fresh phone number. Numbered, not drawn: no two people or companies share one
    /// unless a case copies it.
    pub(in crate::gen) fn phone(&mut self) -> String {
        let number = self.counters.phone;
        self.counters.phone += 1;
        let prefixes = PHONE_PREFIXES.len() as u64;
        let prefix = PHONE_PREFIXES[(number % prefixes) as usize];
        let body = ((number / prefixes) * 48_271 + 13_579_246) % 100_000_000;
        format!("{prefix}{body:08}")
    }

    /// A fresh valid id number for the birth date and gender (odd sequence digit for men).
    fn id_number(&mut self, birth: NaiveDate, male: bool) -> String {
        loop {
            let sequence = self.random.below(500) as u32 * 2 + u32::from(male);
            let first17 = format!("{AREA_CODE}{}{sequence:03}", birth.format("%Y%m%d"));
            let key: u64 = first17.parse().expect("digits");
            if self.taken.id_numbers.insert(key) {
                let check = id_number_check_char(&first17).expect("17 digits");
                return format!("{first17}{check}");
            }
        }
    }

    /// `valid` with another check character.
    fn with_wrong_check(&mut self, valid: &str) -> String {
        let (first17, check) = valid.split_at(17);
        const CHECK_CHARACTERS: &[u8] = b"0123456789X";
        loop {
            let wrong = *self.random.pick(CHECK_CHARACTERS) as char;
            if wrong.to_string() != check {
                return format!("{first17}{wrong}");
            }
        }
    }

    /// Writes a person and returns their index in the town. (name, birth date) stays
    /// unique: a drawn name is drawn again, and after 20 tries (or at once for a given
    /// name) the birth date moves a day.
    pub(in crate::gen) fn person(&mut self, town: &mut Town, spec: PersonSpec) -> usize {
        let surname = spec
            .surname
            .clone()
            .unwrap_or_else(|| self.weighted_surname().to_string());
        let mut birth = match spec.birth_date {
            Some(date) => date,
            None => {
                let day_of_year = 1 + self.random.range(0, 364) as u32;
                NaiveDate::from_yo_opt(spec.birth_year, day_of_year).expect("day")
            }
        };
        let mut name;
        let mut tries = 0;
        loop {
            name = match &spec.full_name {
                Some(full_name) => full_name.clone(),
                None => format!("{surname}{}", self.given_name(spec.male, birth.year())),
            };
            let key = fnv1a(&[name.as_bytes(), &birth.num_days_from_ce().to_le_bytes()]);
            if self.taken.name_births.insert(key) {
                break;
            }
            tries += 1;
            if tries > 20 || spec.full_name.is_some() {
                birth += Duration::days(1);
            }
        }
        let (id_number, id_number_valid) = match &spec.id_number {
            IdNumberPlan::Copied { text, valid } => (Some(text.clone()), *valid),
            IdNumberPlan::Drawn => {
                let draw = self.random.fraction();
                if draw < 0.005 {
                    let valid = self.id_number(birth, spec.male);
                    (Some(self.with_wrong_check(&valid)), false)
                } else if draw < 0.10 {
                    (None, false)
                } else {
                    (Some(self.id_number(birth, spec.male)), true)
                }
            }
            IdNumberPlan::WrongCheck => {
                let valid = self.id_number(birth, spec.male);
                (Some(self.with_wrong_check(&valid)), false)
            }
            IdNumberPlan::Valid => (Some(self.id_number(birth, spec.male)), true),
        };
        let phone = spec.has_phone.then(|| self.phone());
        let id = self.next_id(IdSeries::Person);
        if id_number.is_some() && !id_number_valid {
            self.truth.invalid_id_number(id.clone());
        }
        self.tables.row(
            Table::People,
            &[
                id.as_str(),
                name.as_str(),
                if spec.male { "M" } else { "F" },
                &date_text(birth),
                id_number.as_deref().unwrap_or(""),
                phone.as_deref().unwrap_or(""),
                spec.address.as_str(),
            ],
        );
        self.stakes
            .household_of
            .insert(id.clone(), spec.address.clone());
        town.people.push(Person {
            id,
            name,
            surname,
            male: spec.male,
            birth,
            id_number,
            id_number_valid,
            phone,
            address: spec.address,
        });
        town.people.len() - 1
    }

    /// Writes a second record of person `index` as the company registry knows them: same
    /// name, gender and birth date; the same id_number (`same_id_number`, only if it is
    /// valid) or none; no phone, no address. Returns the record's id.
    pub(in crate::gen) fn registry_record(
        &mut self,
        town: &Town,
        index: usize,
        same_id_number: bool,
    ) -> String {
        let person = &town.people[index];
        let id = self.next_id(IdSeries::RegistryRecord);
        self.stakes
            .household_of
            .insert(id.clone(), person.address.clone());
        let id_number = if same_id_number && person.id_number_valid {
            person.id_number.clone().unwrap_or_default()
        } else {
            String::new()
        };
        self.tables.row(
            Table::People,
            &[
                id.as_str(),
                person.name.as_str(),
                if person.male { "M" } else { "F" },
                &date_text(person.birth),
                id_number.as_str(),
                "",
                "",
            ],
        );
        id
    }

    /// Writes a record that only possibly is person `index`: the same name and gender, the
    /// same phone and address, but no birth date and no id number, so no certain identity
    /// rule links it (they need a birth date or an id number) while identity resolution
    /// proposes it for review. Returns the record's id.
    pub(in crate::gen) fn possible_record(&mut self, town: &Town, index: usize) -> String {
        let person = &town.people[index];
        let id = self.next_id(IdSeries::RegistryRecord);
        self.stakes
            .household_of
            .insert(id.clone(), person.address.clone());
        self.tables.row(
            Table::People,
            &[
                id.as_str(),
                person.name.as_str(),
                if person.male { "M" } else { "F" },
                "",
                "",
                person.phone.as_deref().unwrap_or(""),
                person.address.as_str(),
            ],
        );
        id
    }

    /// Links `child` to `parent`, written from either side.
    pub(in crate::gen) fn link_parent(&mut self, town: &Town, child: usize, parent: usize) {
        let (child_id, parent_id) = (town.person_id(child), town.person_id(parent));
        if self.random.chance(0.5) {
            self.tables.row(
                Table::Kinship,
                &[&child_id, &parent_id, KinRelation::Parent.as_str()],
            );
        } else {
            self.tables.row(
                Table::Kinship,
                &[&parent_id, &child_id, KinRelation::Child.as_str()],
            );
        }
    }

    /// Links two spouses, in either order.
    pub(in crate::gen) fn link_spouses(&mut self, town: &Town, one: usize, other: usize) {
        self.link_symmetric(town, one, other, KinRelation::Spouse);
    }

    /// Links two siblings, in either order.
    pub(in crate::gen) fn link_siblings(&mut self, town: &Town, one: usize, other: usize) {
        self.link_symmetric(town, one, other, KinRelation::Sibling);
    }

    fn link_symmetric(&mut self, town: &Town, one: usize, other: usize, relation: KinRelation) {
        let (first, second) = if self.random.chance(0.5) {
            (one, other)
        } else {
            (other, one)
        };
        self.tables.row(
            Table::Kinship,
            &[
                &town.person_id(first),
                &town.person_id(second),
                relation.as_str(),
            ],
        );
    }

    /// The next free home address in town-local org `org`: 村 N号 in a village, a road and
    /// number in a community.
    pub(in crate::gen) fn home(&mut self, town: &mut Town, org: usize) -> String {
        town.house_numbers[org] += 1;
        let number = town.house_numbers[org];
        let place = &town.orgs[org];
        if place.community {
            let road = RESIDENT_ROADS[(number as usize / 40) % RESIDENT_ROADS.len()];
            format!(
                "{}{}{}{road}{number}号",
                self.county.name, town.name, place.name
            )
        } else {
            format!("{}{}{}{number}号", self.county.name, town.name, place.name)
        }
    }
}
