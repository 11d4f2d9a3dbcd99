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
