//! The case use cases over the graph: create, include and remove items, notes, status
//! changes (closing with a disposition, optionally closing the case's alerts), and reads
//! within a region scope. Every statement is a file under `cypher/cases/`.

use std::collections::BTreeSet;

use neo4rs::{query, BoltNull, BoltType, Graph, Query};

use super::{Case, CaseError, CaseItem, CaseNote, ItemRef, NewCase, StatusChange, StatusOutcome};
use crate::cypher::{self, CypherFile};
use crate::db::WithOrigin;
use crate::domain::{AlertStatus, CaseStatus};
use crate::scan;
use crate::scope::{scope_param, Scope};

fn text_or_null(value: Option<String>) -> BoltType {
    match value {
        Some(v) => BoltType::from(v),
        None => BoltType::Null(BoltNull),
    }
}

/// The items as query rows, without repeats.
fn item_rows(items: &[ItemRef]) -> (Vec<ItemRef>, BoltType) {
    let unique: Vec<ItemRef> = items
        .iter()
        .map(|i| ItemRef {
            kind: i.kind,
            id: i.id.trim().to_string(),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let rows: Vec<BoltType> = unique
        .iter()
        .map(|i| {
            let mut map = neo4rs::BoltMap::new();
            map.put("kind".into(), i.kind.as_str().into());
            map.put("id".into(), i.id.as_str().into());
            BoltType::Map(map)
        })
        .collect();
    (unique, BoltType::from(rows))
}

/// Includes `items` in case `id` inside `txn`; fails with the items not found (nothing is
/// then committed by the caller).
async fn include(
    txn: &mut neo4rs::Txn,
    id: &str,
    items: &[ItemRef],
    by: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
    scope: Scope<'_>,
) -> Result<(), CaseError> {
    let (unique, rows) = item_rows(items);
    let file = &cypher::CASE_ADD_ITEMS;
    let mut stream = txn
        .execute(
            query(file.text)
                .param("id", id)
                .param("items", rows)
                .param("by", by)
                .param("now", now)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut found = BTreeSet::new();
    while let Some(row) = stream.next(txn.handle()).await.origin(file.path)? {
        let kind: String = row.get("kind").unwrap_or_default();
        let item: String = row.get("id").unwrap_or_default();
        found.insert((kind, item));
    }
    let missing: Vec<String> = unique
        .iter()
        .filter(|i| !found.contains(&(i.kind.as_str().to_string(), i.id.clone())))
        .map(|i| format!("{} {}", i.kind, i.id))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(CaseError::UnknownItems(missing))
    }
}

/// Commits `txn` if `outcome` is a success, else rolls it back (explicitly: a transaction
/// left open would keep the year's counter locked) and returns the outcome's error.
async fn finish(
    txn: neo4rs::Txn,
    outcome: Result<(), CaseError>,
    file: &CypherFile,
) -> Result<(), CaseError> {
    match outcome {
        Ok(()) => Ok(txn.commit().await.map(drop).origin(file.path)?),
        Err(error) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(%rollback, "rolling back a refused case change");
            }
            Err(error)
        }
    }
}

/// Opens a case numbered `C-<year>-<n>` (the next number of the current year) with its
/// first items, as `by`; every item must exist as the kind given and be in `scope`.
/// Returns the case's number.
pub async fn create(
    graph: &Graph,
    new: &NewCase,
    by: &str,
    scope: Scope<'_>,
) -> Result<String, CaseError> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(CaseError::Invalid("a case needs a title".into()));
    }
    if new.items.is_empty() {
        return Err(CaseError::Invalid(
            "a case starts from at least one alert, tip or entity".into(),
        ));
    }
    let now = chrono::Utc::now().fixed_offset();
    let entry = serde_json::to_string(&StatusChange {
        at: now.to_rfc3339(),
        by: by.to_string(),
        from: None,
        status: CaseStatus::Received,
        disposition: None,
    })
    .unwrap_or_default();
    let file = &cypher::CASE_CREATE;
    let mut txn = graph.start_txn().await.origin(file.path)?;
    let mut stream = txn
        .execute(
            query(file.text)
                .param("year", i64::from(chrono::Datelike::year(&now)))
                .param("title", title)
                .param(
                    "assignee",
                    text_or_null(new.assignee.as_ref().map(|a| a.trim().to_string())),
                )
                .param(
                    "deadline",
                    text_or_null(new.deadline.map(|d| d.to_string())),
                )
                .param("status", CaseStatus::Received.as_str())
                .param("by", by)
                .param("now", now)
                .param("entry", entry),
        )
        .await
        .origin(file.path)?;
    let mut id = String::new();
    while let Some(row) = stream.next(txn.handle()).await.origin(file.path)? {
        id = row.get("id").unwrap_or_default();
    }
    let included = include(&mut txn, &id, &new.items, by, now, scope).await;
    finish(txn, included, file).await?;
    Ok(id)
}

/// Includes more items in a visible case.
pub async fn add_items(
    graph: &Graph,
    id: &str,
    items: &[ItemRef],
    by: &str,
    scope: Scope<'_>,
) -> Result<(), CaseError> {
    visible(graph, id, scope).await?;
    if items.is_empty() {
        return Err(CaseError::Invalid("name at least one item to add".into()));
    }
    let mut txn = graph
        .start_txn()
        .await
        .origin(cypher::CASE_ADD_ITEMS.path)?;
    let now = chrono::Utc::now().fixed_offset();
    let included = include(&mut txn, id, items, by, now, scope).await;
    finish(txn, included, &cypher::CASE_ADD_ITEMS).await
}

/// Takes the item with id `item` out of a visible case.
pub async fn remove_item(
    graph: &Graph,
    id: &str,
    item: &str,
    by: &str,
    scope: Scope<'_>,
) -> Result<(), CaseError> {
    visible(graph, id, scope).await?;
    let now = chrono::Utc::now().fixed_offset();
    let file = &cypher::CASE_REMOVE_ITEM;
    let removed = single_row(
        graph,
        file,
        query(file.text)
            .param("id", id)
            .param("item", item.trim())
            .param("by", by)
            .param("now", now),
    )
    .await?;
    if removed {
        Ok(())
    } else {
        Err(CaseError::NoSuchItem {
            case: id.to_string(),
            item: item.to_string(),
        })
    }
}

/// Appends a dated note by `by` to a visible case's log.
pub async fn note(
    graph: &Graph,
    id: &str,
    text: &str,
    by: &str,
    scope: Scope<'_>,
) -> Result<CaseNote, CaseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CaseError::Invalid("a note needs text".into()));
    }
    visible(graph, id, scope).await?;
    let note = CaseNote {
        at: chrono::Utc::now().to_rfc3339(),
        by: by.to_string(),
        text: text.to_string(),
    };
    let file = &cypher::CASE_NOTE;
    let entry = serde_json::to_string(&note).unwrap_or_default();
    let written = single_row(
        graph,
        file,
        query(file.text)
            .param("id", id)
            .param("entry", entry)
            .param("by", by)
            .param("now", chrono::Utc::now().fixed_offset()),
    )
    .await?;
    if written {
        Ok(note)
    } else {
        Err(CaseError::NotFound(id.to_string()))
    }
}

/// Moves a visible case to `to` along the flow ([`CaseStatus::can_become`]). Closing needs
/// a `disposition` from `allowed` (the settings' list); no other status takes one. With
/// `close_alerts`, closing sets each of the case's open alerts (`new`, `in_review`) to
/// `confirmed` with the case number and disposition as the triage note; alerts already
/// confirmed, dismissed or retired keep their status.
pub async fn change_status(
    graph: &Graph,
    id: &str,
    to: CaseStatus,
    disposition: Option<&str>,
    close_alerts: bool,
    (allowed, by, scope): (&[String], &str, Scope<'_>),
) -> Result<StatusOutcome, CaseError> {
    let disposition = disposition.map(str::trim).filter(|d| !d.is_empty());
    let case = visible(graph, id, scope).await?;
    if !case.status.can_become(to) {
        return Err(CaseError::BadTransition {
            id: id.to_string(),
            from: case.status,
            to,
        });
    }
    if to == CaseStatus::Closed {
        if !disposition.is_some_and(|d| allowed.iter().any(|a| a == d)) {
            return Err(CaseError::UnknownDisposition {
                given: disposition.unwrap_or_default().to_string(),
                allowed: allowed.to_vec(),
            });
        }
    } else if disposition.is_some() || close_alerts {
        return Err(CaseError::Invalid(format!(
            "a disposition and closing the alerts belong to {} only",
            CaseStatus::Closed.label()
        )));
    }
    let now = chrono::Utc::now().fixed_offset();
    let change = StatusChange {
        at: now.to_rfc3339(),
        by: by.to_string(),
        from: Some(case.status),
        status: to,
        disposition: disposition.map(str::to_string),
    };
    let file = &cypher::CASE_STATUS;
    let moved = single_row(
        graph,
        file,
        query(file.text)
            .param("id", id)
            .param("from", case.status.as_str())
            .param("status", to.as_str())
            .param("disposition", text_or_null(change.disposition.clone()))
            .param("entry", serde_json::to_string(&change).unwrap_or_default())
            .param("by", by)
            .param("now", now),
    )
    .await?;
    if !moved {
        return Err(CaseError::Changed(id.to_string()));
    }
    let mut closed_alerts = Vec::new();
    if close_alerts {
        let note = format!(
            "案件 {id} {}: {}",
            CaseStatus::Closed.label(),
            disposition.unwrap_or_default()
        );
        for item in case.items.iter().filter(|i| i.kind == "alert") {
            let open = item
                .status
                .as_deref()
                .and_then(AlertStatus::parse)
                .is_some_and(|s| s.can_become(AlertStatus::Confirmed));
            if open {
                scan::triage(graph, &item.id, AlertStatus::Confirmed, by, &note).await?;
                closed_alerts.push(item.id.clone());
            }
        }
    }
    Ok(StatusOutcome {
        case: get(graph, id, scope).await?,
        closed_alerts,
    })
}

/// Runs a write that returns one row when it found its case; whether it did.
async fn single_row(graph: &Graph, file: &CypherFile, q: Query) -> Result<bool, CaseError> {
    let mut rows = graph.execute(q).await.origin(file.path)?;
    Ok(rows.next().await.origin(file.path)?.is_some())
}

/// The case if `scope` sees it, else [`CaseError::NotFound`].
async fn visible(graph: &Graph, id: &str, scope: Scope<'_>) -> Result<Case, CaseError> {
    get(graph, id, scope)
        .await?
        .ok_or_else(|| CaseError::NotFound(id.to_string()))
}

/// One case, if it exists and `scope` sees it.
pub async fn get(graph: &Graph, id: &str, scope: Scope<'_>) -> Result<Option<Case>, CaseError> {
    let q = query(&whole_cases(&cypher::CASE_ONE))
        .param("id", id.trim())
        .param("scope", scope_param(scope));
    Ok(select(graph, &cypher::CASE_ONE, q).await?.pop())
}

/// Every case `scope` sees, newest first.
pub async fn list(graph: &Graph, scope: Scope<'_>) -> Result<Vec<Case>, CaseError> {
    let q = query(&whole_cases(&cypher::CASE_ALL)).param("scope", scope_param(scope));
    select(graph, &cypher::CASE_ALL, q).await
}

/// A selection of cases with the shared columns.
fn whole_cases(selection: &CypherFile) -> String {
    format!(
        "{}\n{}",
        selection.text.trim(),
        cypher::CASE_COLUMNS.text.trim()
    )
}

async fn select(graph: &Graph, file: &CypherFile, q: Query) -> Result<Vec<Case>, CaseError> {
    let mut rows = graph.execute(q).await.origin(file.path)?;
    let mut cases = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        cases.push(case_from_row(&row));
    }
    Ok(cases)
}

/// A case from a row of `columns.cypher`. A status word that does not parse (written by
/// hand) reads as `received`; log entries that do not parse are left out.
fn case_from_row(row: &neo4rs::Row) -> Case {
    let text = |k: &str| row.get::<String>(k).unwrap_or_default();
    let optional = |k: &str| row.get::<Option<String>>(k).ok().flatten();
    let json_list = |k: &str| row.get::<Vec<String>>(k).unwrap_or_default();
    let status = CaseStatus::parse(&text("status")).unwrap_or(CaseStatus::Received);
    Case {
        id: text("id"),
        title: text("title"),
        assignee: optional("assignee"),
        deadline: optional("deadline"),
        status,
        status_label: status.label(),
        disposition: optional("disposition"),
        created_at: text("created_at"),
        created_by: text("created_by"),
        updated_at: text("updated_at"),
        updated_by: text("updated_by"),
        items: row.get::<Vec<CaseItem>>("items").unwrap_or_default(),
        notes: json_list("notes")
            .iter()
            .filter_map(|n| serde_json::from_str(n).ok())
            .collect(),
        history: json_list("history")
            .iter()
            .filter_map(|h| serde_json::from_str(h).ok())
            .collect(),
    }
}
