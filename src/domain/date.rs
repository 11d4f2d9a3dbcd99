//! Dates of the contract. Each source system writes dates its own way; all forms below mean a
//! calendar day, and anything else is rejected rather than guessed (`01/02/2023` could be
//! January or February).

use chrono::{NaiveDate, NaiveTime};

use super::error::{excerpt, ValueError};
use super::text::fold_width;

/// Parses a date cell: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (month and day may have one
/// digit: `2023/1/5`), `YYYYMMDD` (exactly 8 digits) or `YYYY年M月D日` (one or two digits,
/// spaces allowed between parts). Surrounding white space is trimmed and full-width digits and
/// separators are folded.
///
/// Also accepted, because spreadsheet exports write it for date cells: a trailing time of day
/// after a space or `T` (`2023-01-05 00:00:00`, `2023/1/5 14:30`); it must be a valid time
/// and is dropped, since the contract only knows days. Excel serial numbers (`44931`) are not
/// dates here: the xlsx reader must convert date cells itself.
///
/// Errors: [`ValueError::NotADate`] when the text has none of these shapes,
/// [`ValueError::ImpossibleDate`] when it has one but the day does not exist (`2023-02-30`,
/// `2023-13-01`).
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    let folded = fold_width(s);
    let text = folded.trim();
    let not_a_date = || ValueError::NotADate { found: excerpt(s) };
    let (y, m, d) = if let Some(ymd) = parse_zh(text) {
        ymd
    } else {
        let (date_part, time_part) = split_time(text);
        if let Some(t) = time_part {
            parse_time(t).ok_or_else(not_a_date)?;
        }
        parse_numeric(date_part).ok_or_else(not_a_date)?
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| ValueError::ImpossibleDate { found: excerpt(s) })
}

/// Splits `date time` or `dateTtime` into the two parts.
fn split_time(text: &str) -> (&str, Option<&str>) {
    if let Some((date, time)) = text.split_once(' ') {
        return (date, Some(time.trim_start()));
    }
    if let Some((date, time)) = text.split_once('T') {
        return (date, Some(time));
    }
    (text, None)
}

/// A time of day `H:MM`, `H:MM:SS` or `H:MM:SS.fff`.
fn parse_time(t: &str) -> Option<NaiveTime> {
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|fmt| NaiveTime::parse_from_str(t, fmt).ok())
}

/// An unsigned number of `min..=max` ASCII digits.
fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYYMMDD` or `YYYY<sep>M<sep>D` with one separator among `-`, `/`, `.` used twice.
fn parse_numeric(text: &str) -> Option<(i32, u32, u32)> {
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            i32::try_from(digits(&text[..4], 4, 4)?).ok()?,
            digits(&text[4..6], 2, 2)?,
            digits(&text[6..], 2, 2)?,
        ));
    }
    let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = text.split(sep);
    let y = digits(parts.next()?, 4, 4)?;
    let m = digits(parts.next()?, 1, 2)?;
    let d = digits(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    Some((i32::try_from(y).ok()?, m, d))
}

/// `YYYY年M月D日`, with optional spaces around the numbers; the final 日 is required, and so
/// is nothing after it.
fn parse_zh(text: &str) -> Option<(i32, u32, u32)> {
    let (y, rest) = text.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    if !rest.is_empty() {
        return None;
    }
    let y = digits(y.trim(), 4, 4)?;
    Some((
        i32::try_from(y).ok()?,
        digits(m.trim(), 1, 2)?,
        digits(d.trim(), 1, 2)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    #[test]
    fn accepts_every_contract_form() {
        let cases = [
            ("2023-01-05", ymd(2023, 1, 5)),
            ("2023/01/05", ymd(2023, 1, 5)),
            ("2023.01.05", ymd(2023, 1, 5)),
            ("20230105", ymd(2023, 1, 5)),
            ("2023年1月5日", ymd(2023, 1, 5)),
            ("2023年01月05日", ymd(2023, 1, 5)),
            ("2023年12月31日", ymd(2023, 12, 31)),
            ("2023 年 1 月 5 日", ymd(2023, 1, 5)),
            ("2023/1/5", ymd(2023, 1, 5)),
            ("2023-1-15", ymd(2023, 1, 15)),
            ("2023.12.1", ymd(2023, 12, 1)),
            ("  2023-01-05\t", ymd(2023, 1, 5)),
            ("\u{3000}2023-01-05\u{3000}", ymd(2023, 1, 5)),
            ("２０２３－０１－０５", ymd(2023, 1, 5)),
            ("２０２３年１月５日", ymd(2023, 1, 5)),
            ("2024-02-29", ymd(2024, 2, 29)),
            ("2023-01-05 00:00:00", ymd(2023, 1, 5)),
            ("2023-01-05T00:00:00", ymd(2023, 1, 5)),
            ("2023/1/5 14:30", ymd(2023, 1, 5)),
            ("2023-01-05 08:15:30.250", ymd(2023, 1, 5)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn rejects_shapes_that_are_not_dates() {
        let cases = [
            "",
            "   ",
            "yesterday",
            "01/05/2023",
            "05-01-2023",
            "23-01-05",
            "2023-01",
            "2023-01-05-01",
            "2023-01/05",
            "2023-001-05",
            "2023--05",
            "202315",
            "2023010",
            "202301050",
            "2023年1月5",
            "2023年1月5日上午",
            "2023年一月五日",
            "2023-01-05 25:00",
            "2023-01-05 noon",
            "+2023-01-05",
            "44931",
        ];
        for input in cases {
            assert!(
                matches!(parse_date(input), Err(ValueError::NotADate { .. })),
                "{input:?}: {:?}",
                parse_date(input)
            );
        }
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        let cases = [
            "2023-02-30",
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "2023-04-31",
            "20231301",
            "2023年2月30日",
            "2023/2/30",
        ];
        for input in cases {
            assert!(
                matches!(parse_date(input), Err(ValueError::ImpossibleDate { .. })),
                "{input:?}: {:?}",
                parse_date(input)
            );
        }
    }

    #[test]
    fn error_quotes_the_text() {
        let e = parse_date("2023-13-01").expect_err("month 13");
        assert_eq!(
            e.to_string(),
            "no such date (month or day out of range): \"2023-13-01\""
        );
        let e = parse_date("next week").expect_err("words");
        assert!(e.to_string().starts_with("not a date (expected YYYY-MM-DD"));
        assert!(e.to_string().ends_with(": \"next week\""));
    }
}
