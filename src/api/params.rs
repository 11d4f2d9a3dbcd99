//! Parsing request parameters into typed values ("parse, don't validate"): a day in any form
//! of the data contract, a word of a closed list. A value that does not parse is a 400
//! naming the parameter.

use chrono::NaiveDate;

use super::error::ApiError;
use crate::domain::words::Word;

/// A day parameter (`as_of`, `since`, ...): absent or blank is `None`; any form of the data
/// contract is accepted; anything else is a 400 naming the parameter.
pub fn optional_day(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match value.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(day) => crate::domain::parse_date(day)
            .map(Some)
            .map_err(|e| ApiError::BadRequest(format!("{name}: {e}"))),
    }
}

/// A value of a closed list of words, or a 400 naming the list.
pub fn one_of<T: Word>(name: &str, value: Option<&str>) -> Result<Option<T>, ApiError> {
    let Some(text) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match T::ALL_WORDS.iter().find(|v| v.word() == text) {
        Some(found) => Ok(Some(*found)),
        None => Err(ApiError::BadRequest(format!(
            "{name} {text:?} is not one of {}",
            T::ALL_WORDS
                .iter()
                .map(|v| v.word())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A page request (`page` from 1, `per_page` clamped to `1..=max_per_page`), or a 400 when
/// the rows to skip, `(page - 1) * per_page`, do not fit in a `u32` (no overflow reaches
/// the queries).
pub fn paging(
    page: Option<u32>,
    per_page: Option<u32>,
    default_per_page: u32,
    max_per_page: u32,
) -> Result<(u32, u32), ApiError> {
    let page = page.unwrap_or(1).max(1);
    let per_page = per_page.unwrap_or(default_per_page).clamp(1, max_per_page);
    (page - 1)
        .checked_mul(per_page)
        .map(|_| (page, per_page))
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "page {page} of {per_page} rows lies beyond any result; ask for a smaller page"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::paging;

    #[test]
    fn paging_refuses_pages_whose_offset_overflows() {
        assert_eq!(paging(None, None, 50, 500).unwrap(), (1, 50));
        assert_eq!(paging(Some(0), Some(9999), 50, 500).unwrap(), (1, 500));
        assert_eq!(paging(Some(3), Some(10), 50, 500).unwrap(), (3, 10));
        assert!(paging(Some(u32::MAX), Some(500), 50, 500).is_err());
        assert!(paging(Some(u32::MAX), Some(1), 50, 500).is_ok());
    }
}
