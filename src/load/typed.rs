//! A raw row becomes a typed row: every cell parsed into its domain value per the table's
//! mapping, before any I/O. A typed row only needs turning into query parameters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use neo4rs::{BoltList, BoltMap, BoltNull, BoltString, BoltType};
use sha2::{Digest, Sha256};

use super::mapping::{ColumnMapping, ColumnType, EntityKind, TableMapping};
use super::source::RawRow;
use super::update::{self, Clear};
use crate::domain::{
    non_empty, normalize_address, normalize_name, parse_bool, parse_date, parse_percent,
    split_list, to_pinyin, Amount, CompanyRole, ContractMethod, CreditCode, Gender, IdNumber,
    KinRelation, OrgKind, ParsedRelation, Phone, Qualification,
};

/// One typed parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Absent.
    Null,
    /// Text.
    Text(String),
    /// A calendar date.
    Date(NaiveDate),
    /// A number (yuan, percent).
    Float(f64),
    /// A whole number (ranks).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A list of ids.
    List(Vec<String>),
}

impl Value {
    fn to_bolt(&self) -> BoltType {
        match self {
            Value::Null => BoltType::Null(BoltNull),
            Value::Text(s) => BoltType::from(s.as_str()),
            Value::Date(d) => BoltType::from(*d),
            Value::Float(f) => BoltType::from(*f),
            Value::Int(i) => BoltType::from(*i),
            Value::Bool(b) => BoltType::from(*b),
            Value::List(items) => {
                let mut list = BoltList::with_capacity(items.len());
                for item in items {
                    list.push(BoltType::from(item.as_str()));
                }
                BoltType::List(list)
            }
        }
    }

    fn hash_into(&self, hasher: &mut Sha256) {
        match self {
            Value::Null => hasher.update(b"N"),
            Value::Text(s) => {
                hasher.update(b"T");
                hasher.update(s.as_bytes());
            }
            Value::Date(d) => hasher.update(format!("D{d}")),
            Value::Float(f) => hasher.update(format!("F{f}")),
            Value::Int(i) => hasher.update(format!("I{i}")),
            Value::Bool(b) => hasher.update(if *b { b"B1" } else { b"B0" }),
            Value::List(items) => {
                hasher.update(b"L");
                for item in items {
                    hasher.update(item.as_bytes());
                    hasher.update(b"\x1f");
                }
            }
        }
        hasher.update(b"\x1e");
    }
}

/// A reference a row makes to another entity, checked before the row is written.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The referencing column.
    pub column: String,
    /// Its 1-based position in the header.
    pub column_number: usize,
    /// The referenced ids.
    pub ids: Vec<String>,
    /// The kinds they may have.
    pub kinds: Vec<EntityKind>,
}

/// A row whose cells all parsed.
#[derive(Debug, Clone)]
pub struct TypedRow {
    /// Line in the source file.
    pub line: u64,
    /// For entity tables: the row's id.
    pub id: Option<String>,
    /// Parameters by name.
    pub params: BTreeMap<String, Value>,
    /// References to check.
    pub references: Vec<Reference>,
    /// Non-fatal problems (e.g. an invalid ID number: stored, never used to link).
    pub warnings: Vec<CellProblem>,
    /// What the row asserts, by property: the values of its non-empty property columns (with
    /// their derived values), and `Null` for the cleared ones (see [`super::update`]).
    pub props: BTreeMap<String, Value>,
    /// Columns the row clears (references among them drop their relationship).
    pub cleared: Vec<String>,
    /// Parameters of property columns: [`Self::props`] stands for them in the row hash.
    property_params: BTreeSet<String>,
}

/// What is wrong with one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Column name.
    pub column: String,
    /// 1-based column position in the header (0 when the column is missing).
    pub column_number: usize,
    /// The reason, for a person to read.
    pub reason: String,
}

impl TypedRow {
    /// The row as a Bolt map for `UNWIND $rows AS row`: its parameters, `_props` and
    /// `_clear` (what it asserts and clears), `_line`, and a hash `_hash` of what it asserts
    /// (so an unchanged row is not rewritten on reload, and a partial row hashes only the
    /// columns it has: the same partial row again is no change either).
    pub fn to_bolt(&self) -> BoltType {
        let mut hasher = Sha256::new();
        let mut map = BoltMap::with_capacity(self.params.len() + 4);
        for (name, value) in &self.params {
            if !self.property_params.contains(name) {
                hasher.update(name.as_bytes());
                value.hash_into(&mut hasher);
            }
            map.put(BoltString::from(name.as_str()), value.to_bolt());
        }
        let mut props = BoltMap::with_capacity(self.props.len());
        hasher.update(b"\x1dprops");
        for (name, value) in &self.props {
            hasher.update(name.as_bytes());
            value.hash_into(&mut hasher);
            props.put(BoltString::from(name.as_str()), value.to_bolt());
        }
        hasher.update(b"\x1dclear");
        for column in &self.cleared {
            hasher.update(column.as_bytes());
            hasher.update(b"\x1f");
        }
        map.put(BoltString::from("_props"), BoltType::Map(props));
        map.put(
            BoltString::from("_clear"),
            Value::List(self.cleared.clone()).to_bolt(),
        );
        let hash = hex::encode(&hasher.finalize()[..12]);
        map.put(BoltString::from("_hash"), BoltType::from(hash));
        map.put(BoltString::from("_line"), BoltType::from(self.line as i64));
        BoltType::Map(map)
    }
}

/// Where each mapped column sits in a file's header.
#[derive(Debug, Clone)]
pub struct ColumnIndex {
    positions: Vec<Option<usize>>,
}

impl ColumnIndex {
    /// Matches the mapping's columns to the header (case-insensitive, trimmed). Returns the
    /// index, the header columns the mapping does not know (a warning), and the required
    /// columns that are missing (a file-level error).
    pub fn new(table: &TableMapping, header: &[String]) -> (Self, Vec<String>, Vec<String>) {
        let normalized: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let positions: Vec<Option<usize>> = table
            .columns
            .iter()
            .map(|c| normalized.iter().position(|h| *h == c.name.to_lowercase()))
            .collect();
        let unknown = header
            .iter()
            .zip(&normalized)
            .filter(|(_, n)| {
                !n.is_empty() && !table.columns.iter().any(|c| c.name.to_lowercase() == **n)
            })
            .map(|(h, _)| h.clone())
            .collect();
        let missing = table
            .columns
            .iter()
            .zip(&positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.name.clone())
            .collect();
        (Self { positions }, unknown, missing)
    }
}

impl ColumnIndex {
    /// The trimmed, non-empty text of a mapped column in a raw row (e.g. the id of a row
    /// that failed to parse, so references to it can be rejected too).
    pub fn cell(&self, table: &TableMapping, raw: &RawRow, column: &str) -> Option<String> {
        let position = table.columns.iter().position(|c| c.name == column)?;
        let cell = raw.cells.get(self.positions[position]?)?;
        non_empty(cell).map(|c| c.trim().to_string())
    }
}

/// Parses one raw row, clearing nothing. `Err` carries every problem that rejects it (all
/// are reported).
pub fn parse_row(
    table: &TableMapping,
    index: &ColumnIndex,
    raw: &RawRow,
) -> Result<TypedRow, Vec<CellProblem>> {
    parse_row_clearing(table, index, raw, &Clear::Nothing)
}

/// Parses one raw row; `clear` says which empty values remove the stored one.
pub fn parse_row_clearing(
    table: &TableMapping,
    index: &ColumnIndex,
    raw: &RawRow,
    clear: &Clear,
) -> Result<TypedRow, Vec<CellProblem>> {
    let mut row = TypedRow {
        line: raw.line,
        id: None,
        params: BTreeMap::new(),
        references: Vec::new(),
        warnings: Vec::new(),
        props: BTreeMap::new(),
        cleared: Vec::new(),
        property_params: BTreeSet::new(),
    };
    let mut problems = Vec::new();
    for (column, position) in table.columns.iter().zip(&index.positions) {
        let cell = position
            .and_then(|p| raw.cells.get(p))
            .map(String::as_str)
            .unwrap_or("");
        let column_number = position.map(|p| p + 1).unwrap_or(0);
        let problem = |reason: String| CellProblem {
            column: column.name.clone(),
            column_number,
            reason,
        };
        let property = update::is_property(column);
        let params = column_params(column);
        match non_empty(cell) {
            None if column.required => problems.push(problem("required value is empty".into())),
            None => {
                set_absent(column, &mut row);
                if clear.clears(&column.name, position.is_some()) {
                    row.cleared.push(column.name.clone());
                    if property {
                        for param in &params {
                            let name = update::property_of(param).to_string();
                            row.props.insert(name, Value::Null);
                        }
                    }
                }
            }
            Some(text) => match parse_cell(column, text, column_number, &mut row) {
                Err(reason) => problems.push(problem(reason)),
                Ok(()) if property => {
                    for param in &params {
                        if let Some(value) = row.params.get(param) {
                            let name = update::property_of(param).to_string();
                            row.props.insert(name, value.clone());
                        }
                    }
                }
                Ok(()) => {}
            },
        }
        if property {
            row.property_params.extend(params);
        }
    }
    if let Some(kin) = table
        .columns
        .iter()
        .find(|c| c.column_type == ColumnType::KinRelation)
    {
        if problems.is_empty() {
            if let Err(reason) = derive_tie(kin, &mut row) {
                let position = table.columns.iter().position(|c| c.name == kin.name);
                problems.push(CellProblem {
                    column: kin.name.clone(),
                    column_number: position
                        .and_then(|p| index.positions[p])
                        .map(|p| p + 1)
                        .unwrap_or(0),
                    reason,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(row)
    } else {
        Err(problems)
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.trim().to_string())
}

/// Parameters of an empty optional cell: the value and its derived parameters are all null
/// (a `bool` its default). Whether that clears the stored value is the row's `props`.
fn set_absent(column: &ColumnMapping, row: &mut TypedRow) {
    let name = &column.name;
    match column.column_type {
        ColumnType::Bool => {
            let value = column.default.map(Value::Bool).unwrap_or(Value::Null);
            row.params.insert(name.clone(), value);
        }
        _ => {
            row.params.insert(name.clone(), Value::Null);
        }
    }
    for suffix in derived_suffixes(column.column_type) {
        row.params.insert(format!("{name}{suffix}"), Value::Null);
    }
}

/// The parameters a column gives: its own and its derived ones.
fn column_params(column: &ColumnMapping) -> Vec<String> {
    std::iter::once(column.name.clone())
        .chain(
            derived_suffixes(column.column_type)
                .iter()
                .map(|suffix| format!("{}{suffix}", column.name)),
        )
        .collect()
}

fn derived_suffixes(column_type: ColumnType) -> &'static [&'static str] {
    match column_type {
        ColumnType::Name => &["_norm", "_pinyin"],
        ColumnType::Address => &["_norm"],
        ColumnType::Qualification => &["_rank"],
        ColumnType::IdNumber | ColumnType::CreditCode | ColumnType::Phone => &["_invalid"],
        _ => &[],
    }
}

fn parse_cell(
    column: &ColumnMapping,
    cell: &str,
    column_number: usize,
    row: &mut TypedRow,
) -> Result<(), String> {
    let name = column.name.clone();
    let params = &mut row.params;
    let e = |err: crate::domain::ValueError| err.to_string();
    match column.column_type {
        ColumnType::Id => {
            let id = cell.trim().to_string();
            row.id = Some(id.clone());
            params.insert(name, Value::Text(id));
        }
        ColumnType::Text => {
            params.insert(name, text(cell));
        }
        ColumnType::Name => {
            let normalized = normalize_name(cell);
            params.insert(
                format!("{name}_pinyin"),
                Value::Text(to_pinyin(&normalized)),
            );
            params.insert(format!("{name}_norm"), Value::Text(normalized));
            params.insert(name, text(cell));
        }
        ColumnType::Address => {
            params.insert(format!("{name}_norm"), Value::Text(normalize_address(cell)));
            params.insert(name, text(cell));
        }
        ColumnType::Category => {
            params.insert(name, Value::Text(normalize_name(cell).to_lowercase()));
        }
        ColumnType::Date => {
            params.insert(name, Value::Date(parse_date(cell).map_err(e)?));
        }
        ColumnType::Amount => {
            params.insert(
                name,
                Value::Float(Amount::parse(cell).map_err(e)?.yuan_f64()),
            );
        }
        ColumnType::Percent => {
            params.insert(name, Value::Float(parse_percent(cell).map_err(e)?));
        }
        ColumnType::Bool => {
            params.insert(name, Value::Bool(parse_bool(cell).map_err(e)?));
        }
        ColumnType::Gender => {
            params.insert(
                name,
                Value::Text(Gender::parse(cell).map_err(e)?.as_str().into()),
            );
        }
        ColumnType::OrgKind => {
            params.insert(
                name,
                Value::Text(OrgKind::parse(cell).map_err(e)?.as_str().into()),
            );
        }
        ColumnType::Method => {
            let method = ContractMethod::parse(cell).map_err(e)?;
            params.insert(name, Value::Text(method.as_str().into()));
        }
        ColumnType::CompanyRole => {
            let role = CompanyRole::parse(cell).map_err(e)?;
            params.insert(name, Value::Text(role.as_str().into()));
        }
        ColumnType::Qualification => {
            let grade = Qualification::parse(cell).map_err(e)?;
            // Stored as strictness (higher is stricter: special 4 ... grade 3 is 1), so that
            // "stricter than" is a plain comparison and an absent demand can count as 0.
            let strictness = 4 - i64::from(grade.rank());
            params.insert(format!("{name}_rank"), Value::Int(strictness));
            params.insert(name, Value::Text(grade.as_str().into()));
        }
        ColumnType::KinRelation => {
            let parsed = ParsedRelation::parse(cell).map_err(e)?;
            params.insert(name, Value::Text(parsed.relation.as_str().into()));
            params.insert(
                "relative_gender".into(),
                parsed
                    .relative_gender
                    .map(|g| Value::Text(g.as_str().into()))
                    .unwrap_or(Value::Null),
            );
            params.insert(
                "relative_older".into(),
                parsed
                    .relative_is_older
                    .map(Value::Bool)
                    .unwrap_or(Value::Null),
            );
        }
        ColumnType::IdNumber => {
            let parsed = IdNumber::parse(cell).map(|id| id.as_str().to_string());
            set_identifier(row, &name, column_number, cell, parsed);
        }
        ColumnType::CreditCode => {
            let parsed = CreditCode::parse(cell).map(|code| code.as_str().to_string());
            set_identifier(row, &name, column_number, cell, parsed);
        }
        ColumnType::Phone => {
            let parsed = Phone::parse(cell).map(|phone| phone.as_str().to_string());
            set_identifier(row, &name, column_number, cell, parsed);
        }
        ColumnType::Ref => {
            let id = cell.trim().to_string();
            row.references.push(Reference {
                column: name.clone(),
                column_number,
                ids: vec![id.clone()],
                kinds: column.kinds.clone(),
            });
            params.insert(name, Value::Text(id));
        }
        ColumnType::RefList => {
            let ids = split_list(cell);
            row.references.push(Reference {
                column: name.clone(),
                column_number,
                ids: ids.clone(),
                kinds: column.kinds.clone(),
            });
            params.insert(name, Value::List(ids));
        }
    }
    Ok(())
}

/// An identifier (ID number, credit code, phone): its canonical form when valid; otherwise a
/// warning, and the raw text kept aside under `<name>_invalid`, so the row still loads but
/// the value never links or matches records.
fn set_identifier(
    row: &mut TypedRow,
    name: &str,
    column_number: usize,
    cell: &str,
    parsed: Result<String, crate::domain::ValueError>,
) {
    match parsed {
        Ok(canonical) => {
            row.params.insert(name.to_string(), Value::Text(canonical));
            row.params.insert(format!("{name}_invalid"), Value::Null);
        }
        Err(err) => {
            row.warnings.push(CellProblem {
                column: name.to_string(),
                column_number,
                reason: format!("{err}; stored as invalid and never used to link or match records"),
            });
            row.params.insert(format!("{name}_invalid"), text(cell));
            row.params.insert(name.to_string(), Value::Null);
        }
    }
}

/// Turns a kinship row into the stored tie: type, direction and what the word implied.
fn derive_tie(column: &ColumnMapping, row: &mut TypedRow) -> Result<(), String> {
    let [person_column, relative_column] = column.between.as_ref().ok_or("no `between`")?;
    let id_of = |name: &str| match row.params.get(name) {
        Some(Value::Text(id)) => Some(id.clone()),
        _ => None,
    };
    let (Some(person), Some(relative)) = (id_of(person_column), id_of(relative_column)) else {
        return Err("the tie needs both persons".into());
    };
    if person == relative {
        return Err(format!("{person} cannot be their own relative"));
    }
    let relation = match row.params.get(&column.name) {
        Some(Value::Text(word)) => KinRelation::parse(word).map_err(|e| e.to_string())?,
        _ => return Err("no relation".into()),
    };
    let (tie_type, from, to) = match relation {
        KinRelation::Parent => ("PARENT_OF", relative.clone(), person.clone()),
        KinRelation::Child => ("PARENT_OF", person.clone(), relative.clone()),
        KinRelation::Spouse | KinRelation::Sibling => {
            let tie = if relation == KinRelation::Spouse {
                "SPOUSE_OF"
            } else {
                "SIBLING_OF"
            };
            let (low, high) = if person < relative {
                (person.clone(), relative.clone())
            } else {
                (relative.clone(), person.clone())
            };
            (tie, low, high)
        }
    };
    let older = match row.params.get("relative_older") {
        Some(Value::Bool(true)) => Value::Text(relative.clone()),
        Some(Value::Bool(false)) => Value::Text(person.clone()),
        _ => Value::Null,
    };
    row.params
        .insert("tie_type".into(), Value::Text(tie_type.into()));
    row.params.insert("tie_from".into(), Value::Text(from));
    row.params.insert("tie_to".into(), Value::Text(to));
    row.params.insert("older_id".into(), older);
    Ok(())
}
