//! How a viewer's allowed values are shown: the one masking of ID numbers (first 6 + last
//! 4), phones (last 4) and birth dates (the year), and the scrubbing of free text (digit
//! runs shaped like those identifiers masked the same way, quoted addresses cut out).

/// `110105********002X`: the one masking of an ID number, wherever it is shown.
pub fn mask_id_number(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// `*******5678`.
pub fn mask_phone(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let mut out = "*".repeat(chars.len() - 4);
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// The year of a birth date (`1962-04-18`, `19620418`, `1962/4/18` → `1962`); anything
/// else hides whole.
pub fn birth_year(text: &str) -> String {
    let year: String = text.chars().take(4).collect();
    if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) {
        year
    } else {
        "*".repeat(text.chars().count())
    }
}

/// Free text as a viewer reads it: every run of 7 or more digits (with `-` inside, an ID
/// number's final `X`) masked like the identifier it looks like (18 or 15 characters: an ID
/// number; eight digits from `19`/`20`: a compact birth date, its year only; otherwise a
/// phone), dates (`2016-04-05`) kept, and addresses quoted by the
/// patterns (`登记地址相同（…）`, `share the address …`) cut out.
pub fn scrub_text(text: &str) -> String {
    mask_digit_runs(&cut_addresses(text))
}

/// The replacement of a cut address.
const HIDDEN: &str = "***";

fn cut_addresses(text: &str) -> String {
    let mut out = text.to_string();
    for marker in ["地址相同（", "地址（", "地址为"] {
        let mut from = 0;
        while let Some(at) = out[from..].find(marker).map(|i| i + from + marker.len()) {
            let end = out[at..]
                .find(['）', '；', '。'])
                .map_or(out.len(), |i| i + at);
            out.replace_range(at..end, HIDDEN);
            from = at + HIDDEN.len();
        }
    }
    for marker in ["the address ", "an address "] {
        let mut from = 0;
        while let Some(at) = out[from..].find(marker).map(|i| i + from + marker.len()) {
            let end = out[at..]
                .find("; ")
                .map_or_else(|| out.len() - usize::from(out.ends_with('.')), |i| i + at);
            out.replace_range(at..end, HIDDEN);
            from = at + HIDDEN.len();
        }
    }
    out
}

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (chars[end] == '-' && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
        {
            end += 1;
        }
        let digits = chars[i..end].iter().filter(|c| c.is_ascii_digit()).count();
        if digits == 17 && end == i + 17 && matches!(chars.get(end), Some('X' | 'x')) {
            end += 1;
        }
        let run: String = chars[i..end].iter().collect();
        let is_date = run.len() == 10 && run.as_bytes()[4] == b'-' && run.as_bytes()[7] == b'-';
        // Eight digits from 19.. or 20.. read as a compact birth date: its year only.
        let is_compact_date = run.len() == 8 && (run.starts_with("19") || run.starts_with("20"));
        if digits < 7 || is_date {
            out.push_str(&run);
        } else if is_compact_date {
            out.push_str(&run[..4]);
            out.push_str("****");
        } else if !run.contains('-') && matches!(run.len(), 15 | 18) {
            out.push_str(&mask_id_number(&run));
        } else {
            out.push_str(&mask_phone(&run));
        }
        i = end;
    }
    out
}
