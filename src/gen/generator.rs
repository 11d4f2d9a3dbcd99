//! The state of one run ([`Generator`]): the random stream, the table writers, the id
//! counters, the registers that keep names and numbers unique, and the truth log. The
//! background (`world`) and the planted cases (`plant`) are `impl Generator` blocks over
//! this state; `world` never calls into `plant`.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::model::Scale;
use super::names::COUNTIES;
use super::random::Random;
use super::table::Tables;
use super::truth::{Truth, TruthLog};
use super::Preset;

/// The county every org of the run belongs to.
pub(super) struct County {
    pub name: &'static str,
    /// The name without 县, as company names use it.
    pub short_name: &'static str,
    /// Set when the county's org row is written.
    pub org_id: String,
    /// (org id, name) of the county's departments.
    pub departments: Vec<(String, String)>,
}

/// The kinds of generated id, each with its own counter and format.
#[derive(Clone, Copy)]
pub(super) enum IdSeries {
    /// `p-0000001`: a person of the population register.
    Person,
    /// `pr-000001`: a second record of a person, from the company registry.
    RegistryRecord,
    Org,
    Company,
    Contract,
    Payment,
    Tip,
}

/// The last number given in each [`IdSeries`].
#[derive(Default)]
pub(super) struct Counters {
    person: u64,
    registry_record: u64,
    org: u64,
    company: u64,
    contract: u64,
    payment: u64,
    tip: u64,
    /// Phones, credit codes and company addresses are numbered too, so that they never
    /// repeat.
    pub phone: u64,
    pub credit_code: u64,
    pub company_address: u64,
}

/// What is already taken. Names and id numbers are kept as 64-bit keys, which keeps a
/// city-sized run small.
#[derive(Default)]
pub(super) struct Taken {
    /// (name, birth date) of every person: no accidental identity link.
    pub name_births: HashSet<u64>,
    pub id_numbers: HashSet<u64>,
    pub company_names: HashSet<u64>,
    pub town_names: HashSet<String>,
}

/// Who stands in the companies of the town being built, so that the background never ties
/// two companies by accident: no resident controls two companies (a supplier group), and
/// tenders do not bring together companies whose people share a household (the same
/// person, or kin). Cleared for every town.
#[derive(Default)]
pub(super) struct Stakes {
    /// People (town indices) who are legal rep or majority owner of a company.
    pub controllers: HashSet<usize>,
    /// Person record id -> household (the home address).
    pub household_of: HashMap<String, String>,
    /// Company id -> households of the people standing in it (not employees).
    pub of_company: HashMap<String, BTreeSet<String>>,
    /// Every household in `of_company`.
    pub used: HashSet<String>,
}

/// One generation run.
pub(super) struct Generator {
    pub random: Random,
    pub tables: Tables,
    pub scale: Scale,
    pub county: County,
    pub counters: Counters,
    pub taken: Taken,
    pub truth: TruthLog,
    pub stakes: Stakes,
    preset: Preset,
    seed: u64,
}

/// FNV-1a over `parts`, each part closed by a separator byte. A fixed hash rather than the
/// standard library's randomly seeded one: should two keys ever collide (which changes the
/// output), they collide in every process.
pub(super) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Generator {
    /// A run of `preset` from `seed`, writing to `tables`. The county is the first draw.
    pub(super) fn new(preset: Preset, seed: u64, tables: Tables) -> Generator {
        let mut random = Random::seeded(seed);
        let (name, short_name) = COUNTIES[random.below(COUNTIES.len())];
        Generator {
            random,
            tables,
            scale: Scale::of(preset),
            county: County {
                name,
                short_name,
                org_id: String::new(),
                departments: Vec::new(),
            },
            counters: Counters::default(),
            taken: Taken::default(),
            truth: TruthLog::default(),
            stakes: Stakes::default(),
            preset,
            seed,
        }
    }

    /// The next id of `series`.
    pub(super) fn next_id(&mut self, series: IdSeries) -> String {
        let counters = &mut self.counters;
        match series {
            IdSeries::Person => {
                counters.person += 1;
                format!("p-{:07}", counters.person)
            }
            IdSeries::RegistryRecord => {
                counters.registry_record += 1;
                format!("pr-{:06}", counters.registry_record)
            }
            IdSeries::Org => {
                counters.org += 1;
                format!("org-{:05}", counters.org)
            }
            IdSeries::Company => {
                counters.company += 1;
                format!("co-{:06}", counters.company)
            }
            IdSeries::Contract => {
                counters.contract += 1;
                format!("ct-{:07}", counters.contract)
            }
            IdSeries::Payment => {
                counters.payment += 1;
                format!("pay-{:08}", counters.payment)
            }
            IdSeries::Tip => {
                counters.tip += 1;
                format!("tip-{:06}", counters.tip)
            }
        }
    }

    /// Ends the run: the writers to flush, and the ground truth.
    pub(super) fn finish(self) -> (Tables, Truth) {
        let truth = self.truth.into_truth(self.preset, self.seed);
        (self.tables, truth)
    }
}
