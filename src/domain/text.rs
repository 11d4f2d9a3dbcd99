//! Text normalisation. Exports from Chinese office software mix full-width and half-width
//! forms, pad names with ideographic spaces and spell the same address with and without
//! punctuation; comparing raw strings would miss most real matches.

use pinyin::ToPinyin;

/// Folds one full-width ASCII form (U+FF01–U+FF5E) to its half-width twin and the ideographic
/// space (U+3000) to a plain space; every other character is returned unchanged.
pub fn fold_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds full-width ASCII forms to half-width throughout (`２０２３／１／５` → `2023/1/5`), so
/// every parser sees the digits and separators a Chinese input method may have typed.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_width_char).collect()
}

/// The cell's trimmed text, or `None` when it is blank: the contract reads an empty cell as an
/// absent value, so callers test this before parsing an optional column.
pub fn non_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Splits a list cell on `;` (and the full-width `；`), trimming items and dropping empty ones
/// (a trailing `;` is common in hand-made lists).
pub fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Middle-dot variants written between the parts of transliterated (e.g. Uyghur) names;
/// folded to U+00B7 so that `阿卜杜•热合曼` and `阿卜杜·热合曼` compare equal.
fn is_name_dot(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}' | '\u{2219}'
    )
}

/// A person's or company's name in comparable form: all white space removed (surrounding and
/// inner, including U+3000: `李 明` and `李明` are the same name typed differently),
/// full-width forms folded to half-width, letters lower-cased, middle-dot variants unified.
pub fn normalize_name(s: &str) -> String {
    s.chars()
        .map(fold_width_char)
        .filter(|c| !c.is_whitespace())
        .map(|c| if is_name_dot(c) { '\u{00B7}' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Punctuation dropped from addresses: ASCII punctuation (after width folding), CJK symbols
/// and punctuation (U+3000–U+303F: `、。「」…`), dashes and dots; none of it tells two places
/// apart, and exporters add or drop it freely.
fn is_address_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{00B7}' | '\u{FF65}')
}

/// An address in comparable form: like [`normalize_name`], and with punctuation removed
/// (`幸福路12号，3栋` and `幸福路12号3栋` are the same place).
pub fn normalize_address(s: &str) -> String {
    s.chars()
        .map(fold_width_char)
        .filter(|c| !c.is_whitespace() && !is_address_punct(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The toneless pinyin of a name, lower-case and without spaces (`李明` → `liming`), for fuzzy
/// matching: homophones typed by different clerks (`李明`/`李鸣`) share it. Characters without
/// pinyin are kept in their [`normalize_name`] form; `ü` is written `v` so the result is ASCII
/// for ASCII-only input methods (`吕` → `lv`). Polyphonic characters take their most common
/// reading, which is right for most names but not all (单 as a surname reads shan).
pub fn to_pinyin(s: &str) -> String {
    let name = normalize_name(s);
    let mut out = String::with_capacity(name.len() * 3);
    for (c, py) in name.chars().zip(name.as_str().to_pinyin()) {
        match py {
            Some(py) => out.extend(py.plain().chars().map(|c| if c == 'ü' { 'v' } else { c })),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_forms() {
        let cases = [
            ("２０２３／１／５", "2023/1/5"),
            ("ＡＢＣ１２３", "ABC123"),
            ("a\u{3000}b", "a b"),
            ("！～", "!~"),
            ("李明", "李明"),
        ];
        for (input, want) in cases {
            assert_eq!(fold_width(input), want, "{input:?}");
        }
    }

    #[test]
    fn blank_cells_are_absent() {
        let cases = [
            ("", None),
            ("   ", None),
            ("\u{3000}", None),
            (" x ", Some("x")),
        ];
        for (input, want) in cases {
            assert_eq!(non_empty(input), want, "{input:?}");
        }
    }

    #[test]
    fn lists_split_on_semicolons() {
        let cases: [(&str, &[&str]); 5] = [
            ("a;b", &["a", "b"]),
            (" a ; b ;", &["a", "b"]),
            ("a；b", &["a", "b"]),
            ("", &[]),
            ("p1", &["p1"]),
        ];
        for (input, want) in cases {
            assert_eq!(split_list(input), want, "{input:?}");
        }
    }

    #[test]
    fn names_normalise() {
        let cases = [
            (" 李明 ", "李明"),
            ("李 明", "李明"),
            ("李\u{3000}明", "李明"),
            ("\t李明\n", "李明"),
            ("ＬＩ　Ｍｉｎｇ", "liming"),
            ("Zhang San", "zhangsan"),
            ("阿卜杜•热合曼", "阿卜杜·热合曼"),
            ("阿卜杜・热合曼", "阿卜杜·热合曼"),
            ("（有限公司）", "(有限公司)"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn addresses_normalise() {
        let cases = [
            ("幸福路12号，3栋", "幸福路12号3栋"),
            ("幸福路 12 号 3 栋", "幸福路12号3栋"),
            ("幸福路１２号、３栋。", "幸福路12号3栋"),
            ("A-12.3,Room", "a123room"),
            ("幸福路（东段）12号", "幸福路东段12号"),
            ("幸福路—12号", "幸福路12号"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_address(input), want, "{input:?}");
        }
    }

    #[test]
    fn pinyin_is_plain_lowercase_and_joined() {
        let cases = [
            ("李明", "liming"),
            ("李鸣", "liming"),
            (" 王 小 红 ", "wangxiaohong"),
            ("吕伟", "lvwei"),
            ("张Ｓａｎ", "zhangsan"),
            ("李明2", "liming2"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(to_pinyin(input), want, "{input:?}");
        }
    }
}
