//! The county overview (总览, the page's first screen): alert counts by month and pattern,
//! severity and status; the org hierarchy (county → towns → villages through `PART_OF`)
//! with each org's calibrated portrait level ([`crate::portrait::risk_level`]); the riskiest
//! orgs; and the regions present (the portraits page's picker). Everything within the
//! caller's region scope: counts of the alerts it sees, the orgs it sees.

use std::collections::{BTreeMap, BTreeSet};

use neo4rs::Graph;
use serde::Serialize;

use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::OrgKind;
use crate::portrait::{self, RiskLevel};
use crate::scope::{scope_param, Scope};

/// How many orgs the riskiest-orgs table holds.
pub const TOP_ORGS: usize = 10;

/// Counts of one key (a pattern, severity or status) per month of [`Overview::months`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Series {
    /// The pattern id, severity or status word.
    pub key: String,
    /// One count per month, in the order of `months`.
    pub counts: Vec<u64>,
}

/// One org of the hierarchy, with its portrait's score and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrgRisk {
    /// Org id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind (`county`, `town`, `village` ...).
    pub kind: String,
    /// Region.
    pub region: Option<String>,
    /// The org it is part of, when the caller sees it (else the org is a root).
    pub parent: Option<String>,
    /// The portrait's overall score (0–100, against peers of the same kind).
    pub overall: u32,
    /// The calibrated level.
    pub level: RiskLevel,
    /// Alerts that hold concerning it.
    pub alerts: u64,
}

/// The overview's answer.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Overview {
    /// Months (`YYYY-MM`) with at least one alert raised, oldest first.
    pub months: Vec<String>,
    /// Alerts raised per month, by pattern.
    pub by_pattern: Vec<Series>,
    /// By severity.
    pub by_severity: Vec<Series>,
    /// By current status.
    pub by_status: Vec<Series>,
    /// Alerts counted.
    pub total: u64,
    /// Every org seen, with its parent (the treemap's tree) and risk.
    pub orgs: Vec<OrgRisk>,
    /// The riskiest orgs (level, then score), at most [`TOP_ORGS`].
    pub top: Vec<OrgRisk>,
}

/// Counts keyed by (key, month), turned into one series per key over `months`.
fn series(counts: &BTreeMap<(String, String), u64>, months: &[String]) -> Vec<Series> {
    let keys: BTreeSet<&String> = counts.keys().map(|(key, _)| key).collect();
    keys.into_iter()
        .map(|key| Series {
            key: key.clone(),
            counts: months
                .iter()
                .map(|m| counts.get(&(key.clone(), m.clone())).copied().unwrap_or(0))
                .collect(),
        })
        .collect()
}

/// Rank of a level for sorting, riskiest first.
fn level_rank(level: RiskLevel) -> u8 {
    match level {
        RiskLevel::High => 0,
        RiskLevel::Medium => 1,
        RiskLevel::Low => 2,
    }
}

/// The overview within `scope`.
pub async fn overview(graph: &Graph, scope: Scope<'_>) -> Result<Overview, DbError> {
    let origin = cypher::OVERVIEW_ALERT_MONTHS.path;
    let mut rows = graph
        .execute_read(
            read_query(cypher::OVERVIEW_ALERT_MONTHS.text).param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let mut months = BTreeSet::new();
    let (mut by_pattern, mut by_severity, mut by_status) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut total = 0;
    while let Some(row) = rows.next().await.origin(origin)? {
        let text = |k: &str| row.get::<String>(k).unwrap_or_default();
        let month = text("month");
        let n = row.get::<i64>("n").unwrap_or(0).max(0) as u64;
        total += n;
        months.insert(month.clone());
        for (map, key) in [
            (&mut by_pattern, "pattern"),
            (&mut by_severity, "severity"),
            (&mut by_status, "status"),
        ] {
            *map.entry((text(key), month.clone())).or_insert(0) += n;
        }
    }
    let months: Vec<String> = months.into_iter().collect();
    let orgs = org_risks(graph, scope).await?;
    let mut top = orgs.clone();
    top.sort_by(|a, b| {
        (level_rank(a.level), std::cmp::Reverse(a.overall), &a.id).cmp(&(
            level_rank(b.level),
            std::cmp::Reverse(b.overall),
            &b.id,
        ))
    });
    top.truncate(TOP_ORGS);
    Ok(Overview {
        by_pattern: series(&by_pattern, &months),
        by_severity: series(&by_severity, &months),
        by_status: series(&by_status, &months),
        months,
        total,
        orgs,
        top,
    })
}

/// Every org `scope` sees with its parent and its portrait's score and level.
async fn org_risks(graph: &Graph, scope: Scope<'_>) -> Result<Vec<OrgRisk>, DbError> {
    let mut scored = BTreeMap::new();
    for kind in OrgKind::ALL {
        for p in portrait::portraits_of_kind_in(graph, kind.as_str(), scope).await? {
            let alerts = p
                .dimensions
                .iter()
                .find_map(|d| d.indicators.get("alerts"))
                .copied()
                .unwrap_or(0.0);
            scored.insert(p.org.clone(), (p.overall, p.level, alerts as u64));
        }
    }
    let origin = cypher::OVERVIEW_ORGS.path;
    let mut rows = graph
        .execute_read(read_query(cypher::OVERVIEW_ORGS.text).param("scope", scope_param(scope)))
        .await
        .origin(origin)?;
    let mut rows_seen = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let id: String = row.get("id").unwrap_or_default();
        let (overall, level, alerts) = scored.get(&id).copied().unwrap_or((0, RiskLevel::Low, 0));
        rows_seen.push(OrgRisk {
            name: row.get("name").unwrap_or_default(),
            kind: row.get("kind").unwrap_or_default(),
            region: row.get::<Option<String>>("region").ok().flatten(),
            parent: row.get::<Option<String>>("parent").ok().flatten(),
            id,
            overall,
            level,
            alerts,
        });
    }
    // A parent the caller does not see is no parent: the org becomes a root of its tree.
    let seen: BTreeSet<String> = rows_seen.iter().map(|o| o.id.clone()).collect();
    for org in &mut rows_seen {
        if org.parent.as_ref().is_some_and(|p| !seen.contains(p)) {
            org.parent = None;
        }
    }
    Ok(rows_seen)
}

/// The regions present in the graph among the orgs `scope` sees, with the regions that
/// contain them (`青溪县/枫林镇` brings `青溪县`), sorted.
pub async fn regions(graph: &Graph, scope: Scope<'_>) -> Result<Vec<String>, DbError> {
    let origin = cypher::OVERVIEW_REGIONS.path;
    let mut rows = graph
        .execute_read(read_query(cypher::OVERVIEW_REGIONS.text).param("scope", scope_param(scope)))
        .await
        .origin(origin)?;
    let mut found = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        found.push(row.get::<String>("region").unwrap_or_default());
    }
    Ok(with_enclosing(&found))
}

/// Each region and every region enclosing it (`a/b/c` → `a`, `a/b`, `a/b/c`), distinct and
/// sorted; blanks left out.
pub fn with_enclosing(regions: &[String]) -> Vec<String> {
    let mut all = BTreeSet::new();
    for region in regions.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let parts: Vec<&str> = region.split('/').collect();
        for n in 1..=parts.len() {
            all.insert(parts[..n].join("/"));
        }
    }
    all.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_bring_the_regions_around_them() {
        let got = with_enclosing(&[
            "青溪县/枫林镇".to_string(),
            "青溪县".to_string(),
            " ".to_string(),
            "青溪县/石桥镇".to_string(),
        ]);
        assert_eq!(got, ["青溪县", "青溪县/枫林镇", "青溪县/石桥镇"]);
    }

    #[test]
    fn series_fill_months_without_alerts_with_zero() {
        let months = vec!["2026-10".to_string(), "2026-11".to_string()];
        let mut counts = BTreeMap::new();
        counts.insert(("high".to_string(), "2026-11".to_string()), 3);
        assert_eq!(
            series(&counts, &months),
            [Series {
                key: "high".into(),
                counts: vec![0, 3]
            }]
        );
    }
}
