//! The pattern library: one `.cypher` file per pattern in `cypher/patterns/`, with a header
//! saying what it flags and why, its severity, parameters with defaults and the summary
//! templates. Adding a pattern is adding a file (registered in `crate::cypher`) and its
//! fixtures.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cypher::{self, CypherFile};
use crate::domain::{PatternId, Severity};

/// A parameter value (from the header's default or the configuration).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ParamValue {
    /// A whole number.
    Int(i64),
    /// A number.
    Float(f64),
    /// Text.
    Text(String),
}

impl ParamValue {
    fn parse(text: &str) -> Self {
        let text = text.trim();
        if let Ok(i) = text.parse::<i64>() {
            ParamValue::Int(i)
        } else if let Ok(f) = text.parse::<f64>() {
            ParamValue::Float(f)
        } else {
            ParamValue::Text(text.trim_matches('"').to_string())
        }
    }

    /// From a configuration value.
    pub fn from_toml(value: &toml::Value) -> Option<Self> {
        match value {
            toml::Value::Integer(i) => Some(ParamValue::Int(*i)),
            toml::Value::Float(f) => Some(ParamValue::Float(*f)),
            toml::Value::String(s) => Some(ParamValue::Text(s.clone())),
            _ => None,
        }
    }
}

/// A parsed pattern file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Pattern {
    /// Stable id (`kin-supplier`).
    pub id: PatternId,
    /// Severity of its alerts.
    pub severity: Severity,
    /// The tables whose new rows can take part in a finding (an ingest of one of them runs
    /// this pattern right after; the header's `tables:` line).
    pub tables: Vec<String>,
    /// The portrait dimension its alerts count towards (`kin`, `concentration`, `fairness`,
    /// `cash`, `subsidy`; the header's `portrait:` line).
    pub portrait: String,
    /// Chinese title.
    pub title_zh: String,
    /// English title.
    pub title_en: String,
    /// What it flags.
    pub flags: String,
    /// Why that is a red flag.
    pub why: String,
    /// Parameters with their defaults.
    pub params: BTreeMap<String, ParamValue>,
    /// Summary template in Chinese (`{fact}` placeholders).
    pub summary_zh: String,
    /// Summary template in English.
    pub summary_en: String,
    /// The file.
    pub path: &'static str,
    /// The query (header comments stripped).
    #[serde(skip)]
    pub query: String,
}

/// A header that cannot be read (caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("pattern file {path}: {reason}")]
pub struct PatternError {
    /// The file.
    pub path: &'static str,
    /// What is wrong.
    pub reason: String,
}

impl Pattern {
    /// Parses a pattern file.
    pub fn parse(file: &CypherFile) -> Result<Self, PatternError> {
        let mut header: BTreeMap<String, String> = BTreeMap::new();
        let mut params = BTreeMap::new();
        for line in file.text.lines() {
            let Some(comment) = line.trim().strip_prefix("//") else {
                continue;
            };
            let Some((key, value)) = comment.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            if key == "param" {
                let (name, default) = value.split_once('=').ok_or_else(|| PatternError {
                    path: file.path,
                    reason: format!("param line {value:?} is not `name = default`"),
                })?;
                params.insert(name.trim().to_string(), ParamValue::parse(default));
            } else if !key.contains(' ') {
                header.insert(key.to_string(), value.to_string());
            }
        }
        let take = |key: &str| {
            header.get(key).cloned().ok_or_else(|| PatternError {
                path: file.path,
                reason: format!("header line `// {key}: ...` is missing"),
            })
        };
        let severity_word = take("severity")?;
        let severity = Severity::parse(&severity_word).ok_or_else(|| PatternError {
            path: file.path,
            reason: format!("severity {severity_word:?} is not high, medium or low"),
        })?;
        let query = single_statement(file)?;
        let id = id_of_file(file, &take("id")?)?;
        Ok(Pattern {
            id,
            severity,
            tables: take("tables")?
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            portrait: take("portrait")?,
            title_zh: take("title_zh")?,
            title_en: take("title_en")?,
            flags: take("flags")?,
            why: take("why")?,
            params,
            summary_zh: take("summary_zh")?,
            summary_en: take("summary_en")?,
            path: file.path,
            query,
        })
    }
}

/// The ids of the patterns the product promises (issue #4), as text; the one list is
/// [`PatternId::ALL`](crate::domain::PatternId::ALL).
pub const PATTERN_IDS: [&str; PatternId::ALL.len()] = {
    let mut ids = [""; PatternId::ALL.len()];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = crate::domain::PatternId::ALL[i].as_str();
        i += 1;
    }
    ids
};

/// The patterns an ingest of `table` runs right after (those whose header lists it).
pub fn patterns_reading(library: &[Pattern], table: &str) -> Vec<PatternId> {
    library
        .iter()
        .filter(|p| p.tables.iter().any(|t| t == table))
        .map(|p| p.id)
        .collect()
}

/// The registered ids, comma-separated (for error messages).
pub fn known_ids(library: &[Pattern]) -> String {
    library
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every registered pattern, in registry order.
pub fn all_patterns() -> Result<Vec<Pattern>, PatternError> {
    cypher::PATTERNS.iter().map(Pattern::parse).collect()
}

/// A focused variant of a pattern (`cypher/patterns/focused/`): the pattern's query restricted
/// to the entity ids of a `$focus` parameter, with the same columns and parameters.
#[derive(Debug, Clone)]
pub struct FocusedQuery {
    /// The pattern id.
    pub id: PatternId,
    /// What the ids of `$focus` are (the header's `focus:` line).
    pub focus: String,
    /// The file.
    pub path: &'static str,
    /// The query (comments stripped).
    pub query: String,
}

/// A pattern file holds exactly one statement: the query.
fn single_statement(file: &CypherFile) -> Result<String, PatternError> {
    let statements = file.statements();
    match statements.as_slice() {
        [query] => Ok(query.clone()),
        _ => Err(PatternError {
            path: file.path,
            reason: format!("one statement expected, found {}", statements.len()),
        }),
    }
}

/// A pattern's id is its file name (`cypher/patterns/<id>.cypher`) and one of
/// [`PatternId`]'s.
fn id_of_file(file: &CypherFile, id: &str) -> Result<PatternId, PatternError> {
    let expected = file
        .path
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".cypher"));
    let reason = if expected != Some(id) {
        format!("id {id:?} differs from the file name")
    } else if let Some(known) = PatternId::parse(id) {
        return Ok(known);
    } else {
        format!("id {id:?} is not one of domain::PatternId")
    };
    Err(PatternError {
        path: file.path,
        reason,
    })
}

/// Every focused variant, in registry order.
pub fn focused_queries() -> Result<Vec<FocusedQuery>, PatternError> {
    cypher::FOCUSED_PATTERNS
        .iter()
        .map(|file| {
            let header = |key: &str| {
                file.text.lines().find_map(|line| {
                    let (k, v) = line.trim().strip_prefix("//")?.split_once(':')?;
                    (k.trim() == key).then(|| v.trim().to_string())
                })
            };
            let id = header("id").ok_or_else(|| PatternError {
                path: file.path,
                reason: "header line `// id: ...` is missing".into(),
            })?;
            Ok(FocusedQuery {
                id: id_of_file(file, &id)?,
                focus: header("focus").unwrap_or_default(),
                path: file.path,
                query: single_statement(file)?,
            })
        })
        .collect()
}

/// Fills `{name}` placeholders from facts; amounts (facts named `amount`, `total`, `*_amount`,
/// `threshold`) are written as yuan.
pub fn render(
    template: &str,
    facts: &BTreeMap<String, serde_json::Value>,
    chinese: bool,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        let value = facts.get(name).cloned().unwrap_or(serde_json::Value::Null);
        out.push_str(&fact_text(name, &value, chinese));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn fact_text(name: &str, value: &serde_json::Value, chinese: bool) -> String {
    let is_money =
        name == "amount" || name == "total" || name == "threshold" || name.ends_with("_amount");
    match value {
        serde_json::Value::Null => "?".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) if is_money => {
            let yuan = n.as_f64().unwrap_or(0.0);
            let amount = crate::domain::Amount::from_fen((yuan * 100.0).round() as i64);
            match (amount, chinese) {
                (Some(a), true) => a.format_yuan_zh(),
                (Some(a), false) => format!("{} yuan", group_thousands(a.fen() / 100)),
                (None, _) => n.to_string(),
            }
        }
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn group_thousands(value: i64) -> String {
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_file_parses_and_is_named_after_its_id() {
        let patterns = all_patterns().unwrap();
        let ids: Vec<&str> = patterns.iter().map(|p| p.id.as_str()).collect();
        for id in PATTERN_IDS {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
    }

    #[test]
    fn every_focused_variant_parses_and_belongs_to_a_pattern() {
        let patterns = all_patterns().unwrap();
        let focused = focused_queries().unwrap();
        assert!(!focused.is_empty());
        for f in &focused {
            assert!(
                patterns.iter().any(|p| p.id == f.id),
                "{}: no pattern {}",
                f.path,
                f.id
            );
            assert!(f.query.contains("$focus"), "{} does not use $focus", f.path);
            assert!(
                !f.focus.is_empty(),
                "{} does not say what $focus holds",
                f.path
            );
        }
    }

    #[test]
    fn headers_name_real_tables_and_portrait_dimensions() {
        let library = all_patterns().unwrap();
        let tables: Vec<String> = crate::load::mapping::table_mappings()
            .unwrap()
            .into_iter()
            .map(|t| t.table)
            .collect();
        for pattern in &library {
            assert!(!pattern.tables.is_empty(), "{}: no tables", pattern.id);
            for table in &pattern.tables {
                assert!(tables.contains(table), "{}: no table {table}", pattern.id);
            }
            assert!(
                ["kin", "concentration", "fairness", "cash", "subsidy"]
                    .contains(&pattern.portrait.as_str()),
                "{}: portrait {}",
                pattern.id,
                pattern.portrait
            );
        }
    }

    #[test]
    fn an_ingest_runs_the_patterns_that_read_its_table() {
        use PatternId::*;
        let library = all_patterns().unwrap();
        let reading = |table: &str| {
            let mut ids = patterns_reading(&library, table);
            ids.sort();
            ids
        };
        assert_eq!(
            reading("payments"),
            [LateDeposit, CollectiveSubsidy, KinPayee]
        );
        assert_eq!(reading("bids"), [SingleBidder, LinkedBidders]);
        assert_eq!(
            reading("contracts"),
            [
                KinSupplier,
                SelfDealing,
                SupplierConcentration,
                QualificationAnomaly,
                SplitContracts,
                SharedContact,
                SingleBidder,
                RevolvingDoor,
                LinkedBidders
            ]
        );
        for table in [
            "company_roles",
            "kinship",
            "people",
            "positions",
            "companies",
        ] {
            let mut wanted = vec![
                KinSupplier,
                SelfDealing,
                CollectiveSubsidy,
                KinPayee,
                SharedContact,
            ];
            // A family tie has no part in a former official's own company.
            if table != "kinship" {
                wanted.push(RevolvingDoor);
            }
            // Who holds a post does not tie two bidders; who stands in them, and how, does.
            if table != "positions" {
                wanted.push(LinkedBidders);
            }
            assert_eq!(reading(table), wanted, "{table}");
        }
        // An org's place under another decides whose authority reaches it.
        assert_eq!(
            reading("orgs"),
            vec![
                KinSupplier,
                SelfDealing,
                KinPayee,
                SharedContact,
                RevolvingDoor
            ]
        );
        assert!(reading("tips").is_empty());
    }

    #[test]
    fn templates_write_amounts_as_yuan() {
        let mut facts = BTreeMap::new();
        facts.insert("amount".to_string(), serde_json::json!(20000.0));
        facts.insert("who".to_string(), serde_json::json!("李明德"));
        facts.insert("days".to_string(), serde_json::json!(33));
        assert_eq!(
            render("{who}收取{amount}，迟{days}天", &facts, true),
            "李明德收取2万元，迟33天"
        );
        assert_eq!(
            render("{who}: {amount}", &facts, false),
            "李明德: 20,000 yuan"
        );
    }
}
