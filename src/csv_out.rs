//! Cells of the CSV files guanxi writes (`guanxi scan --format csv`, a load's `rejects.csv`
//! and `warnings.csv`), made safe to open in Excel or WPS: a text cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection), so
//! it gets a leading single quote `'`, which the spreadsheet shows as text.
//!
//! The rule applies to text only: a cell that is a plain decimal number (`-12.5`, `+3`) is no
//! formula and stays a number, and numeric fields are never touched. Reading such a file
//! back as data means dropping the quote from cells that start with `'=`, `'+`, `'-`, `'@`,
//! `'\t` or `'\r`.

use std::borrow::Cow;

/// `cell` as it may be written to a CSV file: with a leading `'` when a spreadsheet would
/// take it for a formula; unchanged otherwise (plain numbers included).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let starts_formula = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if starts_formula && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes one record of text cells, each [`neutralise`]d.
pub fn write_text_record<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    cells: &[&str],
) -> csv::Result<()> {
    writer.write_record(cells.iter().map(|cell| neutralise(cell).into_owned()))
}

/// A sign, digits, and at most one decimal point between digits: what a spreadsheet reads
/// as a number, never as a formula.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_like_text_is_quoted_and_numbers_stay_numbers() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "--1",
        ] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in [
            "-12.5",
            "+3",
            "-7",
            "0.25",
            "张三",
            "",
            "a=b",
            "'=already",
            "2026-11-26",
        ] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn records_are_written_neutralised() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        super::write_text_record(&mut writer, &["=1+1", "-5", "ok"]).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'=1+1,-5,ok\n");
    }
}
