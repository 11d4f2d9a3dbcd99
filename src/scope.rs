//! Region scope (need-to-know): which orgs' scopes each entity and alert falls in, kept on
//! the graph as a `scope_orgs` list so that a scoped token's queries filter by one property
//! instead of walking the org tree. [`derive`] is one pass, run at the end of every load and
//! whole scan; it writes only the lists that changed, so a rescan of an unchanged graph
//! writes nothing. An ingest and its focused scan run [`derive_focused`], which only adds
//! what the ingested ids reach (a few small queries instead of the whole graph). The rule is
//! described in docs/model.md ("Region scope"):
//!
//! - `cypher/scope/wanted.cypher` gives every entity reached from an org (the org itself,
//!   its officials and their kin, its contracts and payments with their counterparties and
//!   those counterparties' people) the ids of that org and every org above it;
//! - a tip is seen by every scope that sees one of the people or orgs it names ([`tip_orgs`]);
//! - an alert by the scopes that see every entity it concerns ([`alert_orgs`]): its summary
//!   and subjects name them, so a reader who may not see one of them does not see the alert.
//!
//! A caller's scope is a [`Scope`]: `None` sees everything, `Some(orgs)` what those orgs'
//! scopes hold. Queries take it as the parameter `$scope` ([`scope_param`]), never as text.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use neo4rs::{query, BoltNull, BoltType, Graph};

use crate::cypher;
use crate::db::{DbError, WithOrigin};

/// What a caller may see: `None` everything, `Some(org ids)` the scopes of those orgs.
pub type Scope<'a> = Option<&'a [String]>;

/// The `$scope` parameter of a query: the org ids, or null for everything.
pub fn scope_param(scope: Scope<'_>) -> BoltType {
    match scope {
        Some(orgs) => BoltType::from(orgs.to_vec()),
        None => BoltType::Null(BoltNull),
    }
}

/// Rows written per statement.
const BATCH: usize = 2_000;

/// What one derivation pass changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScopeChanges {
    /// Entities whose scope list was written.
    pub entities: usize,
    /// Alerts whose scope list was written.
    pub alerts: usize,
}

/// The orgs whose scopes see a tip: the union of those of the entities it names.
pub fn tip_orgs(named: &[String], orgs_of: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut union = BTreeSet::new();
    for id in named {
        if let Some(orgs) = orgs_of.get(id) {
            union.extend(orgs.iter().cloned());
        }
    }
    union.into_iter().collect()
}

/// The orgs whose scopes see an alert: those that see every entity it concerns (none when
/// it concerns nothing, or something no scope sees).
pub fn alert_orgs(concerns: &[String], orgs_of: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut common: Option<BTreeSet<String>> = None;
    for id in concerns {
        let orgs: BTreeSet<String> = orgs_of.get(id).into_iter().flatten().cloned().collect();
        common = Some(match common {
            None => orgs,
            Some(so_far) => so_far.intersection(&orgs).cloned().collect(),
        });
    }
    common.unwrap_or_default().into_iter().collect()
}

/// The rows of a list query (`file`'s text with its parameters): id and a list column.
async fn id_lists(
    graph: &Graph,
    statement: neo4rs::Query,
    file: &cypher::CypherFile,
    column: &str,
) -> Result<BTreeMap<String, Vec<String>>, DbError> {
    let mut rows = graph.execute(statement).await.origin(file.path)?;
    let mut out = BTreeMap::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let id: String = row.get("id").unwrap_or_default();
        out.insert(id, row.get::<Vec<String>>(column).unwrap_or_default());
    }
    Ok(out)
}

/// What a whole pass follows besides kinship: the loads and ingests so far (each writes a
/// `LoadRun`) as a fingerprint, and the one the last whole pass stored.
async fn fingerprints(graph: &Graph) -> Result<(String, Option<String>), DbError> {
    let file = &cypher::SCOPE_FINGERPRINT;
    let mut rows = graph.execute(query(file.text)).await.origin(file.path)?;
    let row = rows.next().await.origin(file.path)?;
    let now = row.as_ref().and_then(|r| r.get::<String>("now").ok());
    let marked = row.and_then(|r| r.get::<Option<String>>("marked").ok().flatten());
    Ok((now.unwrap_or_default(), marked))
}

/// Whether a whole scan must run the whole pass: when its kinship derivation created or
/// removed a relationship, or a load or ingest ran since the last whole pass (an ingest's
/// focused pass only adds; a load's own pass does not know the kinship a scan derives), or
/// no whole pass ever ran.
pub fn whole_pass_needed(kinship_changed: bool, now: &str, marked: Option<&str>) -> bool {
    kinship_changed || marked != Some(now)
}

/// The region-scope pass at the end of a whole scan: the whole pass when something it
/// follows changed ([`whole_pass_needed`]), otherwise only the lists of the alerts this scan
/// stored, from the stored lists of what they concern (a scheduled rescan of an unchanged
/// graph then costs a few small queries, not a walk of the whole graph). Anything that
/// changes the graph other than a load, an ingest or a scan's derivations must run
/// [`derive`] itself.
pub async fn derive_after_scan(
    graph: &Graph,
    scan: &str,
    kinship_changed: bool,
) -> Result<ScopeChanges, DbError> {
    let (now, marked) = fingerprints(graph).await?;
    if whole_pass_needed(kinship_changed, &now, marked.as_deref()) {
        return derive(graph).await;
    }
    derive_focused(graph, &[], Some(scan)).await
}

/// The rule's rows (`wanted.cypher`): each entity with the sorted union of the org lists
/// that reached it.
async fn wanted_lists(
    graph: &Graph,
    statement: neo4rs::Query,
) -> Result<BTreeMap<String, Vec<String>>, DbError> {
    let file = &cypher::SCOPE_WANTED;
    let mut rows = graph.execute(statement).await.origin(file.path)?;
    let mut out = BTreeMap::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let id: String = row.get("id").unwrap_or_default();
        let lists: Vec<Vec<String>> = row.get("lists").unwrap_or_default();
        out.insert(id, merged(lists));
    }
    Ok(out)
}

/// Orgs whose rule one statement derives: a city's whole pass in one transaction ran out of
/// the default 1 GB heap's transaction memory; a few dozen orgs at a time stay small.
const ORG_BATCH: usize = 40;

/// The rule for `orgs`, a batch at a time, merged: each entity reached with the sorted union
/// of the org lists that reached it.
async fn wanted_for(
    graph: &Graph,
    orgs: &[String],
) -> Result<BTreeMap<String, Vec<String>>, DbError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for batch in orgs.chunks(ORG_BATCH) {
        let statement = query(cypher::SCOPE_WANTED.text).param("orgs", batch.to_vec());
        for (id, orgs) in wanted_lists(graph, statement).await? {
            match out.get_mut(&id) {
                Some(known) => *known = merged(vec![std::mem::take(known), orgs]),
                None => {
                    out.insert(id, orgs);
                }
            }
        }
    }
    Ok(out)
}

/// One sorted list without repeats out of several.
pub fn merged(lists: Vec<Vec<String>>) -> Vec<String> {
    let mut all: Vec<String> = lists.into_iter().flatten().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Derives every entity's and alert's scope list and writes those that changed, then marks
/// the graph's fingerprint as taken before it started (a load that ran meanwhile leaves a
/// different one, so the next scan runs the whole pass again).
pub async fn derive(graph: &Graph) -> Result<ScopeChanges, DbError> {
    let (fingerprint, _) = fingerprints(graph).await?;
    let all_orgs = strings(graph, query(cypher::SCOPE_ORGS.text), &cypher::SCOPE_ORGS).await?;
    let mut entities = wanted_for(graph, &all_orgs).await?;
    let tips = query(cypher::SCOPE_TIPS.text);
    for (tip, named) in id_lists(graph, tips, &cypher::SCOPE_TIPS, "named").await? {
        let orgs = tip_orgs(&named, &entities);
        entities.insert(tip, orgs);
    }
    let alerts = query(cypher::SCOPE_ALERTS.text);
    let alerts: BTreeMap<String, Vec<String>> =
        id_lists(graph, alerts, &cypher::SCOPE_ALERTS, "concerns")
            .await?
            .into_iter()
            .map(|(id, concerns)| (id, alert_orgs(&concerns, &entities)))
            .collect();

    let origin = cypher::SCOPE_STORED.path;
    let mut rows = graph
        .execute(query(cypher::SCOPE_STORED.text))
        .await
        .origin(origin)?;
    let (mut stored_entities, mut stored_alerts) = (BTreeMap::new(), BTreeMap::new());
    while let Some(row) = rows.next().await.origin(origin)? {
        let id: String = row.get("id").unwrap_or_default();
        let orgs: Vec<String> = row.get("orgs").unwrap_or_default();
        match row.get::<bool>("alert").unwrap_or(false) {
            true => stored_alerts.insert(id, orgs),
            false => stored_entities.insert(id, orgs),
        };
    }
    let changes = ScopeChanges {
        entities: write(
            graph,
            &cypher::SCOPE_WRITE_ENTITIES,
            changed(&entities, &stored_entities),
        )
        .await?,
        alerts: write(
            graph,
            &cypher::SCOPE_WRITE_ALERTS,
            changed(&alerts, &stored_alerts),
        )
        .await?,
    };
    let mark = &cypher::SCOPE_MARK;
    graph
        .run(query(mark.text).param("fingerprint", fingerprint))
        .await
        .origin(mark.path)?;
    tracing::info!(
        entities = changes.entities,
        alerts = changes.alerts,
        "scope: membership derived"
    );
    Ok(changes)
}

/// Derives what a change to some entities (`ids`: an ingest's rows, a focused scan's focus)
/// adds to the region scopes, in a few small queries instead of the whole pass [`derive`]:
/// the orgs whose rule reaches one of `ids` (`cypher/scope/reaching.cypher`) are derived
/// again and their ids added to the stored lists of what they reach; then the tips among or
/// naming `ids` or an entity whose list grew, and the alerts `scan` stored or concerning one
/// of those, get their lists from the stored ones. Nothing is removed from a list here (an
/// entity that left a scope stays in it until the next load or whole scan runs [`derive`]).
/// A focused scan that derived kinship adds the people its new `KIN` relationships tie to
/// `ids`: they may be people no ingested row names.
pub async fn derive_focused(
    graph: &Graph,
    ids: &[String],
    scan: Option<&str>,
) -> Result<ScopeChanges, DbError> {
    let reaching = &cypher::SCOPE_REACHING;
    let orgs = strings(
        graph,
        query(reaching.text).param("ids", ids.to_vec()),
        reaching,
    )
    .await?;
    let wanted = match orgs.is_empty() {
        true => BTreeMap::new(),
        false => wanted_for(graph, &orgs).await?,
    };
    let mut lists = stored_of(graph, wanted.keys()).await?;
    let mut entity_writes = grown(&wanted, &lists);
    let mut touched: BTreeSet<String> = ids.iter().cloned().collect();
    for (id, orgs) in &entity_writes {
        touched.insert(id.clone());
        lists.insert(id.clone(), orgs.clone());
    }

    let tips_of = &cypher::SCOPE_TIPS_OF;
    let statement = query(tips_of.text).param("ids", touched.iter().cloned().collect::<Vec<_>>());
    let tips = id_lists(graph, statement, tips_of, "named").await?;
    let missing = tips.keys().chain(tips.values().flatten());
    let more = stored_of(graph, missing.filter(|id| !lists.contains_key(*id))).await?;
    lists.extend(more);
    for (tip, named) in &tips {
        let orgs = tip_orgs(named, &lists);
        if lists.get(tip).map(Vec::as_slice).unwrap_or_default() != orgs.as_slice() {
            touched.insert(tip.clone());
            lists.insert(tip.clone(), orgs.clone());
            entity_writes.push((tip.clone(), orgs));
        }
    }

    let alerts_of = &cypher::SCOPE_ALERTS_OF;
    let statement = query(alerts_of.text)
        .param("ids", touched.into_iter().collect::<Vec<_>>())
        .param(
            "scan",
            scan.map_or(BoltType::Null(BoltNull), BoltType::from),
        );
    let mut rows = graph.execute(statement).await.origin(alerts_of.path)?;
    let mut alerts = Vec::new();
    while let Some(row) = rows.next().await.origin(alerts_of.path)? {
        let id: String = row.get("id").unwrap_or_default();
        let concerns: Vec<String> = row.get("concerns").unwrap_or_default();
        let stored: Vec<String> = row.get("stored").unwrap_or_default();
        alerts.push((id, concerns, stored));
    }
    let missing = alerts.iter().flat_map(|(_, concerns, _)| concerns);
    let more = stored_of(graph, missing.filter(|id| !lists.contains_key(*id))).await?;
    lists.extend(more);
    let alert_writes: Vec<(String, Vec<String>)> = alerts
        .into_iter()
        .filter_map(|(id, concerns, stored)| {
            let orgs = alert_orgs(&concerns, &lists);
            (orgs != stored).then_some((id, orgs))
        })
        .collect();

    let changes = ScopeChanges {
        entities: write(graph, &cypher::SCOPE_WRITE_ENTITIES, entity_writes).await?,
        alerts: write(graph, &cypher::SCOPE_WRITE_ALERTS, alert_writes).await?,
    };
    tracing::debug!(
        orgs = orgs.len(),
        entities = changes.entities,
        alerts = changes.alerts,
        "scope: focused membership derived"
    );
    Ok(changes)
}

/// Plans the focused pass's queries that [`derive_focused`] runs only when it finds an org
/// to derive again (the others run on every call): the rule for an org and the stored lists
/// of an entity, each for an id that cannot exist. Nothing is written.
pub async fn warm_up(graph: &Graph) -> Result<(), DbError> {
    // Of the real type: Neo4j caches a plan per parameter type, and an empty list is not
    // typed like a list of strings.
    let none = vec!["\u{0}warm-up: no such id".to_string()];
    let statement = query(cypher::SCOPE_WANTED.text).param("orgs", none.clone());
    wanted_lists(graph, statement).await?;
    stored_of(graph, none.iter()).await?;
    Ok(())
}

/// The first column of a query's rows, as strings.
async fn strings(
    graph: &Graph,
    statement: neo4rs::Query,
    file: &cypher::CypherFile,
) -> Result<Vec<String>, DbError> {
    let mut rows = graph.execute(statement).await.origin(file.path)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        out.push(row.get::<String>("id").unwrap_or_default());
    }
    Ok(out)
}

/// The stored scope lists of some entities (those without one are left out).
async fn stored_of<'a>(
    graph: &Graph,
    ids: impl Iterator<Item = &'a String>,
) -> Result<BTreeMap<String, Vec<String>>, DbError> {
    let ids: Vec<String> = ids.cloned().collect::<BTreeSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let file = &cypher::SCOPE_STORED_OF;
    id_lists(graph, query(file.text).param("ids", ids), file, "orgs").await
}

/// The (id, orgs) a focused pass writes: each wanted list joined to the stored one (sorted),
/// where that adds an org. Nothing is removed.
pub fn grown(
    wanted: &BTreeMap<String, Vec<String>>,
    stored: &BTreeMap<String, Vec<String>>,
) -> Vec<(String, Vec<String>)> {
    wanted
        .iter()
        .filter_map(|(id, orgs)| {
            let now = stored.get(id).map(Vec::as_slice).unwrap_or_default();
            let union: BTreeSet<&String> = now.iter().chain(orgs).collect();
            (union.len() > now.len())
                .then(|| (id.clone(), union.into_iter().cloned().collect::<Vec<_>>()))
        })
        .collect()
}

/// The (id, orgs) to write: lists that differ from the stored ones, and an empty list for
/// each stored one no longer wanted.
pub fn changed(
    wanted: &BTreeMap<String, Vec<String>>,
    stored: &BTreeMap<String, Vec<String>>,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = wanted
        .iter()
        .filter(|(id, orgs)| {
            let now = stored.get(*id).map(Vec::as_slice).unwrap_or_default();
            now != orgs.as_slice()
        })
        .map(|(id, orgs)| (id.clone(), orgs.clone()))
        .collect();
    out.extend(
        stored
            .keys()
            .filter(|id| !wanted.contains_key(*id))
            .map(|id| (id.clone(), Vec::new())),
    );
    out
}

/// Writes the rows in batches; returns how many nodes were written.
async fn write(
    graph: &Graph,
    file: &cypher::CypherFile,
    rows: Vec<(String, Vec<String>)>,
) -> Result<usize, DbError> {
    let mut written = 0;
    for chunk in rows.chunks(BATCH) {
        let batch: Vec<BoltType> = chunk
            .iter()
            .map(|(id, orgs)| {
                let mut map = neo4rs::BoltMap::new();
                map.put("id".into(), BoltType::from(id.as_str()));
                map.put("orgs".into(), BoltType::from(orgs.clone()));
                BoltType::Map(map)
            })
            .collect();
        let mut result = graph
            .execute(query(file.text).param("rows", batch))
            .await
            .origin(file.path)?;
        if let Some(row) = result.next().await.origin(file.path)? {
            written += row.get::<i64>("written").unwrap_or(0) as usize;
        }
    }
    Ok(written)
}

/// Which of `ids` name an entity that `scope` sees (one home for this check: entity pages,
/// neighbourhoods, paths, alert evidence and history all ask it).
pub async fn visible_ids(
    graph: &Graph,
    ids: &[String],
    scope: Scope<'_>,
) -> Result<HashSet<String>, DbError> {
    let origin = cypher::SCOPE_VISIBLE.path;
    let mut rows = graph
        .execute_read(
            crate::db::read_query(cypher::SCOPE_VISIBLE.text)
                .param("ids", ids.to_vec())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let mut found = HashSet::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        found.insert(row.get::<String>("id").unwrap_or_default());
    }
    Ok(found)
}

/// The ids among `ids` that name no org (a token's scope must name orgs).
pub async fn unknown_orgs(graph: &Graph, ids: &[String]) -> Result<Vec<String>, DbError> {
    let origin = cypher::SCOPE_ORGS_EXIST.path;
    let mut rows = graph
        .execute(query(cypher::SCOPE_ORGS_EXIST.text).param("ids", ids.to_vec()))
        .await
        .origin(origin)?;
    let mut found = HashSet::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        found.insert(row.get::<String>("id").unwrap_or_default());
    }
    Ok(ids
        .iter()
        .filter(|id| !found.contains(*id))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(id, orgs)| (id.to_string(), orgs.iter().map(|o| o.to_string()).collect()))
            .collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_tip_is_seen_by_the_scopes_of_anyone_it_names() {
        let of = lists(&[
            ("p-a", &["o-county", "o-town", "o-east"]),
            ("p-b", &["o-county", "o-west"]),
        ]);
        assert_eq!(
            tip_orgs(&ids(&["p-a", "p-b", "p-nobody"]), &of),
            ids(&["o-county", "o-east", "o-town", "o-west"])
        );
        assert!(tip_orgs(&ids(&["p-nobody"]), &of).is_empty());
    }

    #[test]
    fn an_alert_is_seen_only_by_scopes_that_see_all_it_concerns() {
        let of = lists(&[
            ("p-a", &["o-county", "o-town", "o-east"]),
            ("c-x", &["o-county", "o-town", "o-west"]),
        ]);
        assert_eq!(
            alert_orgs(&ids(&["p-a", "c-x"]), &of),
            ids(&["o-county", "o-town"])
        );
        assert_eq!(
            alert_orgs(&ids(&["p-a"]), &of),
            ids(&["o-county", "o-east", "o-town"])
        );
        // Something no scope sees hides the alert from every scope.
        assert!(alert_orgs(&ids(&["p-a", "p-outside"]), &of).is_empty());
        assert!(alert_orgs(&[], &of).is_empty());
    }

    #[test]
    fn a_focused_pass_only_adds_orgs() {
        let wanted = lists(&[("a", &["o1"]), ("b", &["o2"]), ("c", &["o1"])]);
        let stored = lists(&[("a", &["o1", "o3"]), ("b", &["o1", "o3"]), ("d", &["o3"])]);
        assert_eq!(
            grown(&wanted, &stored),
            vec![
                ("b".to_string(), ids(&["o1", "o2", "o3"])),
                ("c".to_string(), ids(&["o1"])),
            ]
        );
        assert!(grown(&stored, &stored).is_empty());
    }

    #[test]
    fn lists_merge_sorted_without_repeats() {
        let lists = vec![ids(&["o-town", "o-county"]), ids(&["o-east", "o-county"])];
        assert_eq!(merged(lists), ids(&["o-county", "o-east", "o-town"]));
        assert!(merged(Vec::new()).is_empty());
    }

    #[test]
    fn a_whole_pass_runs_after_kinship_or_a_load_changed_anything() {
        assert!(!whole_pass_needed(false, "3|t3", Some("3|t3")));
        assert!(whole_pass_needed(true, "3|t3", Some("3|t3")));
        assert!(whole_pass_needed(false, "4|t4", Some("3|t3")));
        assert!(whole_pass_needed(false, "0|", None));
    }

    #[test]
    fn only_changed_lists_are_written() {
        let wanted = lists(&[("a", &["o1"]), ("b", &["o1", "o2"]), ("c", &[])]);
        let stored = lists(&[("a", &["o1"]), ("b", &["o1"]), ("d", &["o3"])]);
        let mut out = changed(&wanted, &stored);
        out.sort();
        assert_eq!(
            out,
            vec![
                ("b".to_string(), ids(&["o1", "o2"])),
                ("d".to_string(), Vec::new()),
            ]
        );
    }
}
