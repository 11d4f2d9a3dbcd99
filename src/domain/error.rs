//! The one error type of cell parsing. Its `Display` is written for the inspector who must fix
//! the spreadsheet: a short reason, what was expected, and the offending text (shortened, and
//! masked when it is personal data), so the loader can put it straight into a rejection line.

use thiserror::Error;

/// Longest excerpt of the offending text kept in an error, in characters: enough to find the
/// cell, short enough that a pasted paragraph does not flood the rejection report.
const EXCERPT_CHARS: usize = 40;

/// Why one cell could not become a typed value.
///
/// Variants are public so callers can tell reasons apart (e.g. an invalid ID number only
/// stops linking, while an invalid date rejects the row); the `found` fields already hold the
/// shortened (and, for ID and phone numbers, masked) text, ready for display.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// The text has none of the date forms of the contract.
    #[error(
        "not a date (expected YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日): {found:?}"
    )]
    NotADate {
        /// The offending text, shortened.
        found: String,
    },
    /// The text has a date form but names a day that does not exist (2023-02-30, month 13).
    #[error("no such date (month or day out of range): {found:?}")]
    ImpossibleDate {
        /// The offending text, shortened.
        found: String,
    },
    /// The text is not a yuan amount.
    #[error("not an amount (expected yuan such as 1500, 20,000.00, 300元 or 2.5万): {found:?}")]
    NotAnAmount {
        /// The offending text, shortened.
        found: String,
    },
    /// Amounts are non-negative in the contract: direction is given by payer and payee.
    #[error("negative amount (amounts are non-negative; direction comes from payer and payee): {found:?}")]
    NegativeAmount {
        /// The offending text, shortened.
        found: String,
    },
    /// The amount is finer than one fen (0.01 yuan), after applying 万.
    #[error("amount finer than a fen (at most 2 decimals in yuan, 6 with 万): {found:?}")]
    TooPrecise {
        /// The offending text, shortened.
        found: String,
    },
    /// The amount does not fit in the counter of fen.
    #[error("amount too large: {found:?}")]
    AmountTooLarge {
        /// The offending text, shortened.
        found: String,
    },
    /// The text is not a number in the accepted range.
    #[error("not {what} (expected {expected}): {found:?}")]
    NotANumber {
        /// What was wanted, with its article ("a percentage").
        what: &'static str,
        /// The accepted forms and range.
        expected: &'static str,
        /// The offending text, shortened.
        found: String,
    },
    /// A word that none of the accepted spellings of a closed vocabulary matches (booleans,
    /// gender, kinship relation, company role, qualification, contract method, org kind).
    #[error("not {what} (expected {expected}): {found:?}")]
    UnknownWord {
        /// What was wanted, with its article ("a gender").
        what: &'static str,
        /// The accepted spellings.
        expected: &'static str,
        /// The offending text, shortened.
        found: String,
    },
    /// A resident identity number must have exactly 18 characters.
    #[error("ID number must have 18 characters, found {len}: {found:?}")]
    IdNumberLength {
        /// Characters found, after trimming.
        len: usize,
        /// The offending text, masked.
        found: String,
    },
    /// A resident identity number is 17 digits and a check character 0–9 or X.
    #[error("ID number must be 17 digits and a check character 0-9 or X: {found:?}")]
    IdNumberChars {
        /// The offending text, masked.
        found: String,
    },
    /// The check character does not match the first 17 digits: a typo somewhere.
    #[error("ID number check character does not match (a digit is probably mistyped): {found:?}")]
    IdNumberCheck {
        /// The offending text, masked.
        found: String,
    },
    /// Characters 7–14 of an identity number are the birth date, and this one does not exist.
    #[error("ID number holds an impossible birth date: {found:?}")]
    IdNumberBirthDate {
        /// The offending text, masked.
        found: String,
    },
    /// A unified social credit code must have exactly 18 characters.
    #[error("credit code must have 18 characters, found {len}: {found:?}")]
    CreditCodeLength {
        /// Characters found, after trimming.
        len: usize,
        /// The offending text, shortened.
        found: String,
    },
    /// A character outside the credit code alphabet (digits and capitals except I, O, Z, S, V).
    #[error("credit code has {bad:?}, outside its alphabet (digits and A-Z without I, O, Z, S, V): {found:?}")]
    CreditCodeChars {
        /// The first offending character.
        bad: char,
        /// The offending text, shortened.
        found: String,
    },
    /// The check character does not match the first 17 characters: a typo somewhere.
    #[error(
        "credit code check character does not match (a character is probably mistyped): {found:?}"
    )]
    CreditCodeCheck {
        /// The offending text, shortened.
        found: String,
    },
    /// Not a mainland mobile or landline number.
    #[error(
        "not a phone number (expected an 11-digit mobile starting with 1, or a landline of 7-12 digits): {found:?}"
    )]
    NotAPhone {
        /// The offending text, with all digits but the last 4 masked.
        found: String,
    },
}

/// The offending text as kept in an error: trimmed and cut to [`EXCERPT_CHARS`] characters,
/// with `…` marking a cut.
pub(crate) fn excerpt(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

/// A personal number as kept in an error: the first `keep_first` and last `keep_last`
/// characters of the trimmed text, `*` between; all `*` when too short to hide anything.
/// Errors reach logs and reports, so they must never carry a whole ID number.
pub(crate) fn masked_excerpt(s: &str, keep_first: usize, keep_last: usize) -> String {
    let chars: Vec<char> = excerpt(s).chars().collect();
    let n = chars.len();
    if n <= keep_first + keep_last {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < keep_first || i >= n - keep_last {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Text with every ASCII digit but the last `keep_last` ones replaced by `*`, other characters
/// kept, so a garbled phone number stays recognisable without being disclosed.
pub(crate) fn mask_digits(s: &str, keep_last: usize) -> String {
    let s = excerpt(s);
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + keep_last <= digits {
                    return '*';
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_trimmed_and_cut() {
        let cases = [
            ("  abc  ", "abc"),
            ("", ""),
            (&"很".repeat(40), &"很".repeat(40)),
            (&"很".repeat(41), &format!("{}…", "很".repeat(40))),
        ];
        for (input, want) in cases {
            assert_eq!(excerpt(input), want, "{input:?}");
        }
    }

    #[test]
    fn masks_hide_the_middle() {
        let cases = [
            ("11010519491231002X", 6, 4, "110105********002X"),
            ("1234567890", 6, 4, "**********"),
            ("12345678901", 6, 4, "123456*8901"),
            ("", 6, 4, ""),
        ];
        for (input, first, last, want) in cases {
            assert_eq!(masked_excerpt(input, first, last), want, "{input:?}");
        }
    }

    #[test]
    fn digit_masks_keep_the_last_digits_and_the_rest() {
        let cases = [
            ("13812345678", "*******5678"),
            ("138-1234-567x", "***-***4-567x"),
            ("无", "无"),
            ("12", "12"),
        ];
        for (input, want) in cases {
            assert_eq!(mask_digits(input, 4), want, "{input:?}");
        }
    }

    #[test]
    fn display_names_the_reason_and_the_text() {
        let e = ValueError::NotADate {
            found: excerpt("2023-13-01x"),
        };
        assert_eq!(
            e.to_string(),
            "not a date (expected YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日): \"2023-13-01x\""
        );
    }
}
