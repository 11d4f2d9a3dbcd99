//! Ranked fuzzy search over names (Chinese, pinyin, typos), ids, ID numbers, credit codes and
//! phones: the Lucene query for the full-text index, and the scoring of its candidates.

use std::collections::HashMap;

use neo4rs::{BoltType, Graph};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::kinds_param;
use super::words::role_zh;
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::{fold_width, normalize_name, to_pinyin, CreditCode, IdNumber, Phone};
use crate::scope::{scope_param, Scope};

/// Full-text candidates fetched before ranking.
const SEARCH_CANDIDATES: i64 = 50;
/// Full-text candidates ranked below this are dropped (exact identifier hits score 1).
const SEARCH_MIN_SCORE: f64 = 0.7;

/// What to look for: trimmed, not empty, at most [`SearchText::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

/// Why text cannot be searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTextError {
    /// Nothing but white space.
    Empty,
    /// Longer than [`SearchText::MAX_CHARS`] characters.
    TooLong,
}

impl SearchText {
    /// Longest text searched for, in characters.
    pub const MAX_CHARS: usize = 100;

    /// The text, trimmed.
    pub fn parse(raw: &str) -> Result<SearchText, SearchTextError> {
        let text = raw.trim();
        if text.is_empty() {
            Err(SearchTextError::Empty)
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(SearchTextError::TooLong)
        } else {
            Ok(SearchText(text.to_string()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

bounded!(
    /// Most hits returned (1–100, default 20).
    HitLimit,
    1,
    100,
    20
);

/// One search hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHit {
    /// Entity id.
    pub id: String,
    /// `Person`, `Company`, `Org`, `Contract`, `Payment` or `Tip`.
    pub kind: String,
    /// Name (a contract's title).
    pub name: String,
    /// 0–1, higher is better; 1 for an exact identifier.
    pub score: f64,
    /// What matched: `id`, `id_number`, `credit_code`, `phone`, `name` or `pinyin`.
    pub matched: String,
    /// What tells it apart: a person's posts and company roles, a company's legal
    /// representative, an org's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ContextItem {
    what: String,
    name: Option<String>,
    word: Option<String>,
}

fn opt(value: Option<String>) -> BoltType {
    value
        .map(BoltType::from)
        .unwrap_or(BoltType::Null(neo4rs::BoltNull))
}

/// Characters with a meaning in Lucene's query syntax.
fn is_lucene_special(c: char) -> bool {
    matches!(
        c,
        '+' | '-'
            | '&'
            | '|'
            | '!'
            | '('
            | ')'
            | '{'
            | '}'
            | '['
            | ']'
            | '^'
            | '"'
            | '~'
            | '*'
            | '?'
            | ':'
            | '\\'
            | '/'
    )
}

/// Escapes every Lucene special character of a term.
fn lucene_escape(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 4);
    for c in term.chars() {
        if is_lucene_special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Lucene query for the full-text index: each word of the text as typed (escaped,
/// lower-case, so `AND`/`OR`/`NOT` are plain words), the words run together, and the text's
/// pinyin; latin terms also fuzzy (`~`, up to two edits: `wangjianguu`) and as a prefix.
/// A word in Chinese characters is searched as its pairs of neighbouring characters, each a
/// phrase (`"王建" "建国"`): the index splits Chinese into single characters, and the bare
/// characters would match everyone sharing a surname (thousands of candidates to score on a
/// county), while a pair still finds a name with one character mistyped. The pinyin of
/// Chinese text finds homophones exactly, so it needs no fuzzy clause.
/// `None` when nothing searchable is left.
fn lucene_query(text: &str) -> Option<String> {
    let folded = fold_width(text).to_lowercase();
    let words: Vec<&str> = folded
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(8)
        .collect();
    let mut terms: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    if words.len() > 1 {
        terms.push(words.concat());
    }
    let pinyin = to_pinyin(&words.concat());
    if !pinyin.is_empty() {
        terms.push(pinyin);
    }
    let typed_latin = words.iter().all(|w| w.is_ascii());
    let mut clauses: Vec<String> = Vec::new();
    for term in terms {
        let mut add = |clause: String| {
            if !clauses.contains(&clause) {
                clauses.push(clause);
            }
        };
        let chars: Vec<char> = term.chars().collect();
        if chars.len() >= 2 && chars.iter().all(|c| is_cjk(*c)) {
            for pair in chars.windows(2) {
                add(format!("\"{}{}\"", pair[0], pair[1]));
            }
            continue;
        }
        add(lucene_escape(&term));
        let latin = term.chars().all(|c| c.is_ascii_alphanumeric());
        if latin && term.len() >= 3 {
            if typed_latin {
                add(format!("{term}~"));
            }
            add(format!("{term}*"));
        }
    }
    (!clauses.is_empty()).then(|| clauses.join(" "))
}

/// A CJK ideograph (the index tokenises these one by one).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// How well a name matches the text: Jaro-Winkler over the normalised name and over the
/// pinyin (so homophones and latin typos rank high), with containment counting as a good
/// match (`建国` in `王建国`). Returns the score and the field that gave it.
fn fuzzy_score(
    norm: &str,
    pinyin: &str,
    name_norm: &str,
    name_pinyin: &str,
) -> (f64, &'static str) {
    let mut best = (0.0, "name");
    if !norm.is_empty() && !name_norm.is_empty() {
        let score = if name_norm == norm {
            1.0
        } else if name_norm.contains(norm) {
            let ratio = norm.chars().count() as f64 / name_norm.chars().count() as f64;
            (0.8 + 0.15 * ratio).max(strsim::jaro_winkler(norm, name_norm))
        } else {
            strsim::jaro_winkler(norm, name_norm)
        };
        best = (score, "name");
    }
    // For text typed in Chinese, pinyin only finds homophones (王建囯 for 王建国); a shared
    // surname's syllables must not make 王浩 look like 王建国.
    let typed_latin = norm.is_ascii();
    if !pinyin.is_empty() && !name_pinyin.is_empty() {
        let score = if name_pinyin == pinyin {
            0.99
        } else if !typed_latin {
            let similarity = strsim::jaro_winkler(pinyin, name_pinyin);
            if similarity >= 0.95 {
                0.9 * similarity
            } else {
                0.0
            }
        } else if pinyin.len() >= 3 && name_pinyin.starts_with(pinyin) {
            let ratio = pinyin.len() as f64 / name_pinyin.len() as f64;
            (0.75 + 0.2 * ratio).max(0.97 * strsim::jaro_winkler(pinyin, name_pinyin))
        } else {
            0.97 * strsim::jaro_winkler(pinyin, name_pinyin)
        };
        if score > best.0 {
            best = (score, "pinyin");
        }
    }
    best
}

fn render_context(items: &[ContextItem]) -> Option<String> {
    let parts: Vec<String> = items
        .iter()
        .filter_map(|item| {
            let name = item.name.clone().unwrap_or_default();
            let word = item.word.clone().unwrap_or_default();
            let text = match item.what.as_str() {
                "post" => format!("{name}{word}"),
                "role" => format!("{name}{}", role_zh(&word)),
                "legal_rep" => format!("法定代表人：{name}"),
                _ => name,
            };
            (!text.is_empty()).then_some(text)
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// Whether a search may look records up by their identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifiers {
    /// ID numbers, credit codes and phones find their records.
    Searchable,
    /// A text that is an ID number, credit code or phone finds nothing (a viewer's search:
    /// a hit would confirm an identifier that his views mask).
    Hidden,
}

/// Ranked fuzzy search over names (Chinese, pinyin, typos), ids, ID numbers, credit codes and
/// phones. Exact identifier hits come first (score 1), then names ranked by Jaro-Winkler
/// similarity over the normalised name and the pinyin; at most `limit` hits, best first.
/// Nothing outside `scope` is a hit.
pub async fn search(
    graph: &Graph,
    text: &SearchText,
    limit: HitLimit,
    identifiers: Identifiers,
    scope: Scope<'_>,
) -> Result<Vec<SearchHit>, DbError> {
    let origin = cypher::GRAPH_SEARCH.path;
    let text = text.as_str();
    let is_identifier = IdNumber::parse(text).is_ok()
        || CreditCode::parse(text).is_ok()
        || Phone::parse(text).is_ok();
    if identifiers == Identifiers::Hidden && is_identifier {
        return Ok(Vec::new());
    }
    let limit = limit.get() as usize;
    let norm = normalize_name(text);
    let pinyin = to_pinyin(text);
    let mut rows = graph
        .execute_read(
            read_query(cypher::GRAPH_SEARCH.text)
                .param("id", text)
                .param(
                    "id_number",
                    opt(IdNumber::parse(text).ok().map(|v| v.as_str().to_string())),
                )
                .param(
                    "credit_code",
                    opt(CreditCode::parse(text).ok().map(|v| v.as_str().to_string())),
                )
                .param(
                    "phone",
                    opt(Phone::parse(text).ok().map(|v| v.as_str().to_string())),
                )
                .param("lucene", opt(lucene_query(text)))
                .param("candidates", SEARCH_CANDIDATES)
                .param("kinds", kinds_param())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let mut hits: HashMap<String, SearchHit> = HashMap::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        let id: String = row.get("id").unwrap_or_default();
        let matched: String = row.get("matched").unwrap_or_default();
        let (score, matched) = if matched == "fulltext" {
            let name_norm: Option<String> = row.get("name_norm").unwrap_or_default();
            let name_pinyin: Option<String> = row.get("pinyin").unwrap_or_default();
            let (score, field) = fuzzy_score(
                &norm,
                &pinyin,
                name_norm.as_deref().unwrap_or(""),
                name_pinyin.as_deref().unwrap_or(""),
            );
            if score < SEARCH_MIN_SCORE {
                continue;
            }
            (score, field.to_string())
        } else {
            (1.0, matched)
        };
        let score = (score * 1000.0).round() / 1000.0;
        if hits.get(&id).is_some_and(|h| h.score >= score) {
            continue;
        }
        let context: Vec<ContextItem> = row.get("context").unwrap_or_default();
        let kind: Option<String> = row.get("kind").unwrap_or_default();
        hits.insert(
            id.clone(),
            SearchHit {
                id,
                kind: kind.unwrap_or_else(|| "Entity".into()),
                name: row.get("name").unwrap_or_default(),
                score,
                matched,
                context: render_context(&context),
            },
        );
    }
    let mut hits: Vec<SearchHit> = hits.into_values().collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.chars().count().cmp(&b.name.chars().count()))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits.truncate(limit);
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lucene_special_characters_are_escaped() {
        let q = lucene_query("a+b (c) \"d\" e:f* g~ h\\ AND || !").unwrap();
        for raw in ["a+b", "(c)", "\"d\"", "e:f*", "g~", "h\\"] {
            assert!(!q.split(' ').any(|c| c == raw), "{raw} unescaped in {q}");
        }
        assert!(q.contains("a\\+b"), "{q}");
        assert!(q.contains("\\(c\\)"), "{q}");
        assert!(q.contains("e\\:f\\*"), "{q}");
        // Operators are lower-cased into plain words; lone punctuation is dropped.
        assert!(!q.contains("AND") && !q.contains(" || "), "{q}");
        assert_eq!(lucene_query("  !! "), None);
    }

    #[test]
    fn latin_terms_get_fuzzy_and_prefix_clauses() {
        let q = lucene_query("wangjianguu").unwrap();
        assert!(
            q.contains("wangjianguu~") && q.contains("wangjianguu*"),
            "{q}"
        );
        // Chinese: pairs of characters as phrases, and the pinyin exactly and as a prefix.
        let q = lucene_query("王建国").unwrap();
        assert_eq!(q, "\"王建\" \"建国\" wangjianguo wangjianguo*");
        let q = lucene_query("王").unwrap();
        assert_eq!(q, "王 wang wang*");
    }

    #[test]
    fn fuzzy_scores_rank_names_pinyin_and_typos() {
        assert_eq!(
            fuzzy_score("王建国", "wangjianguo", "王建国", "wangjianguo").0,
            1.0
        );
        let (s, f) = fuzzy_score("wangjianguu", "wangjianguu", "王建国", "wangjianguo");
        assert_eq!(f, "pinyin");
        assert!(s > 0.9, "{s}");
        let (s, _) = fuzzy_score("王建国", "wangjianguo", "王秀兰", "wangxiulan");
        assert!(s < SEARCH_MIN_SCORE, "{s}");
        let (s, _) = fuzzy_score(
            "红图",
            "hongtu",
            "青溪县红图广告有限公司",
            "qingxixianhongtuguanggaoyouxiangongsi",
        );
        assert!(s >= SEARCH_MIN_SCORE, "{s}");
    }

    #[test]
    fn search_text_is_trimmed_and_bounded() {
        assert_eq!(SearchText::parse("  王建国 ").unwrap().as_str(), "王建国");
        assert_eq!(SearchText::parse(" \t"), Err(SearchTextError::Empty));
        assert!(SearchText::parse(&"王".repeat(100)).is_ok());
        assert_eq!(
            SearchText::parse(&"王".repeat(101)),
            Err(SearchTextError::TooLong)
        );
        assert_eq!(HitLimit::new(0).get(), 1);
        assert_eq!(HitLimit::new(500).get(), 100);
        assert_eq!(HitLimit::default().get(), 20);
    }
}
