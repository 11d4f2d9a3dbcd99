//! The generator's in-memory model: the size of a preset ([`Scale`]), the contract
//! categories, and the one town being built ([`Town`]: its orgs, people, officials with
//! their families, companies and contract slots). Rows are written as they are made; the
//! model keeps only what later rows of the same town refer to. The background (`world`)
//! and the planted cases (`plant`) both build on these types.

use chrono::NaiveDate;

use super::Preset;
use crate::domain::{ContractMethod, Qualification};

/// A calendar date; the generator only builds valid ones.
pub(super) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// How big a preset's world is. Counts given as `(min, max)` are drawn per town, village
/// or slot.
pub(super) struct Scale {
    /// Towns (and street offices) in the county.
    pub towns: usize,
    /// Villages and communities per town.
    pub villages: (i64, i64),
    /// Share of the villages that are urban communities.
    pub community_share: f64,
    /// Resident households per village.
    pub households: (i64, i64),
    /// Pool companies per category per town.
    pub companies_per_category: usize,
    /// Background contracts per (buyer, category) slot.
    pub contracts_per_slot: (i64, i64),
    /// Labour fees and subsidies a village pays its residents.
    pub labour_payments: (i64, i64),
    /// Fees a village's cadres collect.
    pub collected_fees: (i64, i64),
    /// Payments of each collective enterprise to residents.
    pub collective_payments: (i64, i64),
    /// Tips received per town.
    pub tips: (i64, i64),
    /// County departments (at most six).
    pub departments: usize,
    /// How many times the list of planted cases is planted.
    pub case_copies: usize,
    /// How many times the list of near misses is planted.
    pub near_miss_copies: usize,
}

impl Scale {
    /// The sizes of `preset`.
    pub(super) fn of(preset: Preset) -> Scale {
        let county = Scale {
            towns: 20,
            villages: (18, 22),
            community_share: 0.15,
            households: (26, 33),
            companies_per_category: 30,
            contracts_per_slot: (5, 14),
            labour_payments: (70, 110),
            collected_fees: (20, 40),
            collective_payments: (20, 40),
            tips: (90, 110),
            departments: 6,
            case_copies: 10,
            near_miss_copies: 10,
        };
        match preset {
            Preset::Small => Scale {
                towns: 1,
                villages: (5, 5),
                community_share: 0.2,
                households: (40, 48),
                companies_per_category: 10,
                contracts_per_slot: (2, 5),
                labour_payments: (12, 20),
                collected_fees: (4, 8),
                collective_payments: (5, 10),
                tips: (10, 10),
                departments: 1,
                case_copies: 1,
                near_miss_copies: 1,
            },
            Preset::County => county,
            Preset::City => Scale {
                towns: 200,
                case_copies: 100,
                near_miss_copies: 100,
                ..county
            },
        }
    }
}

/// What a contract buys; every org has one contract slot per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Category {
    Construction,
    Advertising,
    Cleaning,
    Goods,
    Services,
}

/// Every category, in slot order.
pub(super) const CATEGORIES: [Category; 5] = [
    Category::Construction,
    Category::Advertising,
    Category::Cleaning,
    Category::Goods,
    Category::Services,
];

impl Category {
    /// Position in [`CATEGORIES`].
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// The contract's `category` cell.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Category::Construction => "construction",
            Category::Advertising => "advertising",
            Category::Cleaning => "cleaning",
            Category::Goods => "goods",
            Category::Services => "services",
        }
    }

    /// The `industry` of the companies supplying it.
    pub(super) fn industry(self) -> &'static str {
        match self {
            Category::Construction => "建筑业",
            Category::Advertising => "广告业",
            Category::Cleaning => "环境卫生管理",
            Category::Goods => "批发和零售业",
            Category::Services => "商务服务业",
        }
    }

    /// The end of the names of companies supplying it.
    pub(super) fn company_name_suffix(self) -> &'static str {
        match self {
            Category::Construction => "建设工程有限公司",
            Category::Advertising => "广告有限公司",
            Category::Cleaning => "保洁服务有限公司",
            Category::Goods => "商贸有限公司",
            Category::Services => "物业服务有限公司",
        }
    }

    /// Range of a slot's base amount (yuan); contracts of the slot lie in [base, 2.5 base).
    pub(super) fn base_amount_range(self) -> (i64, i64) {
        match self {
            Category::Construction => (100_000, 400_000),
            Category::Advertising => (15_000, 60_000),
            Category::Cleaning => (30_000, 80_000),
            Category::Goods => (10_000, 60_000),
            Category::Services => (20_000, 70_000),
        }
    }

    /// The works a contract title names (one is drawn per contract).
    pub(super) fn works(self) -> &'static [&'static str] {
        match self {
            Category::Construction => &[
                "道路硬化工程",
                "文化礼堂修缮工程",
                "河道清淤工程",
                "污水管网改造工程",
                "村道拓宽工程",
                "公园建设工程",
                "农田水利工程",
                "危房改造工程",
            ],
            Category::Advertising => &[
                "宣传栏制作",
                "文明创建宣传广告",
                "道路指示牌制作",
                "党建宣传氛围布置",
            ],
            Category::Cleaning => &["环境保洁服务", "垃圾清运服务", "河道保洁服务"],
            Category::Goods => &[
                "办公设备采购",
                "垃圾桶采购",
                "路灯采购",
                "防汛物资采购",
                "健身器材采购",
            ],
            Category::Services => &["物业管理服务", "绿化养护服务", "安保服务", "财务代理服务"],
        }
    }

    /// The `purpose` of the payments settling its contracts.
    pub(super) fn settlement_purpose(self) -> &'static str {
        match self {
            Category::Construction => "工程款",
            Category::Goods => "货款",
            _ => "服务费",
        }
    }
}

/// How a person's `id_number` cell is filled.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum IdNumberPlan {
    /// The population's mix: ~90 % valid, ~9.5 % none, ~0.5 % with a wrong check character.
    Drawn,
    /// A fresh valid number.
    Valid,
    /// A fresh number with a wrong check character.
    WrongCheck,
    /// This exact text, copied from another record; `valid` says whether its check
    /// character holds.
    Copied { text: String, valid: bool },
}

/// What to write for a new person; what is left `None` is drawn.
pub(super) struct PersonSpec {
    pub surname: Option<String>,
    /// The whole name, when it must equal someone else's.
    pub full_name: Option<String>,
    pub male: bool,
    pub birth_year: i32,
    /// The exact birth date, else a day of `birth_year` is drawn.
    pub birth_date: Option<NaiveDate>,
    pub address: String,
    pub has_phone: bool,
    pub id_number: IdNumberPlan,
}

impl PersonSpec {
    /// A person with a drawn surname, name, birth day and id number, and a phone.
    pub(super) fn new(male: bool, birth_year: i32, address: String) -> PersonSpec {
        PersonSpec {
            surname: None,
            full_name: None,
            male,
            birth_year,
            birth_date: None,
            address,
            has_phone: true,
            id_number: IdNumberPlan::Drawn,
        }
    }

    /// The same with the given surname (a child takes the father's).
    pub(super) fn surname(mut self, surname: &str) -> PersonSpec {
        self.surname = Some(surname.to_string());
        self
    }
}

/// A person written to `people.csv`, as later rows of the town need it.
pub(super) struct Person {
    pub id: String,
    pub name: String,
    pub surname: String,
    pub male: bool,
    pub birth: NaiveDate,
    pub id_number: Option<String>,
    /// Whether `id_number` has a correct check character.
    pub id_number_valid: bool,
    pub phone: Option<String>,
    pub address: String,
}

/// The town itself (index 0 of [`Town::orgs`]) or one of its villages and communities.
pub(super) struct Org {
    pub id: String,
    pub name: String,
    /// An urban community (社区) rather than a village (村).
    pub community: bool,
}

/// An official of the town, of one of its villages, or of the county.
pub(super) struct Official {
    /// Index into [`Town::people`].
    pub person: usize,
    /// Town-local org index (0 = the town), or `None` for county-level posts.
    pub org: Option<usize>,
    pub titles: Vec<&'static str>,
    /// May approve contracts of the org.
    pub senior: bool,
    /// When the current post(s) started...
    pub since: NaiveDate,
    /// ...and ended (`None`: still held).
    pub until: Option<NaiveDate>,
}

impl Official {
    /// Whether the post is held from 2013 on without end: a case may put any finding of
    /// 2013-2025 on such an official, and the background hands them money and approvals.
    pub(super) fn serves_throughout(&self) -> bool {
        self.since <= ymd(2012, 12, 31) && self.until.is_none()
    }
}

/// A sibling or child of an official, with their spouse and children.
#[derive(Clone)]
pub(super) struct Branch {
    pub person: usize,
    pub spouse: Option<usize>,
    pub children: Vec<usize>,
}

/// An official's family; indices into [`Town::people`].
#[derive(Default)]
pub(super) struct Family {
    pub official: usize,
    pub father: usize,
    pub mother: usize,
    pub spouse: usize,
    pub siblings: Vec<Branch>,
    pub children: Vec<Branch>,
    /// The spouse's (father, mother), if written.
    pub spouse_parents: Option<(usize, usize)>,
    pub spouse_siblings: Vec<usize>,
    /// Every member, the official included.
    pub members: Vec<usize>,
    /// Town-local org where the family lives.
    pub village: usize,
}

/// A company of the town.
pub(super) struct Company {
    pub id: String,
    /// Construction qualification held, for construction companies.
    pub grade: Option<Qualification>,
}

/// A company owned by a village (集体企业).
#[derive(Clone, Copy)]
pub(super) struct Collective {
    /// Index into [`Town::companies`].
    pub company: usize,
    /// The owning village, a town-local org index.
    pub village: usize,
}

/// Which bids a contract gets besides the winner's.
pub(super) enum BidPlan {
    /// As the background does: 2-4 other bidders (2 for an invited tender), sometimes one
    /// of them disqualified.
    Usual,
    /// The winner's bid only.
    WinnerOnly,
    /// Two other bids, both disqualified.
    OthersDisqualified,
    /// No bids at all (a direct award).
    NoBids,
    /// These companies bid too (qualified), besides two usual others.
    Including(Vec<String>),
}

/// A settlement payment of a contract that is a kin-payee case: each one is an alert.
pub(super) struct KinPayeeNote {
    /// The alert's subjects; the payment id is added.
    pub subjects: Vec<String>,
    pub note: String,
}

/// A contract, its bids and its settlements, to be written.
pub(super) struct ContractSpec {
    pub id: String,
    pub title: String,
    pub amount: i64,
    pub method: ContractMethod,
    pub required_qualification: Option<Qualification>,
    pub awarded_on: NaiveDate,
    pub supplier: String,
    pub approver: String,
    pub bids: BidPlan,
    pub kin_payee: Option<KinPayeeNote>,
}

/// The contracts of one (buyer, category) pair. Background contracts of a slot keep the
/// slot clean: distinct suppliers, amounts in [base, 2.5 base).
pub(super) struct Slot {
    /// Town-local org index of the buyer.
    pub org: usize,
    pub category: Category,
    /// Owned by one case: no background contracts, no other case.
    pub exclusive: bool,
    pub base_amount: i64,
    /// Background contracts still to draw.
    pub background_contracts: i64,
    /// Contracts the cases put in, written before the background ones.
    pub injected: Vec<ContractSpec>,
}

/// The town being generated.
pub(super) struct Town {
    pub name: String,
    /// The town (index 0), then its villages and communities.
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub officials: Vec<Official>,
    /// One per official, same index.
    pub families: Vec<Family>,
    /// Officials already used by a case, same index: cases prefer fresh ones.
    pub official_taken: Vec<bool>,
    /// Adult residents (not in any official's family), per town-local org.
    pub residents: Vec<Vec<usize>>,
    pub companies: Vec<Company>,
    /// Company indices of the background pool, per category.
    pub pools: Vec<Vec<usize>>,
    pub collectives: Vec<Collective>,
    /// Last house number given, per town-local org.
    pub house_numbers: Vec<u32>,
    /// One per (org, category), in org then [`CATEGORIES`] order.
    pub slots: Vec<Slot>,
}

impl Town {
    /// An empty town named `name`.
    pub(super) fn new(name: String) -> Town {
        Town {
            name,
            orgs: Vec::new(),
            people: Vec::new(),
            officials: Vec::new(),
            families: Vec::new(),
            official_taken: Vec::new(),
            residents: Vec::new(),
            companies: Vec::new(),
            pools: vec![Vec::new(); CATEGORIES.len()],
            collectives: Vec::new(),
            house_numbers: Vec::new(),
            slots: Vec::new(),
        }
    }

    /// The `people.csv` id of person `index`.
    pub(super) fn person_id(&self, index: usize) -> String {
        self.people[index].id.clone()
    }

    /// The index of the slot of (org, category) in [`Town::slots`].
    pub(super) fn slot_index(org: usize, category: Category) -> usize {
        org * CATEGORIES.len() + category.index()
    }
}
