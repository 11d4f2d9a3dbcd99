//! Closed vocabularies of the contract: booleans, gender, kinship relations, company roles,
//! qualification grades, contract methods and org kinds. Each accepts the English and Chinese
//! spellings the contract lists (plus a few close variants seen in exports), matched after
//! trimming, full-width folding, lower-casing and dropping spaces, `_` and `-`, so
//! `Legal Rep`, `legal-rep` and `ＬＥＧＡＬ_ＲＥＰ` all read as `legal_rep`. Each has one
//! canonical English spelling (`as_str`), used in the graph and in serialised output.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{excerpt, ValueError};
use super::text::fold_width_char;

/// The matching key of a vocabulary word: folded, lower-cased, without white space, `_`, `-`.
fn word_key(s: &str) -> String {
    s.chars()
        .map(fold_width_char)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Looks `s` up in a table of (key, value) pairs whose keys are already in [`word_key`] form.
fn lookup<T: Copy>(
    s: &str,
    table: &[(&str, T)],
    what: &'static str,
    expected: &'static str,
) -> Result<T, ValueError> {
    let key = word_key(s);
    table
        .iter()
        .find(|(k, _)| *k == key)
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
/// directly but derived from chains of these.
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

/// Accepted spellings of the relation column, with what each implies.
const RELATION_TABLE: &[(&str, ParsedRelation)] = {
    use Gender::{Female as F, Male as M};
    use KinRelation::{Child, Parent, Sibling, Spouse};
    const fn r(relation: KinRelation, g: Option<Gender>, older: Option<bool>) -> ParsedRelation {
        ParsedRelation {
            relation,
            relative_gender: g,
            relative_is_older: older,
        }
    }
    &[
        ("parent", r(Parent, None, None)),
        ("father", r(Parent, Some(M), None)),
        ("mother", r(Parent, Some(F), None)),
        ("父母", r(Parent, None, None)),
        ("父亲", r(Parent, Some(M), None)),
        ("母亲", r(Parent, Some(F), None)),
        ("child", r(Child, None, None)),
        ("son", r(Child, Some(M), None)),
        ("daughter", r(Child, Some(F), None)),
        ("子女", r(Child, None, None)),
        ("儿子", r(Child, Some(M), None)),
        ("女儿", r(Child, Some(F), None)),
        ("spouse", r(Spouse, None, None)),
        ("husband", r(Spouse, Some(M), None)),
        ("wife", r(Spouse, Some(F), None)),
        ("配偶", r(Spouse, None, None)),
        ("丈夫", r(Spouse, Some(M), None)),
        ("妻子", r(Spouse, Some(F), None)),
        ("sibling", r(Sibling, None, None)),
        ("brother", r(Sibling, Some(M), None)),
        ("sister", r(Sibling, Some(F), None)),
        ("兄弟姐妹", r(Sibling, None, None)),
        ("兄弟", r(Sibling, Some(M), None)),
        ("姐妹", r(Sibling, Some(F), None)),
        ("哥哥", r(Sibling, Some(M), Some(true))),
        ("弟弟", r(Sibling, Some(M), Some(false))),
        ("姐姐", r(Sibling, Some(F), Some(true))),
        ("妹妹", r(Sibling, Some(F), Some(false))),
    ]
};

const RELATION_EXPECTED: &str =
    "parent, child, spouse, sibling, or 父亲 母亲 父母, 儿子 女儿 子女, \
     丈夫 妻子 配偶, 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹 兄弟姐妹";

impl ParsedRelation {
    /// Parses a relation cell, keeping what the word says about the relative's gender and
    /// age. Accepts the contract's words and English `father/mother/son/daughter/husband/
    /// wife/brother/sister`.
    pub fn parse(s: &str) -> Result<ParsedRelation, ValueError> {
        lookup(s, RELATION_TABLE, "a kinship relation", RELATION_EXPECTED)
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

    /// The neutral Chinese word: 父母, 子女, 配偶 or 兄弟姐妹.
    pub fn zh(self) -> &'static str {
        match self {
            KinRelation::Parent => "父母",
            KinRelation::Child => "子女",
            KinRelation::Spouse => "配偶",
            KinRelation::Sibling => "兄弟姐妹",
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
mod tests {
    use super::*;

    /// Asserts that every spelling parses to its value and every rejected one gives
    /// `UnknownWord` naming `what`.
    fn check<T: PartialEq + fmt::Debug>(
        parse: fn(&str) -> Result<T, ValueError>,
        accepted: &[(&str, T)],
        rejected: &[&str],
        what: &str,
    ) {
        for (input, want) in accepted {
            assert_eq!(parse(input).as_ref(), Ok(want), "{input:?}");
        }
        for input in rejected {
            match parse(input) {
                Err(ValueError::UnknownWord { what: w, found, .. }) => {
                    assert_eq!(w, what, "{input:?}");
                    assert_eq!(found, input.trim(), "{input:?}");
                }
                other => panic!("{input:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn booleans() {
        check(
            parse_bool,
            &[
                ("true", true),
                ("TRUE", true),
                (" True ", true),
                ("yes", true),
                ("Y", true),
                ("1", true),
                ("１", true),
                ("是", true),
                ("false", false),
                ("FALSE", false),
                ("no", false),
                ("n", false),
                ("0", false),
                ("否", false),
            ],
            &["", "2", "maybe", "对", "t r u e x"],
            "a boolean",
        );
    }

    #[test]
    fn genders() {
        use Gender::*;
        check(
            Gender::parse,
            &[
                ("M", Male),
                ("m", Male),
                ("male", Male),
                ("Male", Male),
                ("男", Male),
                ("男性", Male),
                ("Ｍ", Male),
                ("F", Female),
                ("female", Female),
                ("FEMALE", Female),
                ("女", Female),
                (" 女 ", Female),
            ],
            &["", "x", "man", "未知"],
            "a gender",
        );
        assert_eq!(Male.as_str(), "male");
        assert_eq!(Female.zh(), "女");
    }

    #[test]
    fn relations_with_what_the_word_implies() {
        use Gender::{Female as F, Male as M};
        use KinRelation::*;
        let accepted = [
            ("parent", Parent, None, None),
            ("Parent", Parent, None, None),
            ("father", Parent, Some(M), None),
            ("mother", Parent, Some(F), None),
            ("父亲", Parent, Some(M), None),
            ("母亲", Parent, Some(F), None),
            ("父母", Parent, None, None),
            ("child", Child, None, None),
            ("son", Child, Some(M), None),
            ("daughter", Child, Some(F), None),
            ("儿子", Child, Some(M), None),
            ("女儿", Child, Some(F), None),
            ("子女", Child, None, None),
            ("spouse", Spouse, None, None),
            ("husband", Spouse, Some(M), None),
            ("wife", Spouse, Some(F), None),
            ("丈夫", Spouse, Some(M), None),
            ("妻子", Spouse, Some(F), None),
            ("配偶", Spouse, None, None),
            ("sibling", Sibling, None, None),
            ("SIBLING", Sibling, None, None),
            ("brother", Sibling, Some(M), None),
            ("sister", Sibling, Some(F), None),
            ("哥哥", Sibling, Some(M), Some(true)),
            ("弟弟", Sibling, Some(M), Some(false)),
            ("姐姐", Sibling, Some(F), Some(true)),
            ("妹妹", Sibling, Some(F), Some(false)),
            ("兄弟", Sibling, Some(M), None),
            ("姐妹", Sibling, Some(F), None),
            ("兄弟姐妹", Sibling, None, None),
            (" 妹 妹 ", Sibling, Some(F), Some(false)),
        ];
        for (input, relation, relative_gender, relative_is_older) in accepted {
            let want = ParsedRelation {
                relation,
                relative_gender,
                relative_is_older,
            };
            assert_eq!(ParsedRelation::parse(input), Ok(want), "{input:?}");
            assert_eq!(KinRelation::parse(input), Ok(relation), "{input:?}");
        }
        for input in ["", "uncle", "侄女", "外甥", "表哥", "儿媳"] {
            assert!(
                matches!(
                    ParsedRelation::parse(input),
                    Err(ValueError::UnknownWord {
                        what: "a kinship relation",
                        ..
                    })
                ),
                "{input:?}"
            );
        }
    }

    #[test]
    fn relation_inverse() {
        use KinRelation::*;
        let cases = [
            (Parent, Child),
            (Child, Parent),
            (Spouse, Spouse),
            (Sibling, Sibling),
        ];
        for (r, inv) in cases {
            assert_eq!(r.inverse(), inv);
            assert_eq!(r.inverse().inverse(), r);
        }
        assert_eq!(Sibling.zh(), "兄弟姐妹");
    }

    #[test]
    fn company_roles() {
        use CompanyRole::*;
        check(
            CompanyRole::parse,
            &[
                ("legal_rep", LegalRep),
                ("Legal Rep", LegalRep),
                ("legal-rep", LegalRep),
                ("ＬＥＧＡＬ＿ＲＥＰ", LegalRep),
                ("legal representative", LegalRep),
                ("法定代表人", LegalRep),
                ("法人", LegalRep),
                ("法人代表", LegalRep),
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
            ],
            &["", "owner", "会计", "legal"],
            "a company role",
        );
        let all = [
            LegalRep,
            Shareholder,
            Director,
            Supervisor,
            Manager,
            Employee,
        ];
        for role in all {
            assert_eq!(CompanyRole::parse(role.as_str()), Ok(role));
            assert_eq!(CompanyRole::parse(role.zh()), Ok(role));
            assert_eq!(role.stands_in_company(), role != Employee);
        }
    }

    #[test]
    fn qualifications() {
        use Qualification::*;
        check(
            Qualification::parse,
            &[
                ("special", Special),
                ("SPECIAL", Special),
                ("特级", Special),
                ("1", Grade1),
                ("一级", Grade1),
                ("1级", Grade1),
                ("grade 1", Grade1),
                ("Grade1", Grade1),
                ("2", Grade2),
                ("二级", Grade2),
                ("2级", Grade2),
                ("grade 2", Grade2),
                ("３", Grade3),
                ("三级", Grade3),
                ("3级", Grade3),
                ("grade-3", Grade3),
            ],
            &["", "0", "4", "四级", "grade", "甲级", "1.0"],
            "a qualification grade",
        );
        assert!(Special > Grade1 && Grade1 > Grade2 && Grade2 > Grade3);
        assert_eq!(
            [Grade3, Special, Grade1, Grade2].iter().max(),
            Some(&Special)
        );
        assert_eq!(Special.rank(), 0);
        assert_eq!(Grade3.rank(), 3);
        let cases = [
            (Special, Grade3, true),
            (Grade2, Grade2, true),
            (Grade3, Grade2, false),
            (Grade1, Special, false),
        ];
        for (held, required, ok) in cases {
            assert_eq!(held.satisfies(required), ok, "{held:?} for {required:?}");
        }
    }

    #[test]
    fn contract_methods() {
        use ContractMethod::*;
        check(
            ContractMethod::parse,
            &[
                ("open", Open),
                ("OPEN", Open),
                ("公开招标", Open),
                ("invited", Invited),
                ("邀请招标", Invited),
                ("direct", Direct),
                ("直接发包", Direct),
            ],
            &["", "auction", "竞争性谈判"],
            "a contract method",
        );
    }

    #[test]
    fn org_kinds() {
        use OrgKind::*;
        check(
            OrgKind::parse,
            &[
                ("county", County),
                ("县", County),
                ("town", Town),
                ("Town", Town),
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
            ],
            &["", "city", "省"],
            "an org kind",
        );
    }

    #[test]
    fn serde_uses_canonical_words() {
        let json = serde_json::to_string(&(
            Gender::Female,
            KinRelation::Child,
            CompanyRole::LegalRep,
            Qualification::Grade2,
            ContractMethod::Direct,
            OrgKind::Town,
        ))
        .expect("serialise");
        assert_eq!(
            json,
            r#"["female","child","legal_rep","2","direct","town"]"#
        );
        let back: (CompanyRole, OrgKind) =
            serde_json::from_str(r#"["法定代表人","街道"]"#).expect("deserialise");
        assert_eq!(back, (CompanyRole::LegalRep, OrgKind::Town));
        assert!(serde_json::from_str::<Gender>(r#""x""#).is_err());
        assert_eq!(CompanyRole::Shareholder.to_string(), "shareholder");
        assert_eq!("二级".parse::<Qualification>(), Ok(Qualification::Grade2));
    }

    #[test]
    fn unknown_word_message() {
        let e = Gender::parse("unknown").expect_err("not a gender");
        assert_eq!(
            e.to_string(),
            "not a gender (expected M/F, male/female or 男/女): \"unknown\""
        );
    }
}
