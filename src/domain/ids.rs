//! Identifiers of people and companies. A valid resident ID number or credit code links
//! records with certainty, so only values that pass their check character are built; an ID
//! number or phone number is personal data, so neither `Debug` nor errors ever show it whole.
//! Also the ids guanxi gives its own load and scan runs.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::checksum::{credit_code_check_char, id_number_check_char, CREDIT_CODE_ALPHABET};
use super::error::{excerpt, mask_digits, masked_excerpt, ValueError};
use super::flags::Gender;
use super::text::fold_width_char;

/// Characters an ID number keeps visible at its start (the region code) and end when masked.
const ID_KEEP_FIRST: usize = 6;
/// See [`ID_KEEP_FIRST`].
const ID_KEEP_LAST: usize = 4;

/// The cell text with white space dropped, full-width forms folded and letters upper-cased,
/// as clerks type identifiers in any of those ways.
fn compact_upper(s: &str) -> String {
    s.chars()
        .map(fold_width_char)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// An 18-character resident identity number (GB 11643-1999) whose check character and
/// embedded birth date are valid.
///
/// There is deliberately no `Display` or `Serialize`: the whole number leaves only through
/// [`IdNumber::as_str`], for storage and linking. `Debug` prints the masked form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber {
    /// The 18 characters, check character upper-case.
    text: String,
    /// Characters 7–14, read at parse time.
    birth_date: NaiveDate,
}

impl IdNumber {
    /// Parses an ID number cell: white space (also inside: `110105 19491231 002X`) is
    /// dropped, full-width forms are folded, and a lower-case `x` check is upper-cased.
    /// Old 15-digit numbers are rejected as of the wrong length.
    ///
    /// Errors, checked in this order: [`ValueError::IdNumberLength`],
    /// [`ValueError::IdNumberChars`], [`ValueError::IdNumberCheck`],
    /// [`ValueError::IdNumberBirthDate`] (a real calendar date is required; it is not
    /// compared with today, so parsing does not depend on the clock). The error shows only the
    /// masked input.
    pub fn parse(s: &str) -> Result<IdNumber, ValueError> {
        let text = compact_upper(s);
        let found = || masked_excerpt(&text, ID_KEEP_FIRST, ID_KEEP_LAST);
        let len = text.chars().count();
        if len != 18 {
            return Err(ValueError::IdNumberLength {
                len,
                found: found(),
            });
        }
        let bytes = text.as_bytes();
        // 18 chars and all ASCII is implied below by the byte checks, since len() == 18 bytes
        // only if every char is one byte.
        if text.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(ValueError::IdNumberChars { found: found() });
        }
        if id_number_check_char(&text[..17]) != Some(char::from(bytes[17])) {
            return Err(ValueError::IdNumberCheck { found: found() });
        }
        let birth_date = NaiveDate::parse_from_str(&text[6..14], "%Y%m%d")
            .map_err(|_| ValueError::IdNumberBirthDate { found: found() })?;
        Ok(IdNumber { text, birth_date })
    }

    /// The whole number, for storage and for linking records. Never log it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The birth date written in characters 7–14. The `birth_date` column may disagree (a
    /// typo on either side); callers decide which to trust.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The sex encoded by the 17th character: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if self.text.as_bytes()[16] % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// The 6-digit administrative division code of the place of first registration.
    pub fn region_code(&self) -> &str {
        &self.text[..6]
    }

    /// The first 6 and last 4 characters with `*` between (`110105********002X`): enough to
    /// tell numbers apart on screen without disclosing them.
    pub fn masked(&self) -> String {
        masked_excerpt(&self.text, ID_KEEP_FIRST, ID_KEEP_LAST)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

/// An 18-character unified social credit code (GB 32100-2015) whose check character is valid.
/// Company codes are public, so it displays and serialises in full.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a credit code cell: white space dropped, full-width forms folded, letters
    /// upper-cased.
    ///
    /// Errors, in this order: [`ValueError::CreditCodeLength`],
    /// [`ValueError::CreditCodeChars`] (naming the first character outside the alphabet,
    /// e.g. the letter `O` typed for `0`), [`ValueError::CreditCodeCheck`].
    pub fn parse(s: &str) -> Result<CreditCode, ValueError> {
        let text = compact_upper(s);
        let len = text.chars().count();
        if len != 18 {
            return Err(ValueError::CreditCodeLength {
                len,
                found: excerpt(s),
            });
        }
        if let Some(bad) = text.chars().find(|c| !CREDIT_CODE_ALPHABET.contains(*c)) {
            return Err(ValueError::CreditCodeChars {
                bad,
                found: excerpt(s),
            });
        }
        // All 18 characters are ASCII now, so byte slicing is on character boundaries.
        if credit_code_check_char(&text[..17]) != text[17..].chars().next() {
            return Err(ValueError::CreditCodeCheck { found: excerpt(s) });
        }
        Ok(CreditCode(text))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A mainland phone number in normalised form: digits only, without the country code, so the
/// same phone written `+86 138-1234-5678` and `13812345678` compares equal (a phone shared
/// between an official's relative and a bidder is a lead).
///
/// Like [`IdNumber`], no `Display` or `Serialize`; `Debug` is masked.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

impl Phone {
    /// Parses a phone cell. Spaces, dashes and parentheses (half- or full-width) are removed,
    /// then a leading `+86` or `0086`. What remains must be digits and one of:
    /// - a mobile: 11 digits starting with `1`;
    /// - a landline with its area code: starting with `0`, 10–12 digits (`010-12345678`,
    ///   `(0755)1234567`); after `+86` the area code's `0` is usually dropped
    ///   (`+86 10 1234 5678`), and is put back;
    /// - a local landline without area code: 7 or 8 digits not starting with `0` or `1`.
    ///
    /// Local numbers are kept as written; they match only other local numbers, since the
    /// area code cannot be guessed. Extensions are not accepted.
    ///
    /// Error: [`ValueError::NotAPhone`], showing the input with all but its last 4 digits
    /// masked.
    pub fn parse(s: &str) -> Result<Phone, ValueError> {
        let compact: String = s
            .chars()
            .map(fold_width_char)
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '\u{2014}'))
            .collect();
        let (had_country, rest) = if let Some(rest) = compact.strip_prefix("+86") {
            (true, rest)
        } else if let Some(rest) = compact.strip_prefix("0086") {
            (true, rest)
        } else {
            (false, compact.as_str())
        };
        let not_a_phone = || ValueError::NotAPhone {
            found: mask_digits(s, 4),
        };
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_phone());
        }
        let n = rest.len();
        let first = rest.as_bytes()[0];
        let is_mobile = n == 11 && first == b'1';
        let is_landline = first == b'0' && (10..=12).contains(&n);
        let is_local = !had_country && (7..=8).contains(&n) && first != b'0' && first != b'1';
        if is_mobile || is_landline || is_local {
            return Ok(Phone(rest.to_string()));
        }
        // `+86 10 12345678`: a landline whose area code lost its leading 0.
        if had_country && first != b'0' && (9..=11).contains(&n) {
            return Ok(Phone(format!("0{rest}")));
        }
        Err(not_a_phone())
    }

    /// The normalised digits, for storage and matching.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a mobile number (11 digits starting with 1).
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11 && self.0.starts_with('1')
    }

    /// Only the last 4 digits, the rest as `*` (`*******5678`), for screens and logs.
    pub fn masked(&self) -> String {
        mask_digits(&self.0, 4)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

/// A fresh id for a load or scan run: `<prefix>-<UTC time>-<8 hex>` (`load-20261126T150221Z-1fe64e64`).
pub fn run_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ"),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid ID number from its first 17 digits.
    fn id(first17: &str) -> String {
        let check = id_number_check_char(first17).expect("17 digits");
        format!("{first17}{check}")
    }

    /// The same number with a wrong check character.
    fn id_bad_check(first17: &str) -> String {
        let check = id_number_check_char(first17).expect("17 digits");
        let wrong = if check == '0' { '1' } else { '0' };
        format!("{first17}{wrong}")
    }

    #[test]
    fn id_numbers_accepted() {
        let male_1985 = id("44052419850101001");
        let cases = [
            ("11010519491231002X".to_string(), "11010519491231002X"),
            ("11010519491231002x".to_string(), "11010519491231002X"),
            (" 11010519491231002X\t".to_string(), "11010519491231002X"),
            ("110105 19491231 002X".to_string(), "11010519491231002X"),
            (
                "１１０１０５１９４９１２３１００２Ｘ".to_string(),
                "11010519491231002X",
            ),
            ("440524188001010014".to_string(), "440524188001010014"),
            (male_1985.clone(), male_1985.as_str()),
        ];
        for (input, want) in cases {
            let got = IdNumber::parse(&input);
            assert_eq!(got.as_ref().map(IdNumber::as_str), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn id_number_fields() {
        let woman = IdNumber::parse("11010519491231002X").expect("valid");
        assert_eq!(
            woman.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).expect("date")
        );
        assert_eq!(woman.gender(), Gender::Female);
        assert_eq!(woman.region_code(), "110105");
        assert_eq!(woman.masked(), "110105********002X");
        let man = IdNumber::parse("440524188001010014").expect("valid");
        assert_eq!(man.gender(), Gender::Male);
        assert_eq!(
            man.birth_date(),
            NaiveDate::from_ymd_opt(1880, 1, 1).expect("date")
        );
    }

    #[test]
    fn id_number_never_prints_whole() {
        let n = IdNumber::parse("11010519491231002X").expect("valid");
        let debug = format!("{n:?} {:?}", Some(&n));
        assert!(!debug.contains("19491231"), "{debug}");
        assert_eq!(format!("{n:?}"), "IdNumber(\"110105********002X\")");
        let e = IdNumber::parse("110105194912310021").expect_err("bad check");
        assert!(!e.to_string().contains("19491231"), "{e}");
        assert!(!format!("{e:?}").contains("19491231"), "{e:?}");
    }

    #[test]
    fn id_numbers_rejected_with_the_reason() {
        type Check = fn(&ValueError) -> bool;
        let length: Check = |e| matches!(e, ValueError::IdNumberLength { .. });
        let chars: Check = |e| matches!(e, ValueError::IdNumberChars { .. });
        let check: Check = |e| matches!(e, ValueError::IdNumberCheck { .. });
        let birth: Check = |e| matches!(e, ValueError::IdNumberBirthDate { .. });
        let cases: Vec<(String, Check)> = vec![
            ("".into(), length),
            ("110105491231002".into(), length), // old 15-digit form
            ("11010519491231002".into(), length),
            ("11010519491231002X1".into(), length),
            ("11010519491231002李".into(), chars),
            ("1101051949123100XX".into(), chars),
            ("A1010519491231002X".into(), chars),
            ("11010519491231002Y".into(), chars),
            ("11010519491231002-".into(), chars),
            ("李10519491231002X12".into(), chars),
            (id_bad_check("11010519491231002"), check),
            ("110105194912310029".into(), check),
            (id("11010520230230001"), birth), // 30 February
            (id("11010519491331002"), birth), // month 13
            (id("11010519490000002"), birth),
        ];
        for (input, want) in cases {
            let got = IdNumber::parse(&input);
            assert!(matches!(&got, Err(e) if want(e)), "{input:?}: {got:?}");
        }
    }

    #[test]
    fn id_number_error_messages() {
        let e = IdNumber::parse("1101051949123100").expect_err("short");
        assert_eq!(
            e.to_string(),
            "ID number must have 18 characters, found 16: \"110105******3100\""
        );
    }

    #[test]
    fn credit_codes() {
        let cases = [
            ("91350100M000100Y43", "91350100M000100Y43"),
            ("91350100m000100y43", "91350100M000100Y43"),
            (" 91350100M000100Y43 ", "91350100M000100Y43"),
            ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ];
        for (input, want) in cases {
            let got = CreditCode::parse(input);
            assert_eq!(got.as_ref().map(CreditCode::as_str), Ok(want), "{input:?}");
        }
        let code = CreditCode::parse("91350100M000100Y43").expect("valid");
        assert_eq!(code.to_string(), "91350100M000100Y43");
        assert_eq!(
            serde_json::to_string(&code).expect("json"),
            "\"91350100M000100Y43\""
        );

        type Check = fn(&ValueError) -> bool;
        let length: Check = |e| matches!(e, ValueError::CreditCodeLength { .. });
        let chars: Check = |e| matches!(e, ValueError::CreditCodeChars { .. });
        let check: Check = |e| matches!(e, ValueError::CreditCodeCheck { .. });
        let rejected: [(&str, Check); 7] = [
            ("", length),
            ("91350100M000100Y4", length),
            ("91350100M000100Y433", length),
            ("91350100M0O0100Y43", chars),
            ("91350100M000100I43", chars),
            ("9135010０M000100Y4-", chars),
            ("91350100M000100Y44", check),
        ];
        for (input, want) in rejected {
            let got = CreditCode::parse(input);
            assert!(matches!(&got, Err(e) if want(e)), "{input:?}: {got:?}");
        }
        let e = CreditCode::parse("91350100M0O0100Y43").expect_err("letter O");
        assert!(e.to_string().starts_with("credit code has 'O'"), "{e}");
    }

    #[test]
    fn phones_accepted_and_normalised() {
        let cases = [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("+86 138 1234 5678", "13812345678"),
            ("+8613812345678", "13812345678"),
            ("0086 13812345678", "13812345678"),
            ("(+86)13812345678", "13812345678"),
            ("１３８１２３４５６７８", "13812345678"),
            ("010-12345678", "01012345678"),
            ("(0755)1234567", "07551234567"),
            ("（0755）12345678", "075512345678"),
            ("0571 8888 6666", "057188886666"),
            ("+86 10 1234 5678", "01012345678"),
            ("+86-755-12345678", "075512345678"),
            ("5551234", "5551234"),
            ("85551234", "85551234"),
        ];
        for (input, want) in cases {
            let got = Phone::parse(input);
            assert_eq!(got.as_ref().map(Phone::as_str), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn phones_rejected() {
        let cases = [
            "",
            "无",
            "138123456789",
            "1381234567",
            "23812345678",
            "010-1234",
            "0101234567890",
            "12345",
            "1234567",
            "0123456",
            "138-1234-567x",
            "+86",
            "+86 5551234",
            "13812345678 ext 12",
        ];
        for input in cases {
            let got = Phone::parse(input);
            assert!(
                matches!(got, Err(ValueError::NotAPhone { .. })),
                "{input:?}: {got:?}"
            );
        }
        let e = Phone::parse("138-1234-567").expect_err("10 digits");
        assert_eq!(
            e.to_string(),
            "not a phone number (expected an 11-digit mobile starting with 1, or a landline of 7-12 digits): \"***-***4-567\""
        );
    }

    #[test]
    fn phones_are_masked() {
        let p = Phone::parse("+86 138 1234 5678").expect("mobile");
        assert!(p.is_mobile());
        assert_eq!(p.masked(), "*******5678");
        assert_eq!(format!("{p:?}"), "Phone(\"*******5678\")");
        let landline = Phone::parse("010-12345678").expect("landline");
        assert!(!landline.is_mobile());
    }
}
