//! Kin terms: the Chinese and English name of a relation from the chain of primitive ties
//! that leads to it and the genders and ages of the people on the chain (外甥女 is a sister's
//! daughter, 侄女 a brother's daughter, 内弟 a wife's younger brother). Where a gender or an
//! age is unknown, a neutral term is used.
//!
//! This is the one home of kin words, Chinese and English: the words for one primitive tie
//! ([`TIE_TERMS`], also the accepted spellings of a relation cell, read by
//! `domain::flags`), the words of longer chains ([`term`]), and the words of a derived kin
//! link walked either way ([`kin_step`], used by the graph pages).

/// One step of a kinship chain, from one person to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// To a parent.
    Up,
    /// To a child.
    Down,
    /// To the spouse.
    Spouse,
    /// To a sibling.
    Sibling,
}

impl Step {
    /// One-letter code (`U`, `D`, `S`, `B`), used in stored chains.
    pub fn code(self) -> char {
        match self {
            Step::Up => 'U',
            Step::Down => 'D',
            Step::Spouse => 'S',
            Step::Sibling => 'B',
        }
    }
}

/// The words for a relative one primitive tie away: what the relative is to the person, by
/// the relative's gender and (for siblings) whether the relative is the older.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TieTerm {
    /// The step from the person to the relative.
    pub step: Step,
    /// The relative's gender (`Some(true)` male); `None` for the neutral word.
    pub male: Option<bool>,
    /// For a sibling of known gender: whether the relative is the older; `None` otherwise.
    pub older: Option<bool>,
    /// The Chinese word (父亲, 妹妹, 配偶 ...).
    pub zh: &'static str,
    /// The English word (father, younger sister, spouse ...).
    pub en: &'static str,
}

/// Every word for one primitive tie, by step, male before female before neutral (the order
/// the relation column's expected words are listed in).
pub const TIE_TERMS: &[TieTerm] = {
    use Step::{Down, Sibling, Spouse, Up};
    const fn t(
        step: Step,
        male: Option<bool>,
        older: Option<bool>,
        zh: &'static str,
        en: &'static str,
    ) -> TieTerm {
        TieTerm {
            step,
            male,
            older,
            zh,
            en,
        }
    }
    const M: Option<bool> = Some(true);
    const F: Option<bool> = Some(false);
    &[
        t(Up, M, None, "父亲", "father"),
        t(Up, F, None, "母亲", "mother"),
        t(Up, None, None, "父母", "parent"),
        t(Down, M, None, "儿子", "son"),
        t(Down, F, None, "女儿", "daughter"),
        t(Down, None, None, "子女", "child"),
        t(Spouse, M, None, "丈夫", "husband"),
        t(Spouse, F, None, "妻子", "wife"),
        t(Spouse, None, None, "配偶", "spouse"),
        t(Sibling, M, Some(true), "哥哥", "elder brother"),
        t(Sibling, M, Some(false), "弟弟", "younger brother"),
        t(Sibling, F, Some(true), "姐姐", "elder sister"),
        t(Sibling, F, Some(false), "妹妹", "younger sister"),
        t(Sibling, M, None, "兄弟", "brother"),
        t(Sibling, F, None, "姐妹", "sister"),
        t(Sibling, None, None, "兄弟姐妹", "sibling"),
    ]
};

/// The generic word for a relative, when the relation is not named (亲属, relative).
pub const RELATIVE: (&str, &str) = ("亲属", "relative");

/// The Chinese and English word for a relative one `step` away: `male` is the relative's
/// gender, `older` whether the relative is older than the person (only siblings of known
/// gender use it). Unknown gender or age gives the neutral word (父母, 兄弟, 兄弟姐妹).
pub fn tie_term(
    step: Step,
    male: Option<bool>,
    older: Option<bool>,
) -> (&'static str, &'static str) {
    let older = if step == Step::Sibling && male.is_some() {
        older
    } else {
        None
    };
    TIE_TERMS
        .iter()
        .find(|t| t.step == step && t.male == male && t.older == older)
        .map(|t| (t.zh, t.en))
        .unwrap_or(RELATIVE)
}

/// The words of a derived kin link walked from one person to the other: `forward` from the
/// official to the relative, who is the official's `term` (外甥女, niece); backward, the
/// official's relative `is` that term `of` the official (是其外甥女, is niece of). A link
/// without a stored term reads as a relative (亲属).
pub fn kin_step(term_zh: Option<&str>, term_en: Option<&str>, forward: bool) -> (String, String) {
    let (relative_zh, relative_en) = RELATIVE;
    if forward {
        (
            term_zh.unwrap_or(relative_zh).to_string(),
            term_en.unwrap_or(relative_en).to_string(),
        )
    } else {
        let a_relative = format!("a {relative_en}");
        (
            format!("是其{}", term_zh.unwrap_or(relative_zh)),
            format!("is {} of", term_en.unwrap_or(&a_relative)),
        )
    }
}

/// What is known of a person on the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// `Some(true)` male, `Some(false)` female.
    pub male: Option<bool>,
    /// ISO birth date, for comparing ages.
    pub birth_date: Option<String>,
}

/// Canonical chains within the recusal scope (Civil Service Law art. 74 and the recusal
/// rules): spouse; lineal relatives; siblings, uncles and aunts, first cousins, nephews and
/// nieces; spouse's parents and siblings (and their spouses); children's spouses and their
/// parents; spouses of the collateral relatives. A cousin's child (`UBDD`) is outside.
pub const IN_SCOPE: &[&str] = &[
    "S", "U", "UU", "UUU", "D", "DD", "DDD", "B", "UB", "UBS", "UBD", "UBDS", "BD", "BDS", "BS",
    "SU", "SB", "SBS", "DS", "DSU",
];

/// Reduces a raw chain to its canonical form: a parent's child is a sibling (`UD` → `B`),
/// a sibling's sibling a sibling, a sibling's parent a parent, a spouse's child a child.
pub fn canonical(raw: &str) -> String {
    let mut chain = raw.to_string();
    loop {
        let next = chain
            .replace("UD", "B")
            .replace("BB", "B")
            .replace("BU", "U")
            .replace("SD", "D");
        if next == chain {
            return chain;
        }
        chain = next;
    }
}

/// Whether a canonical chain could still grow into one in scope (prunes the search).
pub fn may_extend(raw: &str) -> bool {
    raw.len() < 6
}

/// The Chinese and English term for a canonical chain. `people[0]` is the official,
/// `people[i]` the person reached after step i (so `people.last()` is the relative).
pub fn term(chain: &str, people: &[Person]) -> (String, String) {
    let last = people.last().cloned().unwrap_or_default();
    let male = last.male;
    let pick = |m: &str, f: &str, n: &str| -> String {
        match male {
            Some(true) => m.to_string(),
            Some(false) => f.to_string(),
            None => n.to_string(),
        }
    };
    // Is `a` older than `b`? None when a birth date is unknown.
    let older = |a: &Person, b: &Person| -> Option<bool> {
        match (&a.birth_date, &b.birth_date) {
            (Some(x), Some(y)) if x != y => Some(x < y),
            _ => None,
        }
    };
    let at = |i: usize| people.get(i).cloned().unwrap_or_default();
    let via_male = |i: usize| at(i).male;
    let zh = |s: &str| s.to_string();
    // A chain of one step: the word for that tie.
    let tie = |step: Step, older: Option<bool>| -> (String, String) {
        let (chinese, english) = tie_term(step, male, older);
        (chinese.to_string(), english.to_string())
    };
    let (chinese, english): (String, String) = match chain {
        "S" => tie(Step::Spouse, None),
        "U" => tie(Step::Up, None),
        "UU" => match via_male(1) {
            Some(true) => (
                pick("祖父", "祖母", "祖父母"),
                pick(
                    "paternal grandfather",
                    "paternal grandmother",
                    "paternal grandparent",
                ),
            ),
            Some(false) => (
                pick("外祖父", "外祖母", "外祖父母"),
                pick(
                    "maternal grandfather",
                    "maternal grandmother",
                    "maternal grandparent",
                ),
            ),
            None => (zh("祖辈"), "grandparent".into()),
        },
        "UUU" => (zh("曾祖辈"), "great-grandparent".into()),
        "D" => tie(Step::Down, None),
        "DD" => match via_male(1) {
            Some(true) => (
                pick("孙子", "孙女", "孙辈"),
                pick("son's son", "son's daughter", "grandchild"),
            ),
            Some(false) => (
                pick("外孙", "外孙女", "外孙辈"),
                pick("daughter's son", "daughter's daughter", "grandchild"),
            ),
            None => (zh("孙辈"), "grandchild".into()),
        },
        "DDD" => (zh("曾孙辈"), "great-grandchild".into()),
        "B" => tie(Step::Sibling, older(&last, &at(0))),
        "UB" => match (via_male(1), male) {
            (Some(true), Some(true)) => match older(&last, &at(1)) {
                Some(true) => (zh("伯父"), "father's elder brother".into()),
                Some(false) => (zh("叔父"), "father's younger brother".into()),
                None => (zh("伯父/叔父"), "father's brother".into()),
            },
            (Some(true), Some(false)) => (zh("姑母"), "father's sister".into()),
            (Some(false), Some(true)) => (zh("舅父"), "mother's brother".into()),
            (Some(false), Some(false)) => (zh("姨母"), "mother's sister".into()),
            _ => (zh("父母的兄弟姐妹"), "uncle or aunt".into()),
        },
        "UBS" => match (via_male(1), via_male(2)) {
            (Some(true), Some(true)) => match older(&at(2), &at(1)) {
                Some(true) => (zh("伯母"), "wife of father's elder brother".into()),
                Some(false) => (zh("婶母"), "wife of father's younger brother".into()),
                None => (zh("伯母/婶母"), "wife of father's brother".into()),
            },
            (Some(true), Some(false)) => (zh("姑父"), "husband of father's sister".into()),
            (Some(false), Some(true)) => (zh("舅母"), "wife of mother's brother".into()),
            (Some(false), Some(false)) => (zh("姨父"), "husband of mother's sister".into()),
            _ => (
                zh("父母的兄弟姐妹的配偶"),
                "spouse of an uncle or aunt".into(),
            ),
        },
        "UBD" => {
            let paternal = via_male(1) == Some(true) && via_male(2) == Some(true);
            let prefix = if paternal { "堂" } else { "表" };
            let kind = if paternal {
                "paternal cousin"
            } else {
                "cousin"
            };
            let word = match (male, older(&last, &at(0))) {
                (Some(true), Some(true)) => "兄",
                (Some(true), Some(false)) => "弟",
                (Some(false), Some(true)) => "姐",
                (Some(false), Some(false)) => "妹",
                (Some(true), None) => "兄弟",
                (Some(false), None) => "姐妹",
                (None, _) => "兄弟姐妹",
            };
            if via_male(1).is_none() || via_male(2).is_none() {
                (format!("堂表{word}"), "first cousin".into())
            } else {
                (
                    format!("{prefix}{word}"),
                    pick(&format!("{kind} (male)"), &format!("{kind} (female)"), kind),
                )
            }
        }
        "UBDS" => (zh("堂表兄弟姐妹的配偶"), "spouse of a first cousin".into()),
        "BD" => match via_male(1) {
            Some(true) => (
                pick("侄子", "侄女", "侄子女"),
                pick("brother's son", "brother's daughter", "brother's child"),
            ),
            Some(false) => (
                pick("外甥", "外甥女", "外甥子女"),
                pick("sister's son", "sister's daughter", "sister's child"),
            ),
            None => (zh("侄甥"), "nephew or niece".into()),
        },
        "BDS" => match (via_male(1), via_male(2)) {
            (Some(true), Some(true)) => (zh("侄媳"), "brother's son's wife".into()),
            (Some(true), Some(false)) => (zh("侄女婿"), "brother's daughter's husband".into()),
            (Some(false), Some(true)) => (zh("外甥媳"), "sister's son's wife".into()),
            (Some(false), Some(false)) => (zh("外甥女婿"), "sister's daughter's husband".into()),
            _ => (zh("侄甥的配偶"), "spouse of a nephew or niece".into()),
        },
        "BS" => match (via_male(1), older(&at(1), &at(0))) {
            (Some(true), Some(true)) => (zh("嫂子"), "elder brother's wife".into()),
            (Some(true), Some(false)) => (zh("弟媳"), "younger brother's wife".into()),
            (Some(false), Some(true)) => (zh("姐夫"), "elder sister's husband".into()),
            (Some(false), Some(false)) => (zh("妹夫"), "younger sister's husband".into()),
            (Some(true), None) => (zh("兄弟的妻子"), "brother's wife".into()),
            (Some(false), None) => (zh("姐妹的丈夫"), "sister's husband".into()),
            (None, _) => (zh("兄弟姐妹的配偶"), "sibling's spouse".into()),
        },
        "SU" => match via_male(1) {
            Some(false) => (
                pick("岳父", "岳母", "岳父母"),
                pick("wife's father", "wife's mother", "wife's parent"),
            ),
            Some(true) => (
                pick("公公", "婆婆", "公婆"),
                pick("husband's father", "husband's mother", "husband's parent"),
            ),
            None => (zh("配偶的父母"), "spouse's parent".into()),
        },
        "SB" => match (via_male(1), male, older(&last, &at(1))) {
            (Some(false), Some(true), Some(true)) => (zh("内兄"), "wife's elder brother".into()),
            (Some(false), Some(true), Some(false)) => (zh("内弟"), "wife's younger brother".into()),
            (Some(false), Some(false), Some(true)) => (zh("姨姐"), "wife's elder sister".into()),
            (Some(false), Some(false), Some(false)) => (zh("姨妹"), "wife's younger sister".into()),
            (Some(true), Some(true), Some(true)) => {
                (zh("大伯子"), "husband's elder brother".into())
            }
            (Some(true), Some(true), Some(false)) => {
                (zh("小叔子"), "husband's younger brother".into())
            }
            (Some(true), Some(false), Some(true)) => {
                (zh("大姑子"), "husband's elder sister".into())
            }
            (Some(true), Some(false), Some(false)) => {
                (zh("小姑子"), "husband's younger sister".into())
            }
            _ => (zh("配偶的兄弟姐妹"), "spouse's sibling".into()),
        },
        "SBS" => match (via_male(1), via_male(2)) {
            (Some(false), Some(false)) => (zh("连襟"), "wife's sister's husband".into()),
            (Some(true), Some(true)) => (zh("妯娌"), "husband's brother's wife".into()),
            _ => (
                zh("配偶的兄弟姐妹的配偶"),
                "spouse's sibling's spouse".into(),
            ),
        },
        "DS" => match via_male(1) {
            Some(true) => (zh("儿媳"), "son's wife".into()),
            Some(false) => (zh("女婿"), "daughter's husband".into()),
            None => (zh("子女的配偶"), "child's spouse".into()),
        },
        "DSU" => (
            pick("亲家公", "亲家母", "亲家"),
            "child's parent-in-law".into(),
        ),
        other => (
            format!("{}({other})", RELATIVE.0),
            format!("{} ({other})", RELATIVE.1),
        ),
    };
    (chinese, english)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(male: Option<bool>, birth: Option<&str>) -> Person {
        Person {
            male,
            birth_date: birth.map(str::to_string),
        }
    }

    #[test]
    fn chains_reduce_to_canonical_forms() {
        assert_eq!(canonical("UD"), "B");
        assert_eq!(canonical("UUDD"), "UBD");
        assert_eq!(canonical("UDD"), "BD");
        assert_eq!(canonical("SUD"), "SB");
        assert_eq!(canonical("UBDD"), "UBDD");
        assert!(
            !IN_SCOPE.contains(&canonical("UUDDD").as_str()),
            "a cousin's child is outside"
        );
    }

    #[test]
    fn terms_follow_genders_and_ages() {
        let official = p(Some(true), Some("1960-01-01"));
        let sister = p(Some(false), Some("1958-01-01"));
        let niece = p(Some(false), Some("1985-01-01"));
        assert_eq!(
            term("BD", &[official.clone(), sister, niece.clone()]).0,
            "外甥女"
        );
        let brother = p(Some(true), Some("1962-01-01"));
        assert_eq!(term("BD", &[official.clone(), brother, niece]).0, "侄女");
        let wife = p(Some(false), Some("1962-01-01"));
        let her_brother = p(Some(true), Some("1965-01-01"));
        assert_eq!(
            term("SB", &[official.clone(), wife, her_brother]),
            ("内弟".into(), "wife's younger brother".into())
        );
        let unknown = p(None, None);
        assert_eq!(term("B", &[official, unknown]).0, "兄弟姐妹");
    }

    #[test]
    fn every_tie_has_its_word() {
        use Step::*;
        for step in [Up, Down, Spouse, Sibling] {
            for male in [Some(true), Some(false), None] {
                for older in [Some(true), Some(false), None] {
                    let (zh, en) = tie_term(step, male, older);
                    let row = TIE_TERMS.iter().find(|t| t.zh == zh).expect("a tie word");
                    assert_eq!((row.step, row.male, row.en), (step, male, en));
                }
            }
        }
        assert_eq!(
            tie_term(Sibling, Some(false), Some(false)),
            ("妹妹", "younger sister")
        );
        assert_eq!(tie_term(Sibling, None, Some(true)), ("兄弟姐妹", "sibling"));
        assert_eq!(tie_term(Up, Some(true), Some(true)), ("父亲", "father"));
    }

    #[test]
    fn kin_links_read_both_ways() {
        assert_eq!(
            kin_step(Some("外甥女"), Some("niece"), true),
            ("外甥女".into(), "niece".into())
        );
        assert_eq!(
            kin_step(Some("外甥女"), Some("niece"), false),
            ("是其外甥女".into(), "is niece of".into())
        );
        assert_eq!(
            kin_step(None, None, true),
            ("亲属".into(), "relative".into())
        );
        assert_eq!(
            kin_step(None, None, false),
            ("是其亲属".into(), "is a relative of".into())
        );
    }
}
