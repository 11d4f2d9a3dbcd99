//! `orgs.csv` and `positions.csv`: the county and its departments, and per town the town
//! itself, its villages and communities, and their officials. [`Generator::build_town`]
//! then fills the town's background in a fixed order: officials, households, the company
//! pool, collective enterprises and the contract slots.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::{OrgKind, Qualification};
use crate::gen::generator::{Generator, IdSeries};
use crate::gen::model::{
    ymd, Category, IdNumberPlan, Official, Org, PersonSpec, Slot, Town, CATEGORIES,
};
use crate::gen::names::{PLACE_FIRST_CHARS, PLACE_SECOND_CHARS};
use crate::gen::table::{date_text, Table};

use super::CompanySpec;

/// Departments a county may have, in the order they are written.
const DEPARTMENTS: &[&str] = &[
    "财政局",
    "住房和城乡建设局",
    "农业农村局",
    "交通运输局",
    "民政局",
    "自然资源和规划局",
];

/// County leaders (title, senior); they live in the first town.
const COUNTY_LEADERS: &[(&str, bool)] = &[("县委书记", true), ("县长", true), ("县纪委书记", true)];

/// The posts of every county department (title, senior).
const DEPARTMENT_POSTS: &[(&str, bool)] =
    &[("局长", true), ("副局长", false), ("办公室主任", false)];

/// The posts of a town (镇) government (title, senior).
const TOWN_POSTS: &[(&str, bool)] = &[
    ("镇党委书记", true),
    ("镇长", true),
    ("副镇长", false),
    ("副镇长", false),
    ("镇纪委书记", false),
    ("镇纪委副书记", false),
    ("镇人大主席", true),
    ("党政办主任", false),
    ("财政所所长", false),
    ("农业农村办主任", false),
    ("城建办主任", false),
    ("社会事务办主任", false),
];

/// The posts of a street office (街道) (title, senior).
const STREET_POSTS: &[(&str, bool)] = &[
    ("街道党工委书记", true),
    ("街道办事处主任", true),
    ("街道办事处副主任", false),
    ("街道办事处副主任", false),
    ("街道纪工委书记", false),
    ("街道纪工委副书记", false),
    ("人大工委主任", true),
    ("党政办主任", false),
    ("财政所所长", false),
    ("农业农村办主任", false),
    ("城建办主任", false),
    ("社会事务办主任", false),
];

/// The titles of a village's or community's posts.
struct LocalTitles {
    secretary: &'static str,
    director: &'static str,
    deputy_secretary: &'static str,
    committee_member: &'static str,
    women: &'static str,
    supervisor: &'static str,
    supervision_member: &'static str,
}

/// The posts of a village (村).
const VILLAGE_TITLES: LocalTitles = LocalTitles {
    secretary: "村党总支书记",
    director: "村委会主任",
    deputy_secretary: "村党总支副书记",
    committee_member: "村委委员",
    women: "妇女主任",
    supervisor: "村务监督委员会主任",
    supervision_member: "村务监督委员会委员",
};

/// The posts of an urban community (社区).
const COMMUNITY_TITLES: LocalTitles = LocalTitles {
    secretary: "社区党委书记",
    director: "社区居委会主任",
    deputy_secretary: "社区党委副书记",
    committee_member: "社区居委会委员",
    women: "社区妇联主席",
    supervisor: "社区监督委员会主任",
    supervision_member: "社区监督委员会委员",
};

/// A post to fill with a new official.
#[derive(Clone, Copy)]
pub(in crate::gen) struct Post<'a> {
    /// Town-local org index, or `None` for a county-level post.
    pub org: Option<usize>,
    pub org_id: &'a str,
    /// One title, or two held together (一肩挑).
    pub titles: &'a [&'static str],
    pub senior: bool,
}

impl Generator {
    /// Writes the county and its departments.
    pub(in crate::gen) fn write_county(&mut self) {
        self.county.org_id = self.next_id(IdSeries::Org);
        let (county_id, county) = (self.county.org_id.clone(), self.county.name);
        self.tables.row(
            Table::Orgs,
            &[&county_id, county, OrgKind::County.as_str(), "", county],
        );
        for department in DEPARTMENTS.iter().take(self.scale.departments) {
            let id = self.next_id(IdSeries::Org);
            let name = format!("{county}{department}");
            self.tables.row(
                Table::Orgs,
                &[&id, &name, OrgKind::Department.as_str(), &county_id, county],
            );
            self.county.departments.push((id, name));
        }
    }

    /// A town name not used yet in the county.
    fn new_town_name(&mut self) -> String {
        loop {
            let suffix = if self.random.chance(0.15) {
                "街道"
            } else {
                "镇"
            };
            let name = format!(
                "{}{}{suffix}",
                self.random.pick(PLACE_FIRST_CHARS),
                self.random.pick(PLACE_SECOND_CHARS)
            );
            if self.taken.town_names.insert(name.clone()) {
                return name;
            }
        }
    }

    /// Writes the background of town number `town_index` and returns it, its slots still
    /// to fill (cases first, then [`Generator::write_contracts`]).
    pub(in crate::gen) fn build_town(&mut self, town_index: usize) -> Town {
        let mut town = Town::new(self.new_town_name());
        self.stakes = Default::default();
        self.write_town_orgs(&mut town);
        if town_index == 0 {
            self.staff_county(&mut town);
        }
        self.staff_town(&mut town);
        for org in 1..town.orgs.len() {
            self.staff_village(&mut town, org);
        }
        for org in 1..town.orgs.len() {
            for _ in 0..self.random.count(self.scale.households) {
                self.household(&mut town, org);
            }
        }
        self.write_company_pool(&mut town);
        for org in 1..town.orgs.len() {
            if self.random.chance(0.4) {
                self.collective(&mut town, org);
            }
        }
        for org in 0..town.orgs.len() {
            for category in CATEGORIES {
                let (min, max) = category.base_amount_range();
                let base_amount = self.random.range(min / 1000, max / 1000) * 1000;
                let background_contracts = self.random.count(self.scale.contracts_per_slot);
                town.slots.push(Slot {
                    org,
                    category,
                    exclusive: false,
                    base_amount,
                    background_contracts,
                    injected: Vec::new(),
                });
            }
        }
        town
    }

    /// The town's org row, then its villages and communities.
    fn write_town_orgs(&mut self, town: &mut Town) {
        let town_id = self.next_id(IdSeries::Org);
        let region = format!("{}{}", self.county.name, town.name);
        self.tables.row(
            Table::Orgs,
            &[
                &town_id,
                &town.name,
                OrgKind::Town.as_str(),
                &self.county.org_id.clone(),
                &region,
            ],
        );
        town.orgs.push(Org {
            id: town_id.clone(),
            name: town.name.clone(),
            community: false,
        });
        let village_count = self.random.count(self.scale.villages) as usize;
        let mut village_names = HashSet::new();
        for _ in 0..village_count {
            let community = self.random.chance(self.scale.community_share);
            let name = loop {
                let base = format!(
                    "{}{}",
                    self.random.pick(PLACE_FIRST_CHARS),
                    self.random.pick(PLACE_SECOND_CHARS)
                );
                let name = if community {
                    format!("{base}社区")
                } else {
                    format!("{base}村")
                };
                if village_names.insert(name.clone()) {
                    break name;
                }
            };
            let id = self.next_id(IdSeries::Org);
            let kind = if community {
                OrgKind::Community
            } else {
                OrgKind::Village
            };
            self.tables
                .row(Table::Orgs, &[&id, &name, kind.as_str(), &town_id, &region]);
            town.orgs.push(Org {
                id,
                name,
                community,
            });
        }
        town.house_numbers = vec![0; town.orgs.len()];
        town.residents = vec![Vec::new(); town.orgs.len()];
    }

    /// County leaders and department heads, living in villages of this town.
    fn staff_county(&mut self, town: &mut Town) {
        let county_id = self.county.org_id.clone();
        for (title, senior) in COUNTY_LEADERS {
            let village = 1 + self.random.below(town.orgs.len() - 1);
            let post = Post {
                org: None,
                org_id: &county_id,
                titles: &[title],
                senior: *senior,
            };
            self.official(town, post, village);
        }
        for (department_id, _) in self.county.departments.clone() {
            for (title, senior) in DEPARTMENT_POSTS {
                let village = 1 + self.random.below(town.orgs.len() - 1);
                let post = Post {
                    org: None,
                    org_id: &department_id,
                    titles: &[title],
                    senior: *senior,
                };
                self.official(town, post, village);
            }
        }
    }

    /// The town government, living in its villages.
    fn staff_town(&mut self, town: &mut Town) {
        let town_id = town.orgs[0].id.clone();
        let posts = if town.name.ends_with("街道") {
            STREET_POSTS
        } else {
            TOWN_POSTS
        };
        for (title, senior) in posts {
            let village = 1 + self.random.below(town.orgs.len() - 1);
            let post = Post {
                org: Some(0),
                org_id: &town_id,
                titles: &[title],
                senior: *senior,
            };
            self.official(town, post, village);
        }
    }

    /// The cadres of town-local org `org`, living there.
    fn staff_village(&mut self, town: &mut Town, org: usize) {
        let org_id = town.orgs[org].id.clone();
        let community = town.orgs[org].community;
        let titles = if community {
            &COMMUNITY_TITLES
        } else {
            &VILLAGE_TITLES
        };
        // (titles, senior)
        let mut posts: Vec<(Vec<&'static str>, bool)> = Vec::new();
        if self.random.chance(0.2) {
            posts.push((vec![titles.secretary, titles.director], true)); // 一肩挑
        } else {
            posts.push((vec![titles.secretary], true));
            posts.push((vec![titles.director], true));
        }
        posts.push((vec![titles.deputy_secretary], false));
        for _ in 0..self.random.range(3, 4) {
            posts.push((vec![titles.committee_member], false));
        }
        if !community {
            for _ in 0..self.random.range(1, 2) {
                posts.push((vec!["村民小组长"], false));
            }
        }
        posts.push((vec!["报账员"], false));
        posts.push((vec![titles.women], false));
        posts.push((vec![titles.supervisor], false));
        for _ in 0..self.random.range(0, 1) {
            posts.push((vec![titles.supervision_member], false));
        }
        for (titles, senior) in posts {
            let post = Post {
                org: Some(org),
                org_id: &org_id,
                titles: &titles,
                senior,
            };
            self.official(town, post, org);
        }
    }

    /// A new official in `post`, with a three-generation family living in town-local org
    /// `village`. Most took office in 2005-2012 and still hold it; some junior village
    /// cadres took office in 2019-2023, and some officials held an earlier post at a
    /// village of the town that ended before the current one began (history the patterns
    /// must read by date; the background stays clean whatever the dates). Returns the
    /// official's index.
    fn official(&mut self, town: &mut Town, post: Post<'_>, village: usize) -> usize {
        let recent =
            !post.senior && post.org.is_some_and(|org| org > 0) && self.random.chance(0.08);
        let official = self.official_in_office(town, post, village, None);
        let person = town.officials[official].person;
        if recent {
            let start = self.random.date_in(ymd(2019, 1, 1), ymd(2023, 12, 31));
            town.officials[official].since = start;
        }
        let since = town.officials[official].since;
        for title in town.officials[official].titles.clone() {
            let org_id = post.org_id.to_string();
            self.position(town, person, &org_id, title, since, None);
        }
        if self.random.chance(0.12) && town.orgs.len() > 1 {
            let earlier_org = 1 + self.random.below(town.orgs.len() - 1);
            let earlier_title = if town.orgs[earlier_org].community {
                "社区居委会委员"
            } else {
                "村委委员"
            };
            let start = self.random.date_in(ymd(1996, 1, 1), ymd(2003, 12, 31));
            let end = since - Duration::days(self.random.range(1, 300));
            let org_id = town.orgs[earlier_org].id.clone();
            self.position(
                town,
                person,
                &org_id,
                earlier_title,
                start,
                Some(end.max(start)),
            );
        }
        official
    }

    /// A new official in `post` since a day of 2005-2012 (from age 22), with a family;
    /// the post rows are left to the caller, except when `tenure` is given: then one post
    /// row per title is written with those (start, end) dates. Returns the index.
    pub(in crate::gen) fn official_in_office(
        &mut self,
        town: &mut Town,
        post: Post<'_>,
        village: usize,
        tenure: Option<(NaiveDate, Option<NaiveDate>)>,
    ) -> usize {
        let birth_year = if post.senior {
            self.random.range(1958, 1972)
        } else {
            self.random.range(1960, 1990)
        } as i32;
        let male = if post.titles.iter().any(|title| title.contains("妇")) {
            false
        } else if post.senior {
            self.random.chance(0.85)
        } else {
            self.random.chance(0.6)
        };
        let home = self.home(town, village);
        let mut spec = PersonSpec::new(male, birth_year, home);
        // Officials' records are well kept: most have a valid id number.
        spec.id_number = if self.random.chance(0.97) {
            IdNumberPlan::Valid
        } else {
            IdNumberPlan::Drawn
        };
        let person = self.person(town, spec);
        let birth = town.people[person].birth;
        let adult = ymd(birth.year() + 22, birth.month(), birth.day().min(28));
        let from = adult.max(ymd(2005, 1, 1)).min(ymd(2012, 12, 31));
        let (since, until) = match tenure {
            Some((start, end)) => {
                for title in post.titles {
                    self.position(town, person, post.org_id, title, start, end);
                }
                (start, end)
            }
            None => (self.random.date_in(from, ymd(2012, 12, 31)), None),
        };
        let family = self.official_family(town, person, village);
        town.officials.push(Official {
            person,
            org: post.org,
            titles: post.titles.to_vec(),
            senior: post.senior,
            since,
            until,
        });
        town.families.push(family);
        town.official_taken.push(false);
        town.officials.len() - 1
    }

    /// Writes a position held from `start` to `end` (`None`: still held).
    fn position(
        &mut self,
        town: &Town,
        person: usize,
        org_id: &str,
        title: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) {
        let end = end.map(date_text).unwrap_or_default();
        self.tables.row(
            Table::Positions,
            &[
                &town.person_id(person),
                org_id,
                title,
                &date_text(start),
                &end,
            ],
        );
    }

    /// The background's suppliers: `companies_per_category` per category, each with
    /// resident roles. Construction companies hold grade 3 (65 %), 2 (28 %) or 1.
    fn write_company_pool(&mut self, town: &mut Town) {
        for category in CATEGORIES {
            for _ in 0..self.scale.companies_per_category {
                let grade = if category == Category::Construction {
                    let draw = self.random.fraction();
                    Some(if draw < 0.65 {
                        Qualification::Grade3
                    } else if draw < 0.93 {
                        Qualification::Grade2
                    } else {
                        Qualification::Grade1
                    })
                } else {
                    None
                };
                let name = self.company_name(town, category);
                let company = self.company(
                    town,
                    CompanySpec {
                        grade,
                        ..CompanySpec::new(name, Some(category))
                    },
                );
                self.resident_roles(town, company, None);
                town.pools[category.index()].push(company);
            }
        }
    }
}
