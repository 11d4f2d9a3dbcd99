//! Saved inbox filters (保存筛选): a token owner's named sets of the inbox's query
//! parameters, shown as chips above the inbox. Only the inbox's whitelisted parameters
//! ([`PARAMS`]) are kept, each checked as the inbox checks it, so a saved filter always
//! opens a valid inbox page. Stored in Neo4j as `:SavedFilter` (owner = the token's name;
//! one per owner and name: saving a name again replaces its parameters).

use std::collections::BTreeMap;

use neo4rs::Graph;
use serde::Serialize;

use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::{AlertStatus, PatternId, Severity};
use crate::scan::alerts::AlertSort;

/// The inbox's query parameters a filter may hold (not the page: a filter is a view).
pub const PARAMS: [&str; 7] = [
    "pattern", "severity", "status", "org", "since", "until", "sort",
];

/// The longest filter name kept.
pub const MAX_NAME: usize = 60;

/// Why a filter was refused or not read.
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A bad name or parameter; the text says which.
    #[error("{0}")]
    Invalid(String),
}

/// One saved filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SavedFilter {
    /// Its id.
    pub id: String,
    /// The name its owner gave it.
    pub name: String,
    /// The inbox parameters (keys from [`PARAMS`]).
    pub params: BTreeMap<String, String>,
    /// When it was first saved.
    pub created_at: String,
}

/// `params` checked against the whitelist and the inbox's own rules: unknown keys and bad
/// values are refused, empty values dropped.
pub fn check_params(
    params: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, FilterError> {
    let bad = |key: &str, value: &str| {
        FilterError::Invalid(format!("{key}: {value:?} is not a value the inbox takes"))
    };
    let mut kept = BTreeMap::new();
    for (key, value) in params {
        let value = value.trim();
        if !PARAMS.contains(&key.as_str()) {
            return Err(FilterError::Invalid(format!(
                "{key:?} is not an inbox filter (one of {})",
                PARAMS.join(", ")
            )));
        }
        if value.is_empty() {
            continue;
        }
        let ok = match key.as_str() {
            "pattern" => PatternId::parse(value).is_some(),
            "severity" => Severity::parse(value).is_some(),
            "status" => AlertStatus::parse(value).is_some(),
            "sort" => AlertSort::parse(value).is_some(),
            "since" | "until" => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            _ => value.chars().count() <= 200,
        };
        if !ok {
            return Err(bad(key, value));
        }
        kept.insert(key.clone(), value.to_string());
    }
    Ok(kept)
}

fn filter_from_row(row: &neo4rs::Row) -> SavedFilter {
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    SavedFilter {
        id: text("id"),
        name: text("name"),
        params: serde_json::from_str(&text("params")).unwrap_or_default(),
        created_at: text("created_at"),
    }
}

/// The filters of `owner`, oldest first.
pub async fn list(graph: &Graph, owner: &str) -> Result<Vec<SavedFilter>, FilterError> {
    let origin = cypher::FILTERS_LIST.path;
    let mut rows = graph
        .execute_read(read_query(cypher::FILTERS_LIST.text).param("owner", owner))
        .await
        .origin(origin)?;
    let mut all = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        all.push(filter_from_row(&row));
    }
    Ok(all)
}

/// Saves a filter of `owner` under `name` (replacing one of the same name).
pub async fn save(
    graph: &Graph,
    owner: &str,
    name: &str,
    params: &BTreeMap<String, String>,
) -> Result<SavedFilter, FilterError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(FilterError::Invalid(format!(
            "a filter needs a name of 1 to {MAX_NAME} characters"
        )));
    }
    let params = check_params(params)?;
    let json = serde_json::to_string(&params).map_err(|e| FilterError::Invalid(e.to_string()))?;
    let origin = cypher::FILTERS_SAVE.path;
    let mut rows = graph
        .execute(
            neo4rs::query(cypher::FILTERS_SAVE.text)
                .param("owner", owner)
                .param("name", name)
                .param("params", json)
                .param("id", format!("f-{}", uuid::Uuid::new_v4()))
                .param("now", chrono::Utc::now().to_rfc3339()),
        )
        .await
        .origin(origin)?;
    let row = rows
        .next()
        .await
        .origin(origin)?
        .ok_or_else(|| FilterError::Invalid("the filter was not saved".into()))?;
    Ok(filter_from_row(&row))
}

/// Deletes `owner`'s filter `id`; false when `owner` has no such filter.
pub async fn delete(graph: &Graph, owner: &str, id: &str) -> Result<bool, FilterError> {
    let origin = cypher::FILTERS_DELETE.path;
    let mut rows = graph
        .execute(
            neo4rs::query(cypher::FILTERS_DELETE.text)
                .param("owner", owner)
                .param("id", id),
        )
        .await
        .origin(origin)?;
    let deleted = match rows.next().await.origin(origin)? {
        Some(row) => row.get::<i64>("deleted").unwrap_or(0),
        None => 0,
    };
    Ok(deleted > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_the_inbox_parameters_with_good_values_are_kept() {
        let kept = check_params(&map(&[
            ("pattern", "kin-supplier"),
            ("status", "new"),
            ("org", ""),
        ]))
        .unwrap();
        assert_eq!(kept, map(&[("pattern", "kin-supplier"), ("status", "new")]));
        assert!(check_params(&map(&[("page", "2")])).is_err());
        assert!(check_params(&map(&[("severity", "urgent")])).is_err());
        assert!(check_params(&map(&[("since", "26/11/2026")])).is_err());
        assert!(check_params(&map(&[("pattern", "no-such-pattern")])).is_err());
    }
}
