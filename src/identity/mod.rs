//! Identity resolution after each load. Records are never merged; they are linked:
//! certain links (`SAME_AS`: same valid ID number; same normalised name and birth date with
//! no conflicting ID number; same valid credit code), which patterns treat as identity, and
//! possible links (`POSSIBLY_SAME_AS`, with a score and the reason) for a person to confirm
//! or reject. Candidates come from blocking keys (shared phone, shared address, same birth
//! date and surname), never from all pairs, so it scales to a city.

use std::collections::BTreeMap;

use neo4rs::{query, BoltMap, BoltString, BoltType, Graph};
use serde::Serialize;

use crate::cypher::{self, CypherFile};
use crate::db::DbError;

/// Links made by one resolution pass.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct IdentitySummary {
    /// Certain person links created or confirmed.
    pub certain_person_links: i64,
    /// Certain company links created or confirmed.
    pub certain_company_links: i64,
    /// Possible person links written (new or refreshed).
    pub possible_links: i64,
}

/// Possible links need at least this name similarity (Jaro-Winkler, 0–1)...
const MIN_NAME_SIMILARITY: f64 = 0.85;
/// ...and at least this score overall.
const MIN_SCORE: f64 = 0.75;

/// Resolves identities for the records written by load run `run`.
pub async fn resolve(graph: &Graph, run: &str) -> Result<IdentitySummary, DbError> {
    let now = chrono::Utc::now().fixed_offset();
    let [by_id_number, by_name_birth, by_credit_code, candidates, write_possible] =
        cypher::IDENTITY
    else {
        unreachable!("five identity files are registered");
    };
    // Links whose basis no longer holds go first, so that the candidate read below sees
    // the same links whenever it runs.
    for file in [by_id_number, by_name_birth, by_credit_code] {
        for statement in stale_link_deletes(file) {
            run_counting_query(
                graph,
                file,
                query(&statement).param("run", run).param("now", now),
            )
            .await?;
        }
    }
    // The certain-link writes and the candidate read then run side by side, one per core:
    // the candidate query leaves out by their properties the pairs the writes are linking,
    // so its answer does not depend on how far the writes have got.
    let certain = async {
        let person = run_link_writes(graph, by_id_number, run, now).await?
            + run_link_writes(graph, by_name_birth, run, now).await?;
        let company = run_link_writes(graph, by_credit_code, run, now).await?;
        Ok::<_, DbError>((person, company))
    };
    let (certain, pairs) = tokio::join!(certain, score_candidates(graph, candidates, run));
    let (certain_person_links, certain_company_links) = certain?;
    let pairs = pairs?;
    let mut summary = IdentitySummary {
        certain_person_links,
        certain_company_links,
        possible_links: 0,
    };

    for chunk in pairs.chunks(1000) {
        let list: Vec<BoltType> = chunk
            .iter()
            .map(|p| {
                let mut map = BoltMap::new();
                map.put(BoltString::from("a"), BoltType::from(p.a.as_str()));
                map.put(BoltString::from("b"), BoltType::from(p.b.as_str()));
                map.put(BoltString::from("score"), BoltType::from(p.score));
                map.put(
                    BoltString::from("reason"),
                    BoltType::from(p.reason.as_str()),
                );
                BoltType::Map(map)
            })
            .collect();
        summary.possible_links += run_counting_query(
            graph,
            write_possible,
            query(&write_possible.statements()[0])
                .param("pairs", list)
                .param("run", run)
                .param("now", now),
        )
        .await?;
    }
    Ok(summary)
}

/// A scored candidate pair, `a < b`.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleLink {
    /// Lower id.
    pub a: String,
    /// Higher id.
    pub b: String,
    /// 0–1.
    pub score: f64,
    /// Why, for the person who reviews it.
    pub reason: String,
}

async fn score_candidates(
    graph: &Graph,
    file: &CypherFile,
    run: &str,
) -> Result<Vec<PossibleLink>, DbError> {
    let to_err = |source| DbError::Query {
        origin: file.path.to_string(),
        source,
    };
    let mut rows = graph
        .execute(query(&file.statements()[0]).param("run", run))
        .await
        .map_err(to_err)?;
    let mut pairs: BTreeMap<(String, String), PossibleLink> = BTreeMap::new();
    while let Some(row) = rows.next().await.map_err(to_err)? {
        let get = |name: &str| {
            row.get::<Option<String>>(name)
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let reasons: Vec<String> = row.get("reasons").unwrap_or_default();
        let candidate = Candidate {
            a_id: get("a_id"),
            b_id: get("b_id"),
            a_name: get("a_name"),
            b_name: get("b_name"),
            a_pinyin: get("a_pinyin"),
            b_pinyin: get("b_pinyin"),
            a_birth: get("a_birth"),
            b_birth: get("b_birth"),
            reasons,
        };
        if let Some(link) = score(&candidate) {
            pairs.insert((link.a.clone(), link.b.clone()), link);
        }
    }
    Ok(pairs.into_values().collect())
}

/// What the blocking query returns for one pair.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    /// First record.
    pub a_id: String,
    /// Second record.
    pub b_id: String,
    /// Normalised names.
    pub a_name: String,
    /// Normalised names.
    pub b_name: String,
    /// Pinyin of the names.
    pub a_pinyin: String,
    /// Pinyin of the names.
    pub b_pinyin: String,
    /// Birth dates (empty: unknown).
    pub a_birth: String,
    /// Birth dates (empty: unknown).
    pub b_birth: String,
    /// Blocking keys they share: `phone`, `address`, `birth_date`.
    pub reasons: Vec<String>,
}

/// Scores a candidate pair; `None` when it is not a likely match.
///
/// Two known, different birth dates mean two people, whatever else they share (family
/// members share an address and often a phone). Otherwise the name decides, helped by what
/// else is shared.
pub fn score(c: &Candidate) -> Option<PossibleLink> {
    if !c.a_birth.is_empty() && !c.b_birth.is_empty() && c.a_birth != c.b_birth {
        return None;
    }
    let by_name = strsim::jaro_winkler(&c.a_name, &c.b_name);
    let by_pinyin = if c.a_pinyin.is_empty() || c.b_pinyin.is_empty() {
        0.0
    } else {
        strsim::jaro_winkler(&c.a_pinyin, &c.b_pinyin)
    };
    let similarity = by_name.max(by_pinyin);
    if similarity < MIN_NAME_SIMILARITY {
        return None;
    }
    let shared = |key: &str| c.reasons.iter().any(|r| r == key);
    let bonus = [("phone", 0.15), ("address", 0.05), ("birth_date", 0.15)]
        .iter()
        .filter(|(key, _)| shared(key))
        .map(|(_, b)| b)
        .sum::<f64>();
    let score = ((similarity * 0.75 + bonus) * 100.0).round() / 100.0;
    if score < MIN_SCORE {
        return None;
    }
    let mut why = vec![format!(
        "similar names {} / {} (Jaro-Winkler {:.2}, pinyin {} / {} {:.2})",
        c.a_name, c.b_name, by_name, c.a_pinyin, c.b_pinyin, by_pinyin
    )];
    for (key, text) in [
        ("phone", "shared phone"),
        ("address", "shared full address"),
        ("birth_date", "same birth date"),
    ] {
        if shared(key) {
            why.push(text.to_string());
        }
    }
    let (a, b) = if c.a_id < c.b_id {
        (c.a_id.clone(), c.b_id.clone())
    } else {
        (c.b_id.clone(), c.a_id.clone())
    };
    Some(PossibleLink {
        a,
        b,
        score: score.min(0.99),
        reason: why.join("; "),
    })
}

/// The statements of a certain-link file before its last: they delete the links whose
/// basis no longer holds.
fn stale_link_deletes(file: &CypherFile) -> Vec<String> {
    let mut statements = file.statements();
    statements.pop();
    statements
}

/// Runs the last statement of a certain-link file, the one that writes the links; returns
/// its `links` count.
async fn run_link_writes(
    graph: &Graph,
    file: &CypherFile,
    run: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<i64, DbError> {
    let Some(statement) = file.statements().pop() else {
        return Ok(0);
    };
    run_counting_query(
        graph,
        file,
        query(&statement).param("run", run).param("now", now),
    )
    .await
}

async fn run_counting_query(
    graph: &Graph,
    file: &CypherFile,
    q: neo4rs::Query,
) -> Result<i64, DbError> {
    let to_err = |source| DbError::Query {
        origin: file.path.to_string(),
        source,
    };
    let mut rows = graph.execute(q).await.map_err(to_err)?;
    let mut links = 0;
    while let Some(row) = rows.next().await.map_err(to_err)? {
        links = row.get::<i64>("links").unwrap_or(0);
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(a: &str, b: &str, pa: &str, pb: &str, reasons: &[&str]) -> Candidate {
        Candidate {
            a_id: "p-2".into(),
            b_id: "p-1".into(),
            a_name: a.into(),
            b_name: b.into(),
            a_pinyin: pa.into(),
            b_pinyin: pb.into(),
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
            ..Candidate::default()
        }
    }

    #[test]
    fn same_pinyin_and_shared_phone_is_a_likely_match() {
        let link = score(&candidate("李明", "李鸣", "liming", "liming", &["phone"])).unwrap();
        assert_eq!((link.a.as_str(), link.b.as_str()), ("p-1", "p-2"));
        assert!(link.score >= 0.85, "{link:?}");
        assert!(link.reason.contains("shared phone"), "{link:?}");
    }

    #[test]
    fn family_members_at_one_address_are_not_matched() {
        assert_eq!(
            score(&candidate(
                "王建国",
                "王小红",
                "wangjianguo",
                "wangxiaohong",
                &["address"]
            )),
            None
        );
    }

    #[test]
    fn different_birth_dates_are_different_people() {
        let mut c = candidate("李明", "李明", "liming", "liming", &["phone"]);
        c.a_birth = "1960-01-01".into();
        c.b_birth = "1985-01-01".into();
        assert_eq!(score(&c), None);
    }
}
