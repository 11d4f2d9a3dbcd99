//! Closed vocabularies of the contract: booleans, gender, kinship relations, company roles,
//! qualification grades, contract methods and org kinds. Each accepts the English and Chinese
//! spellings the contract lists (plus a few close variants seen in exports), matched after
//! trimming, full-width folding, lower-casing and dropping spaces, `_` and `-`, so
//! `Legal Rep`, `legal-rep` and `ＬＥＧＡＬ_ＲＥＰ` all read as `legal_rep`. Each has one
//! canonical English spelling (`as_str`), used in the graph and in serialised output.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{excerpt, ValueError};
use super::text::fold_width_char;
use crate::scan::terms::{self, Step};

/// The matching key of a vocabulary word: folded, lower-cased, without white space, `_`, `-`.
fn word_key(s: &str) -> String {
    s.chars()
        .map(fold_width_char)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Looks `s` up in a table of (key, value) pairs whose keys are already in [`word_key`] form.
fn lookup<K: AsRef<str>, T: Copy>(
    s: &str,
    table: &[(K, T)],
    what: &'static str,
    expected: &'static str,
) -> Result<T, ValueError> {
    let key = word_key(s);
    table
        .iter()
        .find(|(k, _)| k.as_ref() == key)
        .map(|&(_, v)| v)
        .ok_or_else(|| ValueError::UnknownWord {
            what,
            expected,
            found: excerpt(s),
        })
}

/// Parses a boolean cell: `true/false`, `yes/no`, `y/n`, `1/0`, `是/否`, in any case.
pub fn parse_bool(s: &str) -> Result<bool, ValueError> {
    const TABLE: &[(&str, bool)] = &[
        ("true", true),
        ("yes", true),
        ("y", true),
        ("1", true),
        ("是", true),
        ("false", false),
        ("no", false),
        ("n", false),
        ("0", false),
        ("否", false),
    ];
    lookup(s, TABLE, "a boolean", "true/false, yes/no, 1/0 or 是/否")
}

/// Implements `Display`, `FromStr`, `Serialize` (the canonical `as_str` word) and
/// `Deserialize` (any accepted spelling, through `parse`) for a vocabulary enum.
macro_rules! vocabulary_traits {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                Self::parse(s)
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A person's sex, as recorded in the household registry. It decides the names of extended
/// kin (a sister's daughter is 外甥女, a brother's daughter 侄女).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

impl Gender {
    /// Parses `M/F`, `male/female`, `男/女` (also `男性/女性`), in any case.
    pub fn parse(s: &str) -> Result<Gender, ValueError> {
        const TABLE: &[(&str, Gender)] = &[
            ("m", Gender::Male),
            ("male", Gender::Male),
            ("男", Gender::Male),
            ("男性", Gender::Male),
            ("f", Gender::Female),
            ("female", Gender::Female),
            ("女", Gender::Female),
            ("女性", Gender::Female),
        ];
        lookup(s, TABLE, "a gender", "M/F, male/female or 男/女")
    }

    /// The canonical word: `male` or `female`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// The Chinese word: 男 or 女.
    pub fn zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

vocabulary_traits!(Gender);

/// A primitive family tie: what the relative is to the person. Extended kin is never given
/// directly but derived from chains of these. The words for ties (父亲, 妹妹, wife ...) live
/// in [`crate::scan::terms`]; this module only reads them to parse relation cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KinRelation {
    /// The relative is the person's father or mother.
    Parent,
    /// The relative is the person's son or daughter.
    Child,
    /// The relative is the person's husband or wife.
    Spouse,
    /// The relative is the person's brother or sister.
    Sibling,
}

/// A relation cell read in full: the tie, and what the Chinese (or gendered English) word also
/// says about the relative. `妹妹` is a sibling who is female and younger than the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParsedRelation {
    /// The tie.
    pub relation: KinRelation,
    /// The relative's gender when the word implies it (父亲, 女儿, wife); `None` for the
    /// neutral words (parent, 父母, 配偶, 兄弟姐妹).
    pub relative_gender: Option<Gender>,
    /// For siblings named 哥哥/姐姐 (`Some(true)`) or 弟弟/妹妹 (`Some(false)`): whether the
    /// relative is older than the person; `None` otherwise.
    pub relative_is_older: Option<bool>,
}

/// Accepted spellings of the relation column, with what each implies: every Chinese word
/// for one tie in [`terms::TIE_TERMS`], and the English ones that are single words (`father`,
/// `sister`, `sibling`; not `elder brother`). Keys in [`word_key`] form.
static RELATION_TABLE: LazyLock<Vec<(String, ParsedRelation)>> = LazyLock::new(|| {
    let mut table = Vec::new();
    for tie in terms::TIE_TERMS {
        let parsed = ParsedRelation {
            relation: KinRelation::of_step(tie.step),
            relative_gender: tie
                .male
                .map(|male| if male { Gender::Male } else { Gender::Female }),
            relative_is_older: tie.older,
        };
        table.push((word_key(tie.zh), parsed));
        if tie.older.is_none() {
            table.push((word_key(tie.en), parsed));
        }
    }
    table
});

/// The words listed when a relation cell is not understood: the neutral English words, then
/// the Chinese words of each tie (`parent, child, spouse, sibling, or 父亲 母亲 父母, ...`).
static RELATION_EXPECTED: LazyLock<String> = LazyLock::new(|| {
    let neutral: Vec<&str> = terms::TIE_TERMS
        .iter()
        .filter(|t| t.male.is_none())
        .map(|t| t.en)
        .collect();
    let mut groups: Vec<String> = Vec::new();
    let mut last_step = None;
    for tie in terms::TIE_TERMS {
        match groups.last_mut() {
            Some(group) if last_step == Some(tie.step) => {
                group.push(' ');
                group.push_str(tie.zh);
            }
            _ => groups.push(tie.zh.to_string()),
        }
        last_step = Some(tie.step);
    }
    format!("{}, or {}", neutral.join(", "), groups.join(", "))
});

impl ParsedRelation {
    /// Parses a relation cell, keeping what the word says about the relative's gender and
    /// age. Accepts the contract's words and English `father/mother/son/daughter/husband/
    /// wife/brother/sister`.
    pub fn parse(s: &str) -> Result<ParsedRelation, ValueError> {
        lookup(
            s,
            &RELATION_TABLE,
            "a kinship relation",
            RELATION_EXPECTED.as_str(),
        )
    }
}

impl KinRelation {
    /// Parses a relation cell to the bare tie (see [`ParsedRelation::parse`] to keep the
    /// gender and age the word implies).
    pub fn parse(s: &str) -> Result<KinRelation, ValueError> {
        ParsedRelation::parse(s).map(|p| p.relation)
    }

    /// The canonical word: `parent`, `child`, `spouse` or `sibling`.
    pub fn as_str(self) -> &'static str {
        match self {
            KinRelation::Parent => "parent",
            KinRelation::Child => "child",
            KinRelation::Spouse => "spouse",
            KinRelation::Sibling => "sibling",
        }
    }

    /// The neutral Chinese word: 父母, 子女, 配偶 or 兄弟姐妹 (from [`terms::TIE_TERMS`]).
    pub fn zh(self) -> &'static str {
        terms::tie_term(self.step(), None, None).0
    }

    /// The step of a kinship chain from the person to the relative (a parent is a step up).
    pub fn step(self) -> Step {
        match self {
            KinRelation::Parent => Step::Up,
            KinRelation::Child => Step::Down,
            KinRelation::Spouse => Step::Spouse,
            KinRelation::Sibling => Step::Sibling,
        }
    }

    /// The tie a step of a kinship chain walks.
    pub fn of_step(step: Step) -> KinRelation {
        match step {
            Step::Up => KinRelation::Parent,
            Step::Down => KinRelation::Child,
            Step::Spouse => KinRelation::Spouse,
            Step::Sibling => KinRelation::Sibling,
        }
    }

    /// The same tie seen from the relative: if B is A's parent, A is B's child. Used to
    /// recognise `A,B,child` and `B,A,parent` as one tie.
    pub fn inverse(self) -> KinRelation {
        match self {
            KinRelation::Parent => KinRelation::Child,
            KinRelation::Child => KinRelation::Parent,
            KinRelation::Spouse => KinRelation::Spouse,
            KinRelation::Sibling => KinRelation::Sibling,
        }
    }
}

vocabulary_traits!(KinRelation);

/// How a person (or a corporate shareholder) stands in a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompanyRole {
    /// 法定代表人.
    LegalRep,
    /// 股东.
    Shareholder,
    /// 董事.
    Director,
    /// 监事.
    Supervisor,
    /// 经理.
    Manager,
    /// 员工.
    Employee,
}

impl CompanyRole {
    /// Parses `legal_rep`, `shareholder`, `director`, `supervisor`, `manager`, `employee` or
    /// 法定代表人, 股东, 董事, 监事, 经理, 员工; also `legal representative`, 法人, 法人代表,
    /// 执行董事, 董事长, 总经理, 职工.
    pub fn parse(s: &str) -> Result<CompanyRole, ValueError> {
        use CompanyRole::*;
        const TABLE: &[(&str, CompanyRole)] = &[
            ("legalrep", LegalRep),
            ("legalrepresentative", LegalRep),
            ("法定代表人", LegalRep),
            ("法人代表", LegalRep),
            ("法人", LegalRep),
            ("shareholder", Shareholder),
            ("股东", Shareholder),
            ("director", Director),
            ("董事", Director),
            ("执行董事", Director),
            ("董事长", Director),
            ("supervisor", Supervisor),
            ("监事", Supervisor),
            ("manager", Manager),
            ("经理", Manager),
            ("总经理", Manager),
            ("employee", Employee),
            ("员工", Employee),
            ("职工", Employee),
        ];
        lookup(
            s,
            TABLE,
            "a company role",
            "legal_rep, shareholder, director, supervisor, manager, employee, \
             or 法定代表人, 股东, 董事, 监事, 经理, 员工",
        )
    }

    /// The canonical word: `legal_rep`, `shareholder`, `director`, `supervisor`, `manager`,
    /// `employee`.
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyRole::LegalRep => "legal_rep",
            CompanyRole::Shareholder => "shareholder",
            CompanyRole::Director => "director",
            CompanyRole::Supervisor => "supervisor",
            CompanyRole::Manager => "manager",
            CompanyRole::Employee => "employee",
        }
    }

    /// The Chinese word: 法定代表人, 股东, 董事, 监事, 经理, 员工.
    pub fn zh(self) -> &'static str {
        match self {
            CompanyRole::LegalRep => "法定代表人",
            CompanyRole::Shareholder => "股东",
            CompanyRole::Director => "董事",
            CompanyRole::Supervisor => "监事",
            CompanyRole::Manager => "经理",
            CompanyRole::Employee => "员工",
        }
    }

    /// Whether the role gives a say in or a share of the company, so that a relative holding
    /// it makes the company the official's interest. An ordinary employee does not.
    pub fn stands_in_company(self) -> bool {
        !matches!(self, CompanyRole::Employee)
    }
}

vocabulary_traits!(CompanyRole);

/// A construction qualification grade (建筑业企业资质等级). `Ord` follows strictness:
/// `Special > Grade1 > Grade2 > Grade3`, so a bidder qualifies when `held >= required`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualification {
    /// 特级, the highest.
    Special,
    /// 一级.
    Grade1,
    /// 二级.
    Grade2,
    /// 三级, the lowest.
    Grade3,
}

impl Qualification {
    /// Parses `special`, `1`, `2`, `3`, 特级, 一级, 二级, 三级; also `1级`, `grade 1`, `特`.
    pub fn parse(s: &str) -> Result<Qualification, ValueError> {
        use Qualification::*;
        const TABLE: &[(&str, Qualification)] = &[
            ("special", Special),
            ("特级", Special),
            ("特", Special),
            ("1", Grade1),
            ("1级", Grade1),
            ("一级", Grade1),
            ("grade1", Grade1),
            ("2", Grade2),
            ("2级", Grade2),
            ("二级", Grade2),
            ("grade2", Grade2),
            ("3", Grade3),
            ("3级", Grade3),
            ("三级", Grade3),
            ("grade3", Grade3),
        ];
        lookup(
            s,
            TABLE,
            "a qualification grade",
            "special, 1, 2, 3 or 特级, 一级, 二级, 三级",
        )
    }

    /// Strictness rank, the grade number: 0 for `Special` (strictest), then 1, 2, 3. Smaller
    /// is stricter.
    pub fn rank(self) -> u8 {
        match self {
            Qualification::Special => 0,
            Qualification::Grade1 => 1,
            Qualification::Grade2 => 2,
            Qualification::Grade3 => 3,
        }
    }

    /// Whether a company holding this grade may bid where `required` is the lowest grade
    /// accepted.
    pub fn satisfies(self, required: Qualification) -> bool {
        self >= required
    }

    /// The canonical word, as the contract writes it: `special`, `1`, `2`, `3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualification::Special => "special",
            Qualification::Grade1 => "1",
            Qualification::Grade2 => "2",
            Qualification::Grade3 => "3",
        }
    }

    /// The Chinese word: 特级, 一级, 二级, 三级.
    pub fn zh(self) -> &'static str {
        match self {
            Qualification::Special => "特级",
            Qualification::Grade1 => "一级",
            Qualification::Grade2 => "二级",
            Qualification::Grade3 => "三级",
        }
    }
}

impl Ord for Qualification {
    /// Stricter is greater: reverse of [`Qualification::rank`].
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.rank().cmp(&self.rank())
    }
}

impl PartialOrd for Qualification {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

vocabulary_traits!(Qualification);

/// How a contract was awarded; direct awards and invitations skip open competition and deserve
/// a closer look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContractMethod {
    /// 公开招标: open tender.
    Open,
    /// 邀请招标: tender among invited bidders.
    Invited,
    /// 直接发包: awarded without tender.
    Direct,
}

impl ContractMethod {
    /// Parses `open`, `invited`, `direct` or 公开招标, 邀请招标, 直接发包 (also 公开, 邀请,
    /// 直接).
    pub fn parse(s: &str) -> Result<ContractMethod, ValueError> {
        use ContractMethod::*;
        const TABLE: &[(&str, ContractMethod)] = &[
            ("open", Open),
            ("公开招标", Open),
            ("公开", Open),
            ("invited", Invited),
            ("邀请招标", Invited),
            ("邀请", Invited),
            ("direct", Direct),
            ("直接发包", Direct),
            ("直接", Direct),
        ];
        lookup(
            s,
            TABLE,
            "a contract method",
            "open, invited, direct or 公开招标, 邀请招标, 直接发包",
        )
    }

    /// The canonical word: `open`, `invited`, `direct`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContractMethod::Open => "open",
            ContractMethod::Invited => "invited",
            ContractMethod::Direct => "direct",
        }
    }

    /// The Chinese term: 公开招标, 邀请招标, 直接发包.
    pub fn zh(self) -> &'static str {
        match self {
            ContractMethod::Open => "公开招标",
            ContractMethod::Invited => "邀请招标",
            ContractMethod::Direct => "直接发包",
        }
    }
}

vocabulary_traits!(ContractMethod);

/// The kind of a public body or village collective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    /// 县: county.
    County,
    /// 乡镇 or 街道: town, township or urban subdistrict.
    Town,
    /// 村: administrative village.
    Village,
    /// 社区: urban community (residents' committee).
    Community,
    /// 部门: a government department.
    Department,
    /// 其他: anything else.
    Other,
}

impl OrgKind {
    /// Parses `county`, `town` (also `township`, `subdistrict`), `village`, `community`,
    /// `department`, `other`, or 县, 镇/乡/乡镇/街道, 村, 社区, 部门, 其他.
    pub fn parse(s: &str) -> Result<OrgKind, ValueError> {
        use OrgKind::*;
        const TABLE: &[(&str, OrgKind)] = &[
            ("county", County),
            ("县", County),
            ("town", Town),
            ("township", Town),
            ("subdistrict", Town),
            ("镇", Town),
            ("乡", Town),
            ("乡镇", Town),
            ("街道", Town),
            ("village", Village),
            ("村", Village),
            ("community", Community),
            ("社区", Community),
            ("department", Department),
            ("部门", Department),
            ("other", Other),
            ("其他", Other),
        ];
        lookup(
            s,
            TABLE,
            "an org kind",
            "county, town, subdistrict, village, community, department, other \
             or 县, 镇, 乡, 街道, 村, 社区, 部门, 其他",
        )
    }

    /// Every kind.
    pub const ALL: [OrgKind; 6] = [
        OrgKind::County,
        OrgKind::Town,
        OrgKind::Village,
        OrgKind::Community,
        OrgKind::Department,
        OrgKind::Other,
    ];

    /// The canonical word: `county`, `town`, `village`, `community`, `department`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::County => "county",
            OrgKind::Town => "town",
            OrgKind::Village => "village",
            OrgKind::Community => "community",
            OrgKind::Department => "department",
            OrgKind::Other => "other",
        }
    }

    /// The Chinese word: 县, 乡镇, 村, 社区, 部门, 其他.
    pub fn zh(self) -> &'static str {
        match self {
            OrgKind::County => "县",
            OrgKind::Town => "乡镇",
            OrgKind::Village => "村",
            OrgKind::Community => "社区",
            OrgKind::Department => "部门",
            OrgKind::Other => "其他",
        }
    }
}

vocabulary_traits!(OrgKind);

#[cfg(test)]
mod tests;
