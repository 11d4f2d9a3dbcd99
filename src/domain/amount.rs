//! Money, counted in whole fen (0.01 yuan) so sums and comparisons are exact: a payment split
//! just under an approval threshold must compare correctly, which floats do not guarantee.

use std::fmt;

use super::error::{excerpt, ValueError};
use super::text::fold_width;

/// A non-negative sum of money in fen (hundredths of a yuan).
///
/// `Display` prints plain yuan with two decimals (`20000.00`), a form every spreadsheet and
/// query reads back; [`Amount::format_yuan_zh`] is the form for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

impl Amount {
    /// Nothing.
    pub const ZERO: Amount = Amount(0);

    /// Parses a yuan amount cell: digits with an optional decimal part (`1500`, `1500.5`,
    /// `.5`), thousands separators in groups of three (`20,000.00`; a misplaced comma as in
    /// `1,5` is rejected rather than read as 15 or 1.5), an optional leading `¥`/`￥`, an
    /// optional trailing `元`, and a trailing `万` (before any `元`: `2.5万`, `2.5万元`) that
    /// multiplies by 10,000. White space around the number and its units is trimmed and
    /// full-width digits, commas and points are folded.
    ///
    /// The value must be a whole number of fen after scaling: `1.005` is rejected, while
    /// `1.000`, `1.2345万` (12,345 yuan) and `0.000001万` (0.01 yuan) are accepted.
    ///
    /// Errors: [`ValueError::NegativeAmount`] for a leading minus sign,
    /// [`ValueError::TooPrecise`] below one fen, [`ValueError::AmountTooLarge`] beyond
    /// `i64::MAX` fen, [`ValueError::NotAnAmount`] for anything else (including exponent
    /// notation such as `2E+04`, which the xlsx reader must format before calling).
    pub fn parse(s: &str) -> Result<Amount, ValueError> {
        let folded = fold_width(s);
        let not_an_amount = || ValueError::NotAnAmount { found: excerpt(s) };
        let mut text = folded.trim();
        if let Some(rest) = text.strip_suffix('元') {
            text = rest.trim_end();
        }
        let mut scale = 2u32; // decimal places from yuan to fen
        if let Some(rest) = text.strip_suffix('万') {
            text = rest.trim_end();
            scale += 4;
        }
        if let Some(rest) = text.strip_prefix(['¥', '￥']) {
            text = rest.trim_start();
        }
        if let Some(rest) = text.strip_prefix(['-', '\u{2212}']) {
            // Report the sign only for something that is otherwise a number; `-x` is garbage.
            return Err(match parse_unsigned(rest.trim_start(), scale) {
                Err(Bad::Garbage) => not_an_amount(),
                _ => ValueError::NegativeAmount { found: excerpt(s) },
            });
        }
        parse_unsigned(text, scale)
            .map(Amount)
            .map_err(|bad| match bad {
                Bad::Garbage => not_an_amount(),
                Bad::TooPrecise => ValueError::TooPrecise { found: excerpt(s) },
                Bad::TooLarge => ValueError::AmountTooLarge { found: excerpt(s) },
            })
    }

    /// The amount of `fen` fen; `None` if negative, since amounts never are.
    pub fn from_fen(fen: i64) -> Option<Amount> {
        (fen >= 0).then_some(Amount(fen))
    }

    /// The amount of whole `yuan`, for building values in code (tests, the data generator).
    pub fn from_yuan(yuan: u32) -> Amount {
        Amount(i64::from(yuan) * 100)
    }

    /// The exact value in fen: use this to store, sum and compare.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// The value in yuan as a float, for display and for thresholds stated in yuan; exact up
    /// to 2^53 fen (about 90 trillion yuan).
    pub fn yuan_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// The amount as written in Chinese reports: whole multiples of 100 yuan from 10,000 up
    /// in 万 (`2万元`, `2.5万元`, `1.23万元`), anything else in yuan with thousands separators
    /// and decimals only when there are fen (`9,800元`, `20,000.50元`).
    pub fn format_yuan_zh(self) -> String {
        let yuan = self.0 / 100;
        let fen = self.0 % 100;
        if fen == 0 && yuan >= 10_000 && yuan % 100 == 0 {
            let wan = yuan / 10_000;
            let frac = yuan % 10_000 / 100; // hundredths of a 万
            return if frac == 0 {
                format!("{}万元", group_thousands(wan))
            } else {
                let frac = format!("{frac:02}");
                format!(
                    "{}.{}万元",
                    group_thousands(wan),
                    frac.trim_end_matches('0')
                )
            };
        }
        if fen == 0 {
            format!("{}元", group_thousands(yuan))
        } else {
            format!("{}.{fen:02}元", group_thousands(yuan))
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// Parses a share percentage (`share_pct`): a decimal number from 0 to 100, with an optional
/// trailing `%` (`30`, `12.5`, `30%`, full-width `３０％`). Exponents, `NaN` and infinities
/// are rejected, which `f64::from_str` alone would accept.
///
/// Error: [`ValueError::NotANumber`].
pub fn parse_percent(s: &str) -> Result<f64, ValueError> {
    let folded = fold_width(s);
    let text = folded.trim();
    let text = text.strip_suffix('%').map_or(text, str::trim_end);
    let bad = || ValueError::NotANumber {
        what: "a percentage",
        expected: "a number from 0 to 100, optionally followed by %",
        found: excerpt(s),
    };
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part)
        || !all_digits(frac_part)
        || (int_part.is_empty() && frac_part.is_empty())
    {
        return Err(bad());
    }
    let value: f64 = text.parse().map_err(|_| bad())?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(bad())
    }
}

/// Why an unsigned number did not parse, before it is turned into a [`ValueError`].
enum Bad {
    Garbage,
    TooPrecise,
    TooLarge,
}

/// Parses `int[.frac]` (int possibly grouped by commas) into units of 10^-`scale`.
fn parse_unsigned(text: &str, scale: u32) -> Result<i64, Bad> {
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let int_digits = ungroup(int_part).ok_or(Bad::Garbage)?;
    let frac = frac_part.unwrap_or("");
    if !frac.bytes().all(|b| b.is_ascii_digit()) || (int_digits.is_empty() && frac.is_empty()) {
        return Err(Bad::Garbage);
    }
    // Digits beyond `scale` decimals must all be zero: they would be fractions of a fen.
    let scale = scale as usize;
    let (kept, dropped) = frac.split_at(frac.len().min(scale));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(Bad::TooPrecise);
    }
    let mut value: i64 = 0;
    let padding = scale - kept.len();
    let all = int_digits
        .bytes()
        .chain(kept.bytes())
        .chain(std::iter::repeat_n(b'0', padding));
    for b in all {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(Bad::TooLarge)?;
    }
    Ok(value)
}

/// The digits of an integer part, which is either plain digits or digits grouped by commas in
/// threes (`20,000`); `None` for anything else. An empty part gives an empty string.
fn ungroup(int_part: &str) -> Option<String> {
    if !int_part.contains(',') {
        return int_part
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| int_part.to_string());
    }
    let mut groups = int_part.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// `n` with commas between groups of three digits.
fn group_thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_contract_form() {
        let cases = [
            ("0", 0),
            ("1500", 150_000),
            ("1500.5", 150_050),
            ("1500.50", 150_050),
            ("1500.", 150_000),
            (".5", 50),
            ("0.01", 1),
            ("20,000.00", 2_000_000),
            ("1,234,567.89", 123_456_789),
            ("300元", 30_000),
            ("300 元", 30_000),
            ("2.5万", 2_500_000),
            ("2.5万元", 2_500_000),
            ("2 万", 2_000_000),
            ("1.2345万", 1_234_500),
            ("0.000001万", 1),
            ("1,000万", 1_000_000_000),
            ("1.000", 100),
            ("1.0000000", 100),
            ("¥1,500", 150_000),
            ("￥ 1500.00", 150_000),
            ("  1500\t", 150_000),
            ("\u{3000}1500\u{3000}", 150_000),
            ("２０，０００．００", 2_000_000),
            ("１．５万元", 1_500_000),
            ("007", 700),
            ("92233720368547758.07", i64::MAX),
        ];
        for (input, fen) in cases {
            assert_eq!(Amount::parse(input).map(Amount::fen), Ok(fen), "{input:?}");
        }
    }

    #[test]
    fn rejects_with_the_right_reason() {
        type Check = fn(&ValueError) -> bool;
        let garbage: Check = |e| matches!(e, ValueError::NotAnAmount { .. });
        let negative: Check = |e| matches!(e, ValueError::NegativeAmount { .. });
        let precise: Check = |e| matches!(e, ValueError::TooPrecise { .. });
        let large: Check = |e| matches!(e, ValueError::AmountTooLarge { .. });
        let cases: [(&str, Check); 27] = [
            ("", garbage),
            ("   ", garbage),
            ("元", garbage),
            ("万", garbage),
            (".", garbage),
            ("abc", garbage),
            ("12a", garbage),
            ("1.2.3", garbage),
            ("1,5", garbage),
            ("20,0000", garbage),
            (",000", garbage),
            ("1,000,00", garbage),
            ("1 500", garbage),
            ("2E+04", garbage),
            ("+100", garbage),
            ("100元万", garbage),
            ("两万", garbage),
            ("-x", garbage),
            ("-100", negative),
            ("-0.5万", negative),
            ("−100", negative),
            ("￥-100", negative),
            ("1.005", precise),
            ("0.001", precise),
            ("1.0000001万", precise),
            ("92233720368547758.08", large),
            ("99999999999999999999万", large),
        ];
        for (input, check) in cases {
            let got = Amount::parse(input);
            assert!(matches!(&got, Err(e) if check(e)), "{input:?}: {got:?}");
        }
    }

    #[test]
    fn error_messages_name_the_reason() {
        let e = Amount::parse("-100").expect_err("negative");
        assert!(e.to_string().starts_with("negative amount"), "{e}");
        let e = Amount::parse("1.005").expect_err("fraction of a fen");
        assert!(e.to_string().contains("\"1.005\""), "{e}");
    }

    #[test]
    fn converts_and_displays() {
        let a = Amount::parse("20,000.5").expect("amount");
        assert_eq!(a.fen(), 2_000_050);
        assert!((a.yuan_f64() - 20_000.5).abs() < f64::EPSILON);
        assert_eq!(a.to_string(), "20000.50");
        assert_eq!(Amount::ZERO.to_string(), "0.00");
        assert_eq!(
            Amount::from_fen(5).map(|a| a.to_string()),
            Some("0.05".into())
        );
        assert_eq!(Amount::from_fen(-1), None);
        assert_eq!(Amount::from_yuan(3), Amount(300));
        assert_eq!(Amount(1).checked_add(Amount(2)), Some(Amount(3)));
        assert_eq!(Amount(i64::MAX).checked_add(Amount(1)), None);
        assert!(Amount::from_yuan(100) > Amount(9_999));
    }

    #[test]
    fn percentages() {
        let accepted = [
            ("0", 0.0),
            ("30", 30.0),
            ("12.5", 12.5),
            (".5", 0.5),
            ("30%", 30.0),
            (" 30 % ", 30.0),
            ("３０％", 30.0),
            ("100", 100.0),
            ("100.00", 100.0),
        ];
        for (input, want) in accepted {
            assert_eq!(parse_percent(input), Ok(want), "{input:?}");
        }
        let rejected = [
            "", "%", ".", "-5", "100.01", "101", "1e2", "NaN", "inf", "30%%", "三十", "1,5",
        ];
        for input in rejected {
            let got = parse_percent(input);
            assert!(
                matches!(
                    &got,
                    Err(ValueError::NotANumber {
                        what: "a percentage",
                        ..
                    })
                ),
                "{input:?}: {got:?}"
            );
        }
    }

    #[test]
    fn formats_for_chinese_reports() {
        let cases = [
            (0, "0元"),
            (5, "0.05元"),
            (980_000, "9,800元"),
            (2_000_050, "20,000.50元"),
            (2_000_000, "2万元"),
            (2_500_000, "2.5万元"),
            (1_230_000, "1.23万元"),
            (1_234_500, "12,345元"),
            (1_000_000_000, "1,000万元"),
        ];
        for (fen, want) in cases {
            assert_eq!(Amount(fen).format_yuan_zh(), want, "{fen}");
        }
    }
}
