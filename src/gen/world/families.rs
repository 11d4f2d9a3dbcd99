//! Families: resident households, and the three-generation family of every official
//! (parents, spouse, siblings with their spouses and children, children with theirs, the
//! spouse's parents and siblings). The `add_*` builders also serve the planted cases,
//! which add the relative a case needs to an official's family.

use chrono::Datelike;

use crate::gen::generator::Generator;
use crate::gen::model::{Branch, Family, IdNumberPlan, PersonSpec, Town};

/// Where a new child of an official lives.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(in crate::gen) enum ChildHome {
    /// Decided by age: most adults born by 1998 marry and move out.
    ByAge,
    /// An adult, married child with a household of its own (born by 1996).
    OwnHousehold,
}

impl Generator {
    /// A resident household in town-local org `org`: a couple, up to three children, and
    /// sometimes the husband's widowed parent. Its adults become residents of `org`.
    pub(super) fn household(&mut self, town: &mut Town, org: usize) {
        let address = self.home(town, org);
        let husband_year = self.random.range(1950, 1995) as i32;
        let husband = self.person(town, PersonSpec::new(true, husband_year, address.clone()));
        let surname = town.people[husband].surname.clone();
        let wife_year = (husband_year + self.random.range(-2, 4) as i32).min(1998);
        let wife = self.person(town, PersonSpec::new(false, wife_year, address.clone()));
        self.link_spouses(town, husband, wife);
        let mut adults = vec![husband, wife];
        let first_year = husband_year.max(wife_year) + 22;
        let last_year = (husband_year.min(wife_year) + 36).min(2022);
        let mut children = Vec::new();
        if first_year <= last_year {
            for _ in 0..self.random.range(0, 3) {
                let year = self.random.range(first_year as i64, last_year as i64) as i32;
                let male = self.random.chance(0.52);
                let mut spec = PersonSpec::new(male, year, address.clone()).surname(&surname);
                spec.has_phone = year <= 2008;
                let child = self.person(town, spec);
                self.link_parent(town, child, husband);
                self.link_parent(town, child, wife);
                for &elder in &children {
                    self.link_siblings(town, child, elder);
                }
                children.push(child);
                if year <= 2001 {
                    adults.push(child);
                }
            }
        }
        if self.random.chance(0.2) && husband_year >= 1960 {
            let parent_year = husband_year - self.random.range(24, 32) as i32;
            let male = self.random.chance(0.5);
            let mut spec = PersonSpec::new(male, parent_year, address.clone()).surname(&surname);
            spec.has_phone = self.random.chance(0.5);
            let parent = self.person(town, spec);
            self.link_parent(town, husband, parent);
        }
        town.residents[org].extend(adults);
    }

    /// The family of `official` (a person index), living in town-local org `village`.
    pub(super) fn official_family(
        &mut self,
        town: &mut Town,
        official: usize,
        village: usize,
    ) -> Family {
        let official_year = town.people[official].birth.year();
        let male = town.people[official].male;
        let surname = town.people[official].surname.clone();
        let home = town.people[official].address.clone();
        let mut members = vec![official];
        // Parents (the father gives the surname).
        let parents_home = if self.random.chance(0.3) {
            home.clone()
        } else {
            self.home(town, village)
        };
        let father_year = official_year - self.random.range(24, 34) as i32;
        let mother_year = official_year - self.random.range(22, 32) as i32;
        let mut spec = PersonSpec::new(true, father_year, parents_home.clone()).surname(&surname);
        spec.has_phone = self.random.chance(0.6);
        let father = self.person(town, spec);
        let mut spec = PersonSpec::new(false, mother_year, parents_home.clone());
        spec.has_phone = self.random.chance(0.6);
        let mother = self.person(town, spec);
        self.link_spouses(town, father, mother);
        self.link_parent(town, official, father);
        self.link_parent(town, official, mother);
        members.extend([father, mother]);
        // Spouse.
        let spouse_year = (official_year + self.random.range(-4, 4) as i32).min(1995);
        let spouse = self.person(town, PersonSpec::new(!male, spouse_year, home.clone()));
        self.link_spouses(town, official, spouse);
        members.push(spouse);
        let mut family = Family {
            official,
            father,
            mother,
            spouse,
            siblings: Vec::new(),
            children: Vec::new(),
            spouse_parents: None,
            spouse_siblings: Vec::new(),
            members,
            village,
        };
        // Siblings, their spouses and children.
        let sibling_count = *self.random.pick(&[0, 1, 1, 1, 2, 2, 3]);
        for _ in 0..sibling_count {
            let male = self.random.chance(0.5);
            let sibling = self.add_sibling(town, &mut family, male);
            let sibling_year = town.people[sibling].birth.year();
            if sibling_year <= 1998 && self.random.chance(0.8) {
                let branch = family.siblings.len() - 1;
                self.add_sibling_spouse(town, &mut family, branch);
                if sibling_year <= 1994 {
                    for _ in 0..self.random.range(0, 2) {
                        let male = self.random.chance(0.5);
                        self.add_sibling_child(town, &mut family, branch, male, false);
                    }
                }
            }
        }
        // Children, their spouses, grandchildren.
        let child_count = if official_year >= 1988 {
            self.random.range(0, 1)
        } else {
            self.random.range(1, 2)
        };
        for _ in 0..child_count {
            let male = self.random.chance(0.52);
            self.add_child(town, &mut family, male, ChildHome::ByAge);
        }
        // Spouse's parents and siblings.
        if self.random.chance(0.6) {
            self.add_spouse_parents(town, &mut family);
        }
        for _ in 0..*self.random.pick(&[0, 0, 1, 1, 2]) {
            let male = self.random.chance(0.5);
            self.add_spouse_sibling(town, &mut family, male, IdNumberPlan::Drawn);
        }
        family
    }

    /// Birth years a child of `parent` (and `other_parent`) may have: 22 to 36 years younger
    /// than both.
    fn child_years(&self, town: &Town, parent: usize, other_parent: Option<usize>) -> (i32, i32) {
        let year = town.people[parent].birth.year();
        let other_year = other_parent
            .map(|other| town.people[other].birth.year())
            .unwrap_or(year);
        (year.max(other_year) + 22, year.min(other_year) + 36)
    }

    /// A sibling of the official: child of both parents, sibling of every other sibling.
    pub(in crate::gen) fn add_sibling(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        male: bool,
    ) -> usize {
        self.add_sibling_with_id(town, family, male, IdNumberPlan::Drawn)
    }

    /// [`Generator::add_sibling`] with the given id-number plan.
    pub(in crate::gen) fn add_sibling_with_id(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        male: bool,
        id_number: IdNumberPlan,
    ) -> usize {
        let official_year = town.people[family.official].birth.year();
        let father_year = town.people[family.father].birth.year();
        let mother_year = town.people[family.mother].birth.year();
        let first_year = (father_year.max(mother_year) + 20).max(official_year - 10);
        let last_year = (father_year.min(mother_year) + 40)
            .min(official_year + 6)
            .min(2000);
        let year = self
            .random
            .range(first_year as i64, last_year.max(first_year) as i64) as i32;
        let address = if year <= 2000 {
            self.home(town, family.village)
        } else {
            town.people[family.father].address.clone()
        };
        let surname = town.people[family.father].surname.clone();
        let mut spec = PersonSpec::new(male, year, address).surname(&surname);
        spec.id_number = id_number;
        let sibling = self.person(town, spec);
        self.link_parent(town, sibling, family.father);
        self.link_parent(town, sibling, family.mother);
        self.link_siblings(town, sibling, family.official);
        let others: Vec<usize> = family.siblings.iter().map(|branch| branch.person).collect();
        for other in others {
            self.link_siblings(town, sibling, other);
        }
        family.siblings.push(Branch {
            person: sibling,
            spouse: None,
            children: Vec::new(),
        });
        family.members.push(sibling);
        sibling
    }

    /// The spouse of sibling `branch` (the existing one, if any).
    pub(in crate::gen) fn add_sibling_spouse(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        branch: usize,
    ) -> usize {
        let sibling = family.siblings[branch].person;
        if let Some(spouse) = family.siblings[branch].spouse {
            return spouse;
        }
        let year = (town.people[sibling].birth.year() + self.random.range(-3, 3) as i32).min(1998);
        let address = town.people[sibling].address.clone();
        let male = !town.people[sibling].male;
        let spouse = self.person(town, PersonSpec::new(male, year, address));
        self.link_spouses(town, sibling, spouse);
        family.siblings[branch].spouse = Some(spouse);
        family.members.push(spouse);
        spouse
    }

    /// A child of sibling `branch` (and of the sibling's spouse, if any); `adult` forces a
    /// birth year at most 2002.
    pub(in crate::gen) fn add_sibling_child(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        branch: usize,
        male: bool,
        adult: bool,
    ) -> usize {
        let Branch {
            person: sibling,
            spouse,
            ..
        } = family.siblings[branch].clone();
        let (first_year, last_year) = self.child_years(town, sibling, spouse);
        let last_year = last_year.min(if adult { 2002 } else { 2022 });
        let year = self
            .random
            .range(first_year as i64, last_year.max(first_year) as i64) as i32;
        let father = if town.people[sibling].male {
            Some(sibling)
        } else {
            spouse
        };
        let surname = match father {
            Some(father) => town.people[father].surname.clone(),
            None => self.weighted_surname().to_string(),
        };
        let address = town.people[sibling].address.clone();
        let mut spec = PersonSpec::new(male, year, address).surname(&surname);
        spec.has_phone = year <= 2008;
        let child = self.person(town, spec);
        self.link_parent(town, child, sibling);
        if let Some(spouse) = spouse {
            self.link_parent(town, child, spouse);
        }
        for &cousin in &family.siblings[branch].children {
            self.link_siblings(town, child, cousin);
        }
        family.siblings[branch].children.push(child);
        family.members.push(child);
        child
    }

    /// A child of the official and spouse; a married child comes with a spouse and, if born
    /// by 1996, up to two children.
    pub(in crate::gen) fn add_child(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        male: bool,
        home: ChildHome,
    ) -> usize {
        let (first_year, last_year) = self.child_years(town, family.official, Some(family.spouse));
        let own_household = home == ChildHome::OwnHousehold;
        let last_year = last_year.min(if own_household { 1996 } else { 2022 });
        let year = self
            .random
            .range(first_year as i64, last_year.max(first_year) as i64) as i32;
        let married = own_household || (year <= 1998 && self.random.chance(0.7));
        let address = if married {
            self.home(town, family.village)
        } else {
            town.people[family.official].address.clone()
        };
        let father = if town.people[family.official].male {
            family.official
        } else {
            family.spouse
        };
        let surname = town.people[father].surname.clone();
        let mut spec = PersonSpec::new(male, year, address.clone()).surname(&surname);
        spec.has_phone = year <= 2008;
        let child = self.person(town, spec);
        self.link_parent(town, child, family.official);
        self.link_parent(town, child, family.spouse);
        let elders: Vec<usize> = family.children.iter().map(|branch| branch.person).collect();
        for elder in elders {
            self.link_siblings(town, child, elder);
        }
        family.members.push(child);
        let mut child_spouse = None;
        let mut grandchildren = Vec::new();
        if married {
            let spouse_year = (year + self.random.range(-3, 3) as i32).min(2000);
            let spouse = self.person(town, PersonSpec::new(!male, spouse_year, address.clone()));
            self.link_spouses(town, child, spouse);
            family.members.push(spouse);
            child_spouse = Some(spouse);
            if year <= 1996 {
                let (first_year, last_year) = self.child_years(town, child, Some(spouse));
                let last_year = last_year.min(2023);
                if first_year <= last_year {
                    let grandchild_surname = if male {
                        surname.clone()
                    } else {
                        town.people[spouse].surname.clone()
                    };
                    for _ in 0..self.random.range(0, 2) {
                        let year = self.random.range(first_year as i64, last_year as i64) as i32;
                        let male = self.random.chance(0.5);
                        let mut spec = PersonSpec::new(male, year, address.clone())
                            .surname(&grandchild_surname);
                        spec.has_phone = year <= 2008;
                        let grandchild = self.person(town, spec);
                        self.link_parent(town, grandchild, child);
                        self.link_parent(town, grandchild, spouse);
                        for &elder in &grandchildren {
                            self.link_siblings(town, grandchild, elder);
                        }
                        grandchildren.push(grandchild);
                        family.members.push(grandchild);
                    }
                }
            }
        }
        family.children.push(Branch {
            person: child,
            spouse: child_spouse,
            children: grandchildren,
        });
        child
    }

    /// The spouse's parents, in a home of their own.
    fn add_spouse_parents(&mut self, town: &mut Town, family: &mut Family) {
        let spouse = family.spouse;
        let spouse_year = town.people[spouse].birth.year();
        let address = self.home(town, family.village);
        let surname = town.people[spouse].surname.clone();
        let father_year = spouse_year - self.random.range(24, 34) as i32;
        let mut spec = PersonSpec::new(true, father_year, address.clone()).surname(&surname);
        spec.has_phone = self.random.chance(0.6);
        let father = self.person(town, spec);
        let mother_year = spouse_year - self.random.range(22, 32) as i32;
        let mut spec = PersonSpec::new(false, mother_year, address);
        spec.has_phone = self.random.chance(0.6);
        let mother = self.person(town, spec);
        self.link_spouses(town, father, mother);
        self.link_parent(town, spouse, father);
        self.link_parent(town, spouse, mother);
        family.members.extend([father, mother]);
        family.spouse_parents = Some((father, mother));
    }

    /// A sibling of the official's spouse (own household, 70 % with a spouse).
    pub(in crate::gen) fn add_spouse_sibling(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        male: bool,
        id_number: IdNumberPlan,
    ) -> usize {
        let spouse = family.spouse;
        let spouse_year = town.people[spouse].birth.year();
        let (mut first_year, mut last_year) = (spouse_year - 6, (spouse_year + 6).min(2000));
        if let Some((father, mother)) = family.spouse_parents {
            let father_year = town.people[father].birth.year();
            let mother_year = town.people[mother].birth.year();
            first_year = first_year.max(father_year.max(mother_year) + 20);
            last_year = last_year.min(father_year.min(mother_year) + 40);
        }
        let year = self
            .random
            .range(first_year as i64, last_year.max(first_year) as i64) as i32;
        let address = self.home(town, family.village);
        let surname = match family.spouse_parents {
            Some((father, _)) => town.people[father].surname.clone(),
            None => town.people[spouse].surname.clone(),
        };
        let mut spec = PersonSpec::new(male, year, address.clone()).surname(&surname);
        spec.id_number = id_number;
        let in_law = self.person(town, spec);
        self.link_siblings(town, in_law, spouse);
        if let Some((father, mother)) = family.spouse_parents {
            self.link_parent(town, in_law, father);
            self.link_parent(town, in_law, mother);
        }
        let others = family.spouse_siblings.clone();
        for other in others {
            self.link_siblings(town, in_law, other);
        }
        family.spouse_siblings.push(in_law);
        family.members.push(in_law);
        if year <= 1998 && self.random.chance(0.7) {
            let partner_year = (year + self.random.range(-3, 3) as i32).min(1998);
            let partner = self.person(town, PersonSpec::new(!male, partner_year, address));
            self.link_spouses(town, in_law, partner);
            family.members.push(partner);
        }
        in_law
    }

    /// The father's brother and his adult child, each in a home of their own; `old_cousin`
    /// makes the cousin born by 1976 (old enough for an adult child). Returns (uncle,
    /// cousin).
    pub(in crate::gen) fn add_uncle_and_cousin(
        &mut self,
        town: &mut Town,
        family: &mut Family,
        old_cousin: bool,
    ) -> (usize, usize) {
        let father_year = town.people[family.father].birth.year();
        let uncle_year = father_year + self.random.range(-5, 5) as i32;
        let surname = town.people[family.father].surname.clone();
        let address = self.home(town, family.village);
        let mut spec = PersonSpec::new(true, uncle_year, address).surname(&surname);
        spec.has_phone = self.random.chance(0.5);
        let uncle = self.person(town, spec);
        self.link_siblings(town, uncle, family.father);
        let oldest_gap = if old_cousin {
            (1976 - uncle_year).clamp(22, 34)
        } else {
            34
        };
        let cousin_year = (uncle_year + self.random.range(22, oldest_gap as i64) as i32).min(2000);
        let address = self.home(town, family.village);
        let male = self.random.chance(0.5);
        let cousin = self.person(
            town,
            PersonSpec::new(male, cousin_year, address).surname(&surname),
        );
        self.link_parent(town, cousin, uncle);
        family.members.extend([uncle, cousin]);
        (uncle, cousin)
    }
}
