//! The checks a parsed row passes before it is written: all tables share one id space (an id
//! is defined once in a dataset, and is not already another kind of entity in the graph),
//! and every reference names an id of an allowed kind, defined by this dataset (forward
//! references are fine) or already in the graph, and not by a row rejected in this load.
//!
//! A first pass over the entity tables collects the ids this dataset defines
//! ([`defined_ids`]); ids it does not define are looked up in the graph a batch at a time,
//! and what was found is kept for later batches.

use std::collections::{HashMap, HashSet};

use neo4rs::{query, Graph};

use super::discover::TableSource;
use super::mapping::{EntityKind, TableMapping};
use super::source::{Encoding, RowItem};
use super::summary::Finding;
use super::typed::{self, CellProblem, ColumnIndex, TypedRow};
use crate::cypher;
use crate::db::{DbError, WithOrigin};

/// Where an id of this dataset was first defined.
#[derive(Debug, Clone)]
pub(crate) struct Definition {
    kind: EntityKind,
    file: String,
    line: u64,
}

/// A parsed row waiting in a batch, with its raw text for the rejects report.
pub(crate) struct Pending {
    /// The row.
    pub(crate) row: TypedRow,
    /// Its cells joined by commas.
    pub(crate) text: String,
}

/// Pass 1: the ids every entity table defines with a valid row (the first definition of
/// each), so that references may point forward (a village before its town) and duplicates
/// name their first definition. Files that cannot be read are skipped here: the table's own
/// pass reports them.
pub(crate) fn defined_ids(
    tables: &[TableMapping],
    sources: &[(usize, TableSource)],
    encoding: Encoding,
) -> HashMap<String, Definition> {
    let mut defined: HashMap<String, Definition> = HashMap::new();
    for (i, source) in sources {
        let table = &tables[*i];
        let Some(kind) = table.kind else { continue };
        let Ok(mut reader) = source.open(encoding) else {
            continue;
        };
        let (index, _, missing) = ColumnIndex::new(table, &reader.header);
        if !missing.is_empty() {
            continue;
        }
        while let Some(Ok(item)) = reader.next_item() {
            if let RowItem::Row(raw) = item {
                if let Ok(TypedRow {
                    id: Some(id), line, ..
                }) = typed::parse_row(table, &index, &raw)
                {
                    defined.entry(id).or_insert_with(|| Definition {
                        kind,
                        file: source.name(),
                        line,
                    });
                }
            }
        }
    }
    defined
}

/// The id space of one load: what this dataset defines, what the graph holds, and which
/// rows were rejected.
pub(crate) struct Checker {
    graph: Graph,
    defined: HashMap<String, Definition>,
    /// The graph held no entity when this load began, so every entity in it now came from
    /// this load's own rows, which `defined` knows: no id needs looking up in the graph.
    graph_was_empty: bool,
    /// Kinds of ids found in the graph (None: not there), cached across batches.
    graph_kinds: HashMap<String, Option<EntityKind>>,
    /// Entity rows rejected in this load: references to them are rejected too.
    rejected_ids: HashSet<String>,
}

impl Checker {
    /// Checks against `graph` and the ids this dataset `defined` (see [`defined_ids`]).
    pub(crate) async fn new(
        graph: &Graph,
        defined: HashMap<String, Definition>,
    ) -> Result<Self, DbError> {
        let origin = cypher::ANY_ENTITY.path;
        let mut rows = graph
            .execute(query(cypher::ANY_ENTITY.text))
            .await
            .origin(origin)?;
        let graph_was_empty = rows.next().await.origin(origin)?.is_none();
        Ok(Self {
            graph: graph.clone(),
            defined,
            graph_was_empty,
            graph_kinds: HashMap::new(),
            rejected_ids: HashSet::new(),
        })
    }

    /// The row at `line` of `file`, which gave `id`, was rejected: references to the id are
    /// rejected too when that row was its definition (a rejected duplicate does not count).
    pub(crate) fn note_rejected_id(&mut self, id: &str, file: &str, line: u64) {
        if self
            .defined
            .get(id)
            .is_none_or(|d| d.file == file && d.line == line)
        {
            self.rejected_ids.insert(id.to_string());
        }
    }

    /// Checks ids and references of a batch of `table` from `file` against this dataset and
    /// the graph; returns the rows that may be written and adds the problems of the others
    /// to `rejects` (a row may have several).
    pub(crate) async fn check_batch(
        &mut self,
        table: &TableMapping,
        file: &str,
        batch: Vec<Pending>,
        rejects: &mut Vec<Finding>,
    ) -> Result<Vec<TypedRow>, DbError> {
        self.look_up(&batch).await?;
        let mut rows = Vec::with_capacity(batch.len());
        for Pending { row, text } in batch {
            let mut problems = self.id_problems(table, file, &row);
            problems.extend(self.reference_problems(&row));
            if problems.is_empty() {
                rows.push(row);
            } else {
                if let Some(id) = &row.id {
                    self.note_rejected_id(id, file, row.line);
                }
                for problem in &problems {
                    rejects.push(Finding::of_cell(file, row.line, problem, &text));
                }
            }
        }
        Ok(rows)
    }

    /// Looks up in the graph the ids of `batch` not seen yet: the rows' own ids (another
    /// kind there is a conflict) and references not defined by this dataset.
    async fn look_up(&mut self, batch: &[Pending]) -> Result<(), DbError> {
        if self.graph_was_empty {
            // Nothing to find there but this load's own rows (`defined` has their kinds);
            // an id missing from `graph_kinds` reads as "not in the graph".
            return Ok(());
        }
        let mut unknown: Vec<String> = Vec::new();
        for pending in batch {
            let own = pending.row.id.iter();
            let refs = pending.row.references.iter().flat_map(|r| r.ids.iter());
            for id in own.chain(refs) {
                let needs_graph = !self.graph_kinds.contains_key(id)
                    && (pending.row.id.as_deref() == Some(id.as_str())
                        || !self.defined.contains_key(id));
                if needs_graph {
                    unknown.push(id.clone());
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        if !unknown.is_empty() {
            let found = lookup_kinds(&self.graph, &unknown).await?;
            for id in unknown {
                let kind = found.get(&id).copied();
                self.graph_kinds.insert(id, kind);
            }
        }
        Ok(())
    }

    /// A row's own id: defined once in the dataset, and not another kind in the graph.
    fn id_problems(&self, table: &TableMapping, file: &str, row: &TypedRow) -> Vec<CellProblem> {
        let mut problems = Vec::new();
        let (Some(id), Some(kind)) = (&row.id, table.kind) else {
            return problems;
        };
        let id_column = table
            .columns
            .iter()
            .position(|c| c.name == "id")
            .map(|p| p + 1)
            .unwrap_or(1);
        if let Some(first) = self.defined.get(id) {
            if first.file != file || first.line != row.line {
                problems.push(CellProblem {
                    column: "id".into(),
                    column_number: id_column,
                    reason: format!(
                        "duplicate id {id}: already defined in {} line {} (all tables share one id space)",
                        first.file, first.line
                    ),
                });
            }
        }
        if let Some(Some(existing)) = self.graph_kinds.get(id) {
            if *existing != kind {
                problems.push(CellProblem {
                    column: "id".into(),
                    column_number: id_column,
                    reason: format!(
                        "id {id} is already a {} in the graph; this row would make it a {}",
                        existing.label(),
                        kind.label()
                    ),
                });
            }
        }
        problems
    }

    /// A row's references: each to an id of an allowed kind, in this dataset or the graph,
    /// and not to a row rejected in this load.
    fn reference_problems(&self, row: &TypedRow) -> Vec<CellProblem> {
        let mut problems = Vec::new();
        for reference in &row.references {
            for id in &reference.ids {
                let kind = if self.rejected_ids.contains(id) {
                    Err(format!(
                        "{} {id} refers to a row that was rejected in this load",
                        reference.column
                    ))
                } else if let Some(def) = self.defined.get(id) {
                    Ok(def.kind)
                } else {
                    match self.graph_kinds.get(id) {
                        Some(Some(kind)) => Ok(*kind),
                        _ => Err(format!(
                            "{} {id}: no such id in this dataset or in the graph",
                            reference.column
                        )),
                    }
                };
                let reason = match kind {
                    Ok(kind) if reference.kinds.contains(&kind) => continue,
                    Ok(kind) => format!(
                        "{} {id} is a {}, expected {}",
                        reference.column,
                        kind.label(),
                        reference
                            .kinds
                            .iter()
                            .map(|k| k.label())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                    Err(reason) => reason,
                };
                problems.push(CellProblem {
                    column: reference.column.clone(),
                    column_number: reference.column_number,
                    reason,
                });
            }
        }
        problems
    }
}

/// Kinds of the given ids that exist in the graph.
async fn lookup_kinds(
    graph: &Graph,
    ids: &[String],
) -> Result<HashMap<String, EntityKind>, DbError> {
    let origin = cypher::LOOKUP_IDS.path;
    let mut found = HashMap::new();
    let mut rows = graph
        .execute(query(cypher::LOOKUP_IDS.text).param("ids", ids.to_vec()))
        .await
        .origin(origin)?;
    while let Some(row) = rows.next().await.origin(origin)? {
        let id: String = row.get("id").unwrap_or_default();
        let kinds: Vec<String> = row.get("kinds").unwrap_or_default();
        if let Some(kind) = kinds.iter().find_map(|k| EntityKind::from_label(k)) {
            found.insert(id, kind);
        }
    }
    Ok(found)
}
