//! Tests of the closed vocabularies (`super`, i.e. `domain::flags`).

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
fn relation_words_come_from_the_kin_terms() {
    assert_eq!(
        RELATION_EXPECTED.as_str(),
        "parent, child, spouse, sibling, or 父亲 母亲 父母, 儿子 女儿 子女, \
         丈夫 妻子 配偶, 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹 兄弟姐妹"
    );
    assert_eq!(RELATION_TABLE.len(), 28);
    assert!(ParsedRelation::parse("elder brother").is_err());
    for relation in [
        KinRelation::Parent,
        KinRelation::Child,
        KinRelation::Spouse,
        KinRelation::Sibling,
    ] {
        assert_eq!(KinRelation::of_step(relation.step()), relation);
        assert_eq!(KinRelation::parse(relation.zh()), Ok(relation));
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
