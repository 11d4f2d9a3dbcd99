//! Update semantics of a row: what it asserts and what it leaves alone. A column the row
//! does not have (not in the file's header, or a JSON key the object lacks) and an empty
//! cell leave the stored value alone; only a clear asked for ([`Clear`]) removes it. The
//! upsert statements write `row._props` (property → value, `null` for a cleared one) with
//! `SET x += row._props`, so every table follows the same rule, and a replaced reference
//! (`owner_org_id`, `supplier_id`, ...) is only dropped when the row gives another or clears
//! it (`row._clear` names the cleared columns).

use std::collections::BTreeSet;

use super::mapping::{ColumnMapping, ColumnType, TableMapping};

/// Which empty values of a load remove the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Clear {
    /// None: an empty cell or a missing column leaves the stored value alone.
    #[default]
    Nothing,
    /// `guanxi load --clear-empty`: an empty cell in a column the file has removes the
    /// stored value (a column the file does not have still leaves it alone).
    EmptyCells,
    /// The ingest's `?clear=phone,address`: these columns (lower-case names) are removed from
    /// every row that gives them no value, whether the key is missing, null or empty.
    Columns(BTreeSet<String>),
}

impl Clear {
    /// Whether a row without a value for `column` clears it; `in_header` says whether the
    /// file (or the JSON body) has the column at all.
    pub fn clears(&self, column: &str, in_header: bool) -> bool {
        match self {
            Clear::Nothing => false,
            Clear::EmptyCells => in_header,
            Clear::Columns(columns) => columns.contains(&column.to_lowercase()),
        }
    }

    /// The clear of a comma-separated column list (`phone,address`) for `table`. Refuses
    /// columns the table does not have and required ones (they can never be empty).
    pub fn columns(table: &TableMapping, list: &str) -> Result<Self, String> {
        let mut columns = BTreeSet::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let name = name.to_lowercase();
            match table.columns.iter().find(|c| c.name.to_lowercase() == name) {
                None => {
                    return Err(format!(
                        "clear: table {} has no column {name:?}",
                        table.table
                    ))
                }
                Some(c) if c.required => {
                    return Err(format!(
                        "clear: column {name:?} of table {} is required and cannot be cleared",
                        table.table
                    ))
                }
                Some(_) => {
                    columns.insert(name);
                }
            }
        }
        Ok(if columns.is_empty() {
            Clear::Nothing
        } else {
            Clear::Columns(columns)
        })
    }
}

/// Whether a column's values are properties of what the row upserts. References and the
/// kinship word become relationships instead, and the id is the node's key.
pub(crate) fn is_property(column: &ColumnMapping) -> bool {
    !matches!(
        column.column_type,
        ColumnType::Id | ColumnType::Ref | ColumnType::RefList | ColumnType::KinRelation
    )
}

/// The property a query parameter is stored under: the same name, except a name's pinyin,
/// which the data contract stores as `pinyin`.
pub(crate) fn property_of(param: &str) -> &str {
    if param == "name_pinyin" {
        "pinyin"
    } else {
        param
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_rules() {
        assert!(!Clear::Nothing.clears("phone", true));
        assert!(Clear::EmptyCells.clears("phone", true));
        assert!(!Clear::EmptyCells.clears("phone", false));
        let columns = Clear::Columns(["phone".to_string()].into());
        assert!(columns.clears("Phone", false));
        assert!(!columns.clears("address", true));
        assert_eq!(property_of("name_pinyin"), "pinyin");
        assert_eq!(property_of("name_norm"), "name_norm");
    }
}
