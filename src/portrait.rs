//! Village portraits (政治生态画像): for each org, seven dimensions of risk, each scored 0–100
//! against the peer orgs of the same kind (a village against villages), with the indicators
//! behind each score. The raw indicators come from one Cypher file; scoring is a percentile
//! among peers, so a score says "riskier than this share of comparable orgs". The level
//! (高 / 中 / 低) is one rule, [`risk_level`]: where the overall score stands among the peers'
//! (docs/model.md, "Portrait risk levels").

use std::collections::BTreeMap;

use neo4rs::Graph;
use serde::Serialize;

use crate::cypher;
use crate::db::{first_row, read_query, DbError, WithOrigin};
use crate::domain::{AlertStatus, OrgKind, PatternId};
use crate::scan::patterns;
use crate::scope::{scope_param, Scope};

/// One dimension of a portrait.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Dimension {
    /// Stable key (`kin_conflicts` ...).
    pub key: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// 0 (no risk seen) to 100 (riskiest among peers).
    pub score: u32,
    /// The value scored.
    pub raw: f64,
    /// The indicators behind it.
    pub indicators: BTreeMap<String, f64>,
}

/// The portrait of one org.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Portrait {
    /// Org id.
    pub org: String,
    /// Org name.
    pub name: String,
    /// Its region.
    pub region: Option<String>,
    /// Its kind (peers share it).
    pub kind: String,
    /// Number of peers scored against (including itself).
    pub peers: usize,
    /// The seven dimensions.
    pub dimensions: Vec<Dimension>,
    /// Mean of the dimension scores.
    pub overall: u32,
    /// `high`, `medium` or `low`: where `overall` stands among the peers' (see
    /// [`risk_level`], the one rule).
    pub level: RiskLevel,
}

crate::word_enum! {
    /// A portrait's risk level (高 / 中 / 低), relative to its peers: see [`risk_level`].
    pub enum RiskLevel {
        /// Among the riskiest tenth of its peers.
        High = "high",
        /// Among the next fifth.
        Medium = "medium",
        /// The rest, and every org without an open alert.
        Low = "low",
    }
}

/// The share of peers (strictly riskier) under which an org is `high`: the top 10%.
pub const HIGH_SHARE: f64 = 0.10;
/// The share of peers (strictly riskier) under which an org is `medium`: the next 20%.
pub const MEDIUM_SHARE: f64 = 0.30;

/// The level rule, calibrated on the distribution of overall scores among peers (the orgs
/// of the same kind, `peers` holding every peer's overall score, the org's own included):
/// an org none of whose alerts holds (no alert but retired ones) is `low` whatever its
/// score; otherwise the share of peers with a strictly higher overall score decides: under
/// [`HIGH_SHARE`] `high`, under [`MEDIUM_SHARE`] `medium`, else `low`. Ties share a level
/// (the same score is never two levels), so a peer group whose scores are all equal is all
/// `high` when it has alerts; a group of one is `high` as soon as it has an alert. Absolute
/// thresholds on the score are not used: scores are percentiles already, and with a few
/// peers every org with any finding reached them (every village of a town showed 高).
pub fn risk_level(overall: u32, alerts: usize, peers: &[u32]) -> RiskLevel {
    if alerts == 0 || peers.is_empty() {
        return RiskLevel::Low;
    }
    let above = peers.iter().filter(|&&p| p > overall).count() as f64 / peers.len() as f64;
    if above < HIGH_SHARE {
        RiskLevel::High
    } else if above < MEDIUM_SHARE {
        RiskLevel::Medium
    } else {
        RiskLevel::Low
    }
}

struct Raw {
    id: String,
    name: String,
    region: Option<String>,
    dims: Vec<(f64, BTreeMap<String, f64>)>,
    /// Whether the caller's region scope sees the org (peers are scored all the same).
    visible: bool,
    /// How many alerts that hold (not retired) concern it.
    alerts: usize,
}

const DIMENSIONS: [(&str, &str, &str); 7] = [
    ("kin_conflicts", "亲属利益冲突", "kin conflicts"),
    (
        "procurement_concentration",
        "采购集中度",
        "procurement concentration",
    ),
    ("tender_fairness", "招投标公平", "tender fairness"),
    ("cash_handling", "资金收缴", "cash handling"),
    (
        "payments_to_insiders",
        "向内部人员支付",
        "payments to insiders",
    ),
    ("tips_received", "信访举报", "tips received"),
    ("alert_handling", "预警处置", "alert handling"),
];

/// Which patterns' alerts count towards which dimension: the `portrait:` line of each
/// pattern's header, read from the pattern registry.
struct CountedPatterns(Vec<(PatternId, String)>);

impl CountedPatterns {
    fn from_registry() -> Self {
        // The registry's files are checked by tests; a broken one counts towards nothing.
        let library = patterns::all_patterns().unwrap_or_default();
        Self(library.into_iter().map(|p| (p.id, p.portrait)).collect())
    }

    /// How many of `alerts` (pattern, status) come from patterns of `dimension`.
    fn count(&self, alerts: &[(String, String)], dimension: &str) -> f64 {
        alerts
            .iter()
            .filter(|(pattern, _)| {
                self.0
                    .iter()
                    .any(|(id, d)| d == dimension && id.as_str() == pattern.as_str())
            })
            .count() as f64
    }
}

fn ind(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Portraits of every org of `kind`, scored against each other.
pub async fn portraits_of_kind(graph: &Graph, kind: &str) -> Result<Vec<Portrait>, DbError> {
    portraits_of_kind_in(graph, kind, None).await
}

/// Portraits of the orgs of `kind` that `scope` sees, each scored against all its peers.
pub async fn portraits_of_kind_in(
    graph: &Graph,
    kind: &str,
    scope: Scope<'_>,
) -> Result<Vec<Portrait>, DbError> {
    let origin = cypher::PORTRAIT_INDICATORS.path;
    let mut rows = graph
        .execute_read(
            read_query(cypher::PORTRAIT_INDICATORS.text)
                .param("kind", kind)
                .param("retired", AlertStatus::Retired.as_str())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let counted = CountedPatterns::from_registry();
    let mut raws = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let num = |k: &str| {
            row.get::<f64>(k)
                .or_else(|_| row.get::<i64>(k).map(|v| v as f64))
                .unwrap_or(0.0)
        };
        let alerts: Vec<neo4rs::BoltMap> = row.get("alerts").unwrap_or_default();
        let alerts: Vec<(String, String)> = alerts
            .iter()
            .map(|m| {
                (
                    m.get::<String>("pattern").unwrap_or_default(),
                    m.get::<String>("status").unwrap_or_default(),
                )
            })
            .collect();
        let contracts = num("contracts");
        let open_share = if contracts > 0.0 {
            num("open_contracts") / contracts
        } else {
            1.0
        };
        let top_share = if num("contract_amount") > 0.0 && contracts >= 3.0 {
            num("top_supplier_amount") / num("contract_amount")
        } else {
            0.0
        };
        let kin = counted.count(&alerts, "kin");
        let concentration_alerts = counted.count(&alerts, "concentration");
        let fairness = counted.count(&alerts, "fairness");
        let late = counted.count(&alerts, "cash");
        let subsidy = counted.count(&alerts, "subsidy");
        let with_status = |status: AlertStatus| {
            alerts
                .iter()
                .filter(|(_, s)| s.as_str() == status.as_str())
                .count() as f64
        };
        let unhandled = with_status(AlertStatus::New);
        let confirmed = with_status(AlertStatus::Confirmed);
        let total = alerts.len() as f64;
        let unhandled_share = if total > 0.0 { unhandled / total } else { 0.0 };
        let tips = num("tips");
        raws.push(Raw {
            id: row.get("id").unwrap_or_default(),
            name: row.get("name").unwrap_or_default(),
            region: row.get("region").ok(),
            visible: row.get("visible").unwrap_or(false),
            alerts: alerts.len(),
            dims: vec![
                (kin, ind(&[("kin_alerts", kin)])),
                (
                    concentration_alerts + top_share,
                    ind(&[
                        ("concentration_alerts", concentration_alerts),
                        ("top_supplier_share", top_share),
                        ("contracts", contracts),
                    ]),
                ),
                (
                    fairness + (1.0 - open_share),
                    ind(&[
                        ("tender_alerts", fairness),
                        ("open_tender_share", open_share),
                    ]),
                ),
                (
                    late,
                    ind(&[
                        ("late_deposit_alerts", late),
                        ("handled_payments", num("handled_payments")),
                    ]),
                ),
                (subsidy, ind(&[("collective_subsidy_alerts", subsidy)])),
                (tips, ind(&[("tips", tips)])),
                (
                    unhandled_share,
                    ind(&[
                        ("alerts", total),
                        ("untriaged", unhandled),
                        ("confirmed", confirmed),
                    ]),
                ),
            ],
        });
    }
    let peers = raws.len();
    let scored: Vec<(Vec<Dimension>, u32)> = raws
        .iter()
        .map(|raw| {
            let dimensions: Vec<Dimension> = DIMENSIONS
                .iter()
                .enumerate()
                .map(|(i, (key, zh, en))| {
                    let value = raw.dims[i].0;
                    let score = if value <= 0.0 {
                        0
                    } else {
                        let not_above = raws.iter().filter(|r| r.dims[i].0 <= value).count();
                        ((100 * not_above) as f64 / peers as f64).round() as u32
                    };
                    Dimension {
                        key,
                        name_zh: zh,
                        name_en: en,
                        score,
                        raw: value,
                        indicators: raw.dims[i].1.clone(),
                    }
                })
                .collect();
            let overall =
                (dimensions.iter().map(|d| d.score).sum::<u32>() as f64 / 7.0).round() as u32;
            (dimensions, overall)
        })
        .collect();
    // Every peer's overall score, visible or not: levels are relative to the whole kind.
    let overalls: Vec<u32> = scored.iter().map(|(_, overall)| *overall).collect();
    let portraits = raws
        .iter()
        .zip(scored)
        .filter(|(raw, _)| raw.visible)
        .map(|(raw, (dimensions, overall))| Portrait {
            org: raw.id.clone(),
            name: raw.name.clone(),
            region: raw.region.clone(),
            kind: kind.to_string(),
            peers,
            dimensions,
            overall,
            level: risk_level(overall, raw.alerts, &overalls),
        })
        .collect();
    Ok(portraits)
}

/// The portrait of one org (scored against its peers), or `None` if there is no such org.
pub async fn portrait(graph: &Graph, org: &str) -> Result<Option<Portrait>, DbError> {
    portrait_in(graph, org, None).await
}

/// [`portrait`], `None` also when `scope` does not see the org.
pub async fn portrait_in(
    graph: &Graph,
    org: &str,
    scope: Scope<'_>,
) -> Result<Option<Portrait>, DbError> {
    let kind: Option<Option<String>> = first_row(
        graph,
        read_query(cypher::PORTRAIT_ORG_KIND.text).param("id", org),
        cypher::PORTRAIT_ORG_KIND.path,
    )
    .await?
    .map(|row| row.get("kind").ok());
    let Some(kind) = kind else {
        return Ok(None);
    };
    let kind = kind.unwrap_or_default();
    Ok(portraits_of_kind_in(graph, &kind, scope)
        .await?
        .into_iter()
        .find(|p| p.org == org))
}

/// Whether an org's region is `region` or lies inside it (regions nest with `/`:
/// `青溪县/枫林镇` is inside `青溪县`).
fn in_region(org_region: Option<&str>, region: &str) -> bool {
    org_region.is_some_and(|r| r == region || r.starts_with(&format!("{region}/")))
}

/// Portraits of every org in a region (each scored against its peers of the same kind),
/// riskiest first.
pub async fn region_portraits(graph: &Graph, region: &str) -> Result<Vec<Portrait>, DbError> {
    region_portraits_in(graph, region, None).await
}

/// [`region_portraits`] of the orgs `scope` sees.
pub async fn region_portraits_in(
    graph: &Graph,
    region: &str,
    scope: Scope<'_>,
) -> Result<Vec<Portrait>, DbError> {
    let mut all = Vec::new();
    for kind in OrgKind::ALL {
        all.extend(
            portraits_of_kind_in(graph, kind.as_str(), scope)
                .await?
                .into_iter()
                .filter(|p| in_region(p.region.as_deref(), region)),
        );
    }
    all.sort_by(|a, b| b.overall.cmp(&a.overall).then(a.org.cmp(&b.org)));
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::{risk_level, RiskLevel};

    #[test]
    fn the_top_tenth_is_high_the_next_fifth_medium_the_rest_low() {
        let peers: Vec<u32> = (1..=20).collect();
        let level = |score| risk_level(score, 1, &peers);
        assert_eq!(level(20), RiskLevel::High);
        assert_eq!(level(19), RiskLevel::High, "1 of 20 above: 5%");
        assert_eq!(level(18), RiskLevel::Medium, "2 of 20 above: 10%");
        assert_eq!(level(15), RiskLevel::Medium, "5 of 20 above: 25%");
        assert_eq!(level(14), RiskLevel::Low, "6 of 20 above: 30%");
        assert_eq!(level(1), RiskLevel::Low);
    }

    #[test]
    fn an_org_without_alerts_is_low_whatever_its_score() {
        assert_eq!(risk_level(90, 0, &[90, 10, 5]), RiskLevel::Low);
        assert_eq!(risk_level(90, 0, &[]), RiskLevel::Low);
    }

    #[test]
    fn ties_share_a_level_and_four_villages_are_not_all_high() {
        assert_eq!(risk_level(40, 2, &[40, 40, 40]), RiskLevel::High);
        let town = [48, 30, 21, 9];
        let levels: Vec<RiskLevel> = town.iter().map(|&s| risk_level(s, 1, &town)).collect();
        assert_eq!(
            levels,
            [
                RiskLevel::High,
                RiskLevel::Medium,
                RiskLevel::Low,
                RiskLevel::Low
            ]
        );
    }
}
