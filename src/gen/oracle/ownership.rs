//! The oracle's ownership rules (issue 12), by brute force over `company_roles.csv`: who
//! stands behind a company through chains of companies (`BEHIND`), and which companies are
//! one supplier (supplier groups). Independent of the scan's `src/scan/ownership.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Period, Row, UnionFind};

/// One non-employee role: `holder` (a person record or a company) in `company`.
#[derive(Debug, Clone)]
pub(super) struct Stake {
    pub holder: String,
    pub company: String,
    pub role: String,
    /// Percent; 0 for a shareholder without `share_pct` and for other roles.
    pub share: f64,
    pub period: Period,
}

/// How a holder stands behind a company it holds no direct role in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BehindRole {
    /// The shares along a chain multiply to 25 % or more.
    BeneficialOwner,
    /// Legal rep or > 50 % of the first company, then > 50 % at every step.
    Controller,
}

/// A `BEHIND` finding: `holder` stands behind `company` through the companies `via`.
#[derive(Debug, Clone)]
pub(super) struct Behind {
    pub holder: String,
    pub company: String,
    pub role: BehindRole,
    /// The shares multiplied, in percent.
    pub share: f64,
    pub period: Period,
}

/// The non-employee roles of `company_roles.csv`.
pub(super) fn stakes(rows: &[Row]) -> Vec<Stake> {
    rows.iter()
        .filter(|row| row["role"] != "employee")
        .map(|row| Stake {
            holder: row["person_id"].clone(),
            company: row["company_id"].clone(),
            role: row["role"].clone(),
            share: row
                .get("share_pct")
                .filter(|_| row["role"] == "shareholder")
                .map(|text| text.parse().expect("share"))
                .unwrap_or(0.0),
            period: Period::of(row),
        })
        .collect()
}

/// The intersection of two periods, `None` when they never overlap.
fn overlap(one: Period, other: Period) -> Option<Period> {
    let start = match (one.start, other.start) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let end = match (one.end, other.end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match (start, end) {
        (Some(start), Some(end)) if start > end => None,
        _ => Some(Period { start, end }),
    }
}

/// Every chain of 2 to 4 roles h → C1 → … → s (the first any non-employee role, the others
/// shareholdings of companies, no company twice) that makes h a beneficial owner (shares
/// multiplied >= 25 %) or else a controller of s, its roles held at a common time.
pub(super) fn behind(stakes: &[Stake]) -> Vec<Behind> {
    let mut holdings: HashMap<&str, Vec<&Stake>> = HashMap::new();
    for stake in stakes {
        if stake.role == "shareholder" {
            holdings
                .entry(stake.holder.as_str())
                .or_default()
                .push(stake);
        }
    }
    let mut found = Vec::new();
    for first in stakes {
        let mut chain = vec![first];
        extend(&holdings, &mut chain, &mut found);
    }
    found
}

fn extend<'a>(
    holdings: &HashMap<&str, Vec<&'a Stake>>,
    chain: &mut Vec<&'a Stake>,
    found: &mut Vec<Behind>,
) {
    if chain.len() == 4 {
        return;
    }
    let last = chain.last().expect("one").company.as_str();
    for &next in holdings.get(last).into_iter().flatten() {
        let seen = next.company == chain[0].holder
            || chain.iter().any(|stake| stake.company == next.company);
        if seen {
            continue;
        }
        chain.push(next);
        if let Some(finding) = judge(chain) {
            found.push(finding);
        }
        extend(holdings, chain, found);
        chain.pop();
    }
}

/// The `BEHIND` a chain makes, if any.
fn judge(chain: &[&Stake]) -> Option<Behind> {
    let mut period = chain[0].period;
    for stake in &chain[1..] {
        period = overlap(period, stake.period)?;
    }
    let first = chain[0];
    let all_shares = chain.iter().all(|stake| stake.role == "shareholder");
    let product = chain
        .iter()
        .fold(100.0, |acc, stake| acc * stake.share / 100.0);
    let role = if all_shares && product >= 25.0 - 1e-9 {
        BehindRole::BeneficialOwner
    } else if (first.role == "legal_rep" || (first.role == "shareholder" && first.share > 50.0))
        && chain[1..].iter().all(|stake| stake.share > 50.0)
    {
        BehindRole::Controller
    } else {
        return None;
    };
    Some(Behind {
        holder: first.holder.clone(),
        company: chain.last().expect("one").company.clone(),
        role,
        share: if all_shares { product } else { 0.0 },
        period,
    })
}

/// Supplier groups: companies are one supplier when one human is legal rep or > 50 % owner
/// (directly, or behind as controller or beneficial owner above 50 %) of each, or one owns
/// more than 50 % of the other (directly, or behind it). `human_of` maps records to humans.
/// Returns company -> group id (its smallest company id) for groups of two or more.
pub(super) fn supplier_groups(
    companies: &[String],
    stakes: &[Stake],
    behind: &[Behind],
    human_of: &HashMap<String, usize>,
) -> HashMap<String, String> {
    let index: HashMap<&str, usize> = companies
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut groups = UnionFind::new(companies.len());
    // A human's (or a company's) controlled companies.
    let mut controlled: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut control = |holder: &str, company: &str| {
        let key = match human_of.get(holder) {
            Some(human) => format!("human:{human}"),
            None => holder.to_string(),
        };
        if let Some(&target) = index.get(company) {
            controlled.entry(key).or_default().insert(target);
        }
    };
    for stake in stakes {
        if stake.role == "legal_rep" || (stake.role == "shareholder" && stake.share > 50.0) {
            control(&stake.holder, &stake.company);
        }
    }
    for found in behind {
        if found.role == BehindRole::Controller || found.share > 50.0 {
            control(&found.holder, &found.company);
        }
    }
    for (holder, targets) in &controlled {
        let mut members: Vec<usize> = targets.iter().copied().collect();
        // A company holder is one supplier with what it owns.
        if let Some(&own) = index.get(holder.as_str()) {
            members.push(own);
        }
        for pair in members.windows(2) {
            groups.union(pair[0], pair[1]);
        }
    }
    let roots: Vec<usize> = (0..companies.len()).map(|i| groups.find(i)).collect();
    let mut size: HashMap<usize, usize> = HashMap::new();
    for &root in &roots {
        *size.entry(root).or_default() += 1;
    }
    roots
        .iter()
        .enumerate()
        .filter(|(_, root)| size[root] > 1)
        .map(|(i, &root)| (companies[i].clone(), companies[root].clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stake(holder: &str, company: &str, role: &str, share: f64, years: (i32, i32)) -> Stake {
        let day = |year| chrono::NaiveDate::from_ymd_opt(year, 1, 1);
        Stake {
            holder: holder.into(),
            company: company.into(),
            role: role.into(),
            share,
            period: Period {
                start: day(years.0),
                end: day(years.1),
            },
        }
    }

    #[test]
    fn chains_make_beneficial_owners_from_25_percent_and_controllers_above_half() {
        let always = (2000, 2030);
        let found = behind(&[
            stake("p-1", "h-1", "shareholder", 80.0, always),
            stake("h-1", "s-1", "shareholder", 55.0, always),
            stake("p-2", "h-2", "shareholder", 40.0, always),
            stake("h-2", "s-2", "shareholder", 50.0, always),
            stake("p-3", "h-3", "legal_rep", 0.0, always),
            stake("h-3", "s-3", "shareholder", 60.0, always),
        ]);
        let of = |holder: &str| -> Vec<(String, BehindRole, f64)> {
            found
                .iter()
                .filter(|found| found.holder == holder)
                .map(|found| (found.company.clone(), found.role, found.share))
                .collect()
        };
        assert_eq!(
            of("p-1"),
            [("s-1".into(), BehindRole::BeneficialOwner, 44.0)]
        );
        assert!(of("p-2").is_empty(), "20 % and no control");
        assert_eq!(of("p-3"), [("s-3".into(), BehindRole::Controller, 0.0)]);
    }

    #[test]
    fn a_chain_whose_roles_never_overlap_in_time_stands_behind_nothing() {
        let found = behind(&[
            stake("p-1", "h-1", "shareholder", 80.0, (2010, 2014)),
            stake("h-1", "s-1", "shareholder", 55.0, (2016, 2030)),
        ]);
        assert!(found.is_empty());
    }

    #[test]
    fn groups_join_companies_of_one_legal_rep_and_a_majority_holding() {
        let always = (2000, 2030);
        let stakes = [
            stake("p-1", "c-1", "legal_rep", 0.0, always),
            stake("p-1", "c-2", "legal_rep", 0.0, always),
            stake("c-3", "c-4", "shareholder", 51.0, always),
            stake("p-2", "c-5", "shareholder", 50.0, always),
            stake("p-2", "c-6", "shareholder", 50.0, always),
        ];
        let companies: Vec<String> = (1..=6).map(|i| format!("c-{i}")).collect();
        let humans: HashMap<String, usize> =
            [("p-1".to_string(), 0), ("p-2".to_string(), 1)].into();
        let groups = supplier_groups(&companies, &stakes, &behind(&stakes), &humans);
        let expected: HashMap<String, String> = [
            ("c-1", "c-1"),
            ("c-2", "c-1"),
            ("c-3", "c-3"),
            ("c-4", "c-3"),
        ]
        .map(|(company, group)| (company.to_string(), group.to_string()))
        .into();
        assert_eq!(groups, expected);
    }
}
