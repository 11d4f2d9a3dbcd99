//! The graph for investigators: ranked search over names, pinyin and identifiers, entity
//! pages, neighbourhoods to draw, and the shortest paths connecting two entities, each step
//! named in plain words in Chinese and English (`王建国 —外甥女→ 赵丽`).
//!
//! Every statement is a registered `.cypher` file; user text only ever reaches Neo4j as a
//! parameter (the Lucene query for the full-text index is built here from escaped terms).
//! Relationship types and labels come from the fixed lists in those files. ID numbers and
//! phones are returned under the keys `id_number` and `phone`, which the middleware masks for
//! viewers.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use neo4rs::{query, BoltType};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::AppState;
use crate::cypher;
use crate::domain::{
    fold_width, normalize_name, to_pinyin, CompanyRole, CreditCode, IdNumber, Phone,
};

/// The kinds of entity, in the order a node's kind is picked from its labels.
const KINDS: [&str; 6] = ["Person", "Company", "Org", "Contract", "Payment", "Tip"];
/// Node properties never shown.
const INTERNAL_PROPERTIES: [&str; 1] = ["row_hash"];
/// Full-text candidates fetched before ranking.
const SEARCH_CANDIDATES: i64 = 50;
/// Full-text candidates ranked below this are dropped (exact identifier hits score 1).
const SEARCH_MIN_SCORE: f64 = 0.7;
/// How long a path search may take.
const PATHS_TIMEOUT: Duration = Duration::from_secs(5);
/// At most this many paths are returned.
const MAX_PATHS: i64 = 5;

/// The routes of this module (merged under the authenticated `/api` router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/entities/{id}", get(entity))
        .route("/api/entities/{id}/neighborhood", get(neighborhood))
        .route("/api/paths", get(paths))
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(search, entity, neighborhood, paths),
    components(schemas(
        SearchHit,
        EntityPage,
        Provenance,
        IdentityLink,
        PositionLink,
        RoleLink,
        KinLink,
        TieLink,
        AlertRef,
        Neighborhood,
        NodeRef,
        GraphEdge,
        PathsResponse,
        GraphPath,
        PathStep
    ))
)]
pub struct GraphApi;

fn bad_query(rejection: QueryRejection) -> ApiError {
    ApiError::BadRequest(rejection.body_text())
}

fn null() -> BoltType {
    BoltType::Null(neo4rs::BoltNull)
}

fn opt(value: Option<String>) -> BoltType {
    value.map(BoltType::from).unwrap_or_else(null)
}

fn kinds_param() -> Vec<String> {
    KINDS.iter().map(|k| k.to_string()).collect()
}

/// A node's kind from its labels (`Person`, `Company`, `Org`, `Contract`, `Payment`, `Tip`).
fn kind_of(labels: &[String]) -> String {
    KINDS
        .iter()
        .find(|k| labels.iter().any(|l| l == *k))
        .unwrap_or(&"Entity")
        .to_string()
}

fn required(value: &Option<String>, name: &str) -> Result<String, ApiError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .ok_or_else(|| ApiError::BadRequest(format!("the query parameter {name} is required")))
}

// ---------------------------------------------------------------------------------------
// Search

/// Query of `GET /api/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What to look for: a name (Chinese or pinyin, typos tolerated), an entity id, an ID
    /// number, a credit code or a phone number.
    pub q: Option<String>,
    /// Most hits returned (1–100, default 20).
    pub limit: Option<u32>,
}

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

fn role_zh(role: &str) -> String {
    CompanyRole::parse(role)
        .map(|r| r.zh().to_string())
        .unwrap_or_else(|_| role.to_string())
}

fn role_en(role: &str) -> String {
    match CompanyRole::parse(role) {
        Ok(CompanyRole::LegalRep) => "legal representative".into(),
        Ok(r) => r.as_str().into(),
        Err(_) => role.to_string(),
    }
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

/// Ranked fuzzy search over names (Chinese, pinyin, typos), ids, ID numbers, credit codes and
/// phones. Exact identifier hits come first (score 1), then names ranked by Jaro-Winkler
/// similarity over the normalised name and the pinyin.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "graph",
    params(SearchQuery),
    responses(
        (status = 200, description = "Hits, best first", body = [SearchHit]),
        (status = 400, description = "q is missing or too long"),
        (status = 401, description = "No valid bearer token"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let text = required(&q.q, "q")?;
    if text.chars().count() > 100 {
        return Err(ApiError::BadRequest(
            "q is longer than 100 characters".into(),
        ));
    }
    let limit = q.limit.unwrap_or(20).clamp(1, 100) as usize;
    let norm = normalize_name(&text);
    let pinyin = to_pinyin(&text);
    let mut rows = state
        .graph
        .execute(
            query(cypher::GRAPH_SEARCH.text)
                .param("id", text.as_str())
                .param(
                    "id_number",
                    opt(IdNumber::parse(&text).ok().map(|v| v.as_str().to_string())),
                )
                .param(
                    "credit_code",
                    opt(CreditCode::parse(&text)
                        .ok()
                        .map(|v| v.as_str().to_string())),
                )
                .param(
                    "phone",
                    opt(Phone::parse(&text).ok().map(|v| v.as_str().to_string())),
                )
                .param("lucene", opt(lucene_query(&text)))
                .param("candidates", SEARCH_CANDIDATES)
                .param("kinds", kinds_param()),
        )
        .await?;
    let mut hits: HashMap<String, SearchHit> = HashMap::new();
    while let Some(row) = rows.next().await? {
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
    Ok(Json(hits))
}

// ---------------------------------------------------------------------------------------
// Entity page

/// Where a record came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Provenance {
    /// Source file of the row.
    pub source_file: Option<String>,
    /// Its line.
    pub source_line: Option<i64>,
    /// The load run that last wrote it.
    pub load_run: Option<String>,
    /// When (RFC 3339).
    pub loaded_at: Option<String>,
    /// The load run that first wrote it.
    pub first_load_run: Option<String>,
}

/// An identity link to another record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityLink {
    /// `SAME_AS` (certain) or `POSSIBLY_SAME_AS` (a candidate for review).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the two records are certainly the same.
    pub certain: bool,
    /// The other record's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Why certain (`id_number`, `name_birth_date`, `credit_code`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Similarity score of a candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Why a candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Review status of a candidate (`pending`, `confirmed`, `rejected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SameAsRow {
    id: String,
    name: Option<String>,
    basis: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PossiblyRow {
    id: String,
    name: Option<String>,
    score: Option<f64>,
    reason: Option<String>,
    status: Option<String>,
}

/// A post held (by the person, or in the org, whose page this is).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PositionLink {
    /// The person.
    pub person_id: String,
    /// Their name.
    pub person_name: Option<String>,
    /// The org.
    pub org_id: String,
    /// Its name.
    pub org_name: Option<String>,
    /// The post (村党总支书记).
    pub title: Option<String>,
    /// From (YYYY-MM-DD).
    pub start_date: Option<String>,
    /// Until; none while held.
    pub end_date: Option<String>,
}

/// A role in a company: the companies this entity stands in (`direction: in`), or the people
/// and companies standing in this company (`direction: of`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleLink {
    /// `in`: this entity holds the role in `id`; `of`: `id` holds the role in this company.
    pub direction: String,
    /// The other entity.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Canonical role (`legal_rep`, `shareholder` ...).
    pub role: String,
    /// In Chinese (法定代表人, 股东 ...).
    pub role_zh: String,
    /// In English.
    pub role_en: String,
    /// Share in percent, for shareholders.
    pub share_pct: Option<f64>,
    /// From.
    pub start_date: Option<String>,
    /// Until.
    pub end_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    direction: String,
    id: String,
    name: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    role: Option<String>,
    share_pct: Option<f64>,
    start_date: Option<String>,
    end_date: Option<String>,
}

/// Derived kin within the recusal scope (written by scans).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KinLink {
    /// `relative`: `id` is this official's relative, named by the terms; `official`: this
    /// person is the relative of official `id`, named by the terms.
    pub direction: String,
    /// The other person.
    pub id: String,
    /// Their name.
    pub name: Option<String>,
    /// The relative's relation to the official (外甥女).
    pub term_zh: Option<String>,
    /// In English (niece).
    pub term_en: Option<String>,
    /// The canonical chain (U parent, D child, S spouse, B sibling).
    pub chain: Option<String>,
    /// The person records along the chain.
    #[serde(default)]
    pub path: Option<Vec<String>>,
}

/// A primitive family tie, named from this person's side: `id` is this person's `relation_zh`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TieLink {
    /// `PARENT_OF`, `SPOUSE_OF` or `SIBLING_OF`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The other person.
    pub id: String,
    /// Their name.
    pub name: Option<String>,
    /// What they are to this person (父亲, 女儿, 妻子, 妹妹 ...).
    pub relation_zh: String,
    /// In English.
    pub relation_en: String,
    /// Source file of the tie.
    pub source_file: Option<String>,
    /// Its line.
    pub source_line: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct TieRow {
    #[serde(rename = "type")]
    kind: String,
    outgoing: bool,
    id: String,
    name: Option<String>,
    gender: Option<String>,
    older_id: Option<String>,
    source_file: Option<String>,
    source_line: Option<i64>,
}

/// An alert concerning the entity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertRef {
    /// Alert id.
    pub id: String,
    /// Pattern id.
    pub pattern: Option<String>,
    /// `high`, `medium` or `low`.
    pub severity: Option<String>,
    /// Triage status.
    pub status: Option<String>,
    /// Summary in Chinese.
    pub summary_zh: Option<String>,
    /// Summary in English.
    pub summary_en: Option<String>,
}

/// `GET /api/entities/{id}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityPage {
    /// Entity id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// All its labels (`Official` for people holding a post).
    pub labels: Vec<String>,
    /// Name (a contract's title).
    pub name: String,
    /// Every property but internal ones; `id_number` and `phone` are masked for viewers.
    #[schema(value_type = Object)]
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Where the record came from.
    pub provenance: Provenance,
    /// Identity links to other records.
    pub identity: Vec<IdentityLink>,
    /// Posts held by this person, or in this org.
    pub positions: Vec<PositionLink>,
    /// Company roles, both directions.
    pub company_roles: Vec<RoleLink>,
    /// Derived kin, both directions.
    pub kin: Vec<KinLink>,
    /// Primitive family ties, named in plain words.
    pub ties: Vec<TieLink>,
    /// Alerts concerning the entity.
    pub alerts: Vec<AlertRef>,
}

fn is_female(gender: Option<&str>) -> Option<bool> {
    match gender {
        Some("female") => Some(true),
        Some("male") => Some(false),
        _ => None,
    }
}

/// What `other` is to someone through a primitive tie: `other_is` is `parent`, `child`,
/// `spouse` or `sibling`; gender and (for siblings) age pick the word.
fn tie_words(
    other_is: &str,
    gender: Option<&str>,
    other_is_older: Option<bool>,
) -> (&'static str, &'static str) {
    let female = is_female(gender);
    match (other_is, female, other_is_older) {
        ("parent", Some(false), _) => ("父亲", "father"),
        ("parent", Some(true), _) => ("母亲", "mother"),
        ("parent", None, _) => ("父母", "parent"),
        ("child", Some(false), _) => ("儿子", "son"),
        ("child", Some(true), _) => ("女儿", "daughter"),
        ("child", None, _) => ("子女", "child"),
        ("spouse", Some(false), _) => ("丈夫", "husband"),
        ("spouse", Some(true), _) => ("妻子", "wife"),
        ("spouse", None, _) => ("配偶", "spouse"),
        ("sibling", Some(false), Some(true)) => ("哥哥", "elder brother"),
        ("sibling", Some(false), Some(false)) => ("弟弟", "younger brother"),
        ("sibling", Some(true), Some(true)) => ("姐姐", "elder sister"),
        ("sibling", Some(true), Some(false)) => ("妹妹", "younger sister"),
        ("sibling", Some(false), None) => ("兄弟", "brother"),
        ("sibling", Some(true), None) => ("姐妹", "sister"),
        _ => ("兄弟姐妹", "sibling"),
    }
}

/// What the far end of a tie is to the near end: `outgoing` when the near end is the tie's
/// start (a parent's PARENT_OF leads to a child).
fn tie_relation(tie_type: &str, outgoing: bool) -> &'static str {
    match (tie_type, outgoing) {
        ("PARENT_OF", true) => "child",
        ("PARENT_OF", false) => "parent",
        ("SPOUSE_OF", _) => "spouse",
        _ => "sibling",
    }
}

fn older(older_id: Option<&str>, other: &str, this: &str) -> Option<bool> {
    match older_id {
        Some(o) if o == other => Some(true),
        Some(o) if o == this => Some(false),
        _ => None,
    }
}

/// An entity's page: its properties, provenance, identity links, posts, company roles, kin,
/// family ties and the alerts concerning it.
#[utoipa::path(
    get,
    path = "/api/entities/{id}",
    tag = "graph",
    params(("id" = String, Path, description = "Entity id, e.g. p-wang-jianguo")),
    responses(
        (status = 200, description = "The entity", body = EntityPage),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "No such entity"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EntityPage>, ApiError> {
    let mut rows = state
        .graph
        .execute(query(cypher::GRAPH_ENTITY.text).param("id", id.as_str()))
        .await?;
    let row = rows
        .next()
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no entity {id}")))?;
    let labels: Vec<String> = row.get("labels").unwrap_or_default();
    let props: serde_json::Value = row
        .get("props")
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("entity properties: {e}")))?;
    let mut properties = match props {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    for key in INTERNAL_PROPERTIES {
        properties.remove(key);
    }
    let provenance: Provenance =
        serde_json::from_value(serde_json::Value::Object(properties.clone())).unwrap_or_default();

    let mut identity: Vec<IdentityLink> = row
        .get::<Vec<SameAsRow>>("same_as")
        .unwrap_or_default()
        .into_iter()
        .map(|r| IdentityLink {
            kind: "SAME_AS".into(),
            certain: true,
            id: r.id,
            name: r.name,
            basis: r.basis,
            score: None,
            reason: None,
            status: None,
        })
        .collect();
    identity.extend(
        row.get::<Vec<PossiblyRow>>("possibly_same_as")
            .unwrap_or_default()
            .into_iter()
            .map(|r| IdentityLink {
                kind: "POSSIBLY_SAME_AS".into(),
                certain: false,
                id: r.id,
                name: r.name,
                basis: None,
                score: r.score,
                reason: r.reason,
                status: r.status,
            }),
    );
    let company_roles = row
        .get::<Vec<RoleRow>>("roles")
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let role = r.role.unwrap_or_default();
            RoleLink {
                direction: r.direction,
                id: r.id,
                name: r.name,
                kind: kind_of(&r.labels),
                role_zh: role_zh(&role),
                role_en: role_en(&role),
                role,
                share_pct: r.share_pct,
                start_date: r.start_date,
                end_date: r.end_date,
            }
        })
        .collect();
    let ties = row
        .get::<Vec<TieRow>>("ties")
        .unwrap_or_default()
        .into_iter()
        .map(|t| {
            let relation = tie_relation(&t.kind, t.outgoing);
            let (zh, en) = tie_words(
                relation,
                t.gender.as_deref(),
                older(t.older_id.as_deref(), &t.id, &id),
            );
            TieLink {
                kind: t.kind,
                id: t.id,
                name: t.name,
                relation_zh: zh.into(),
                relation_en: en.into(),
                source_file: t.source_file,
                source_line: t.source_line,
            }
        })
        .collect();
    Ok(Json(EntityPage {
        id: row.get("id").unwrap_or_default(),
        kind: kind_of(&labels),
        labels,
        name: row.get("name").unwrap_or_default(),
        properties,
        provenance,
        identity,
        positions: row.get("positions").unwrap_or_default(),
        company_roles,
        kin: row.get("kin").unwrap_or_default(),
        ties,
        alerts: row.get("alerts").unwrap_or_default(),
    }))
}

// ---------------------------------------------------------------------------------------
// Neighbourhood

/// Query of `GET /api/entities/{id}/neighborhood`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeighborhoodQuery {
    /// Hops from the entity (1–3, default 1).
    pub depth: Option<u32>,
    /// Most nodes (1–500, default 100), nearest first.
    pub limit: Option<u32>,
}

/// A node to draw.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeRef {
    /// Entity id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Name (a contract's title).
    pub name: String,
}

/// A relationship to draw, named in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GraphEdge {
    /// Relationship id (stable within a database).
    pub id: String,
    /// Start node id.
    pub source: String,
    /// End node id.
    pub target: String,
    /// Relationship type (`ROLE_IN`, `KIN`, `SAME_AS` ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Plain Chinese words: the role (法定代表人), the kin term (外甥女: the target is the
    /// source's niece), 父母/子女/配偶/兄弟姐妹 (what the target is to the source), the post
    /// title, 中标, 采购方, 付款, 收款 ...
    pub label: String,
    /// The same in English.
    pub label_en: String,
    /// False only for a possible identity (POSSIBLY_SAME_AS), drawn dashed.
    pub certain: bool,
    /// Derived by a scan (KIN) rather than loaded.
    pub derived: bool,
}

/// `GET /api/entities/{id}/neighborhood`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Neighborhood {
    /// The entity at the centre.
    pub center: String,
    /// Hops drawn.
    pub depth: u32,
    /// Nodes, the centre first, nearest first.
    pub nodes: Vec<NodeRef>,
    /// Relationships among the nodes.
    pub edges: Vec<GraphEdge>,
    /// Whether nodes were left out to keep within the limit.
    pub truncated: bool,
}

/// A relationship as read for drawing or for a path.
#[derive(Debug, Clone, Deserialize)]
struct RelRow {
    #[serde(default)]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    source: String,
    target: String,
    role: Option<String>,
    term_zh: Option<String>,
    term_en: Option<String>,
    title: Option<String>,
    basis: Option<String>,
    older_id: Option<String>,
}

/// A node as read for drawing or for a path.
#[derive(Debug, Clone, Deserialize)]
struct NodeRow {
    id: String,
    #[serde(default)]
    labels: Vec<String>,
    name: Option<String>,
    gender: Option<String>,
}

impl NodeRow {
    fn node_ref(&self) -> NodeRef {
        NodeRef {
            id: self.id.clone(),
            kind: kind_of(&self.labels),
            name: self.name.clone().unwrap_or_else(|| self.id.clone()),
        }
    }

    /// The name in running text: contracts in 《》.
    fn display(&self) -> String {
        let name = self.name.clone().unwrap_or_else(|| self.id.clone());
        if self.labels.iter().any(|l| l == "Contract") {
            format!("《{name}》")
        } else {
            name
        }
    }
}

/// Plain words for a relationship walked from `from` to `to`: `forward` when the walk goes
/// the way the relationship points. Read `A —X→ B` as "B is A's X" for family (外甥女,
/// 父亲), as "A is X of B" for roles and posts (法定代表人), and as the event otherwise
/// (中标, 付款, 收款).
fn step_words(rel: &RelRow, forward: bool, from: &NodeRow, to: &NodeRow) -> (String, String) {
    let s = |zh: &str, en: &str| (zh.to_string(), en.to_string());
    match (rel.kind.as_str(), forward) {
        ("KIN", true) => (
            rel.term_zh.clone().unwrap_or_else(|| "亲属".into()),
            rel.term_en.clone().unwrap_or_else(|| "relative".into()),
        ),
        ("KIN", false) => (
            format!("是其{}", rel.term_zh.as_deref().unwrap_or("亲属")),
            format!("is {} of", rel.term_en.as_deref().unwrap_or("a relative")),
        ),
        ("PARENT_OF" | "SPOUSE_OF" | "SIBLING_OF", _) => {
            let relation = tie_relation(&rel.kind, forward);
            let (zh, en) = tie_words(
                relation,
                to.gender.as_deref(),
                older(rel.older_id.as_deref(), &to.id, &from.id),
            );
            s(zh, en)
        }
        ("ROLE_IN", true) => {
            let role = rel.role.as_deref().unwrap_or("");
            (role_zh(role), format!("{} of", role_en(role)))
        }
        ("ROLE_IN", false) => {
            let role = rel.role.as_deref().unwrap_or("");
            (role_zh(role), format!("has {}", role_en(role)))
        }
        ("HOLDS_POST", true) => {
            let title = rel.title.clone().unwrap_or_else(|| "任职".into());
            (title.clone(), format!("holds post {title} at"))
        }
        ("HOLDS_POST", false) => {
            let title = rel.title.clone().unwrap_or_else(|| "任职".into());
            (title.clone(), format!("has {title}"))
        }
        ("SAME_AS", _) => match rel.basis.as_deref() {
            Some("id_number") => s("同一人（身份证号相同）", "same person as (same ID number)"),
            Some("name_birth_date") => s(
                "同一人（姓名和出生日期相同）",
                "same person as (same name and birth date)",
            ),
            Some("credit_code") => s(
                "同一企业（统一社会信用代码相同）",
                "same company as (same credit code)",
            ),
            _ => s("同一人", "same as"),
        },
        ("POSSIBLY_SAME_AS", _) => s("疑似同一人", "possibly the same person as"),
        ("AWARDED_TO", true) => s("中标方", "awarded to"),
        ("AWARDED_TO", false) => s("中标", "won"),
        ("AWARDED_BY", true) => s("采购方", "bought by"),
        ("AWARDED_BY", false) => s("采购", "bought"),
        ("APPROVED_BY", true) => s("审批人", "approved by"),
        ("APPROVED_BY", false) => s("审批", "approved"),
        ("BID_ON", true) => s("投标", "bid on"),
        ("BID_ON", false) => s("投标人", "bid by"),
        ("PAID", true) => s("付款", "paid"),
        ("PAID", false) => s("付款方", "paid by"),
        ("PAID_TO", true) => s("收款方", "paid to"),
        ("PAID_TO", false) => s("收款", "received"),
        ("HANDLED_BY", true) => s("经办人", "handled by"),
        ("HANDLED_BY", false) => s("经办", "handled"),
        ("SETTLES", true) => s("结算", "settles"),
        ("SETTLES", false) => s("结算款", "settled by"),
        ("PART_OF", true) => s("隶属", "part of"),
        ("PART_OF", false) => s("下辖", "includes"),
        ("OWNED_BY", true) => s("集体所有", "owned by"),
        ("OWNED_BY", false) => s("所办企业", "owns"),
        ("NAMES", true) => s("举报", "names"),
        ("NAMES", false) => s("被举报", "named in"),
        (other, _) => (other.to_string(), other.to_lowercase()),
    }
}

/// The label of a relationship drawn as stored (source → target).
fn edge_label(rel: &RelRow, source: &NodeRow, target: &NodeRow) -> (String, String) {
    match rel.kind.as_str() {
        // Neutral words for drawn family ties: what the target is to the source.
        "PARENT_OF" => ("子女".into(), "child".into()),
        "SPOUSE_OF" => ("配偶".into(), "spouse".into()),
        "SIBLING_OF" => ("兄弟姐妹".into(), "sibling".into()),
        "AWARDED_TO" => ("中标".into(), "awarded to".into()),
        "PAID" => ("付款".into(), "paid".into()),
        "PAID_TO" => ("收款".into(), "paid to".into()),
        _ => step_words(rel, true, source, target),
    }
}

async fn existing_ids(state: &AppState, ids: &[&str]) -> Result<HashSet<String>, ApiError> {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    let mut rows = state
        .graph
        .execute(query(cypher::GRAPH_ENTITIES_EXIST.text).param("ids", ids))
        .await?;
    let mut found = HashSet::new();
    while let Some(row) = rows.next().await? {
        found.insert(row.get::<String>("id").unwrap_or_default());
    }
    Ok(found)
}

/// The subgraph around an entity, for drawing: nodes within `depth` hops (nearest first, at
/// most `limit`) and every relationship among them, labelled in plain words. Alerts, load
/// runs, tokens and audit entries are left out.
#[utoipa::path(
    get,
    path = "/api/entities/{id}/neighborhood",
    tag = "graph",
    params(
        ("id" = String, Path, description = "Entity id at the centre"),
        NeighborhoodQuery
    ),
    responses(
        (status = 200, description = "Nodes and edges", body = Neighborhood),
        (status = 400, description = "depth or limit is not a number"),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "No such entity"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn neighborhood(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<NeighborhoodQuery>, QueryRejection>,
) -> Result<Json<Neighborhood>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let depth = q.depth.unwrap_or(1).clamp(1, 3);
    let limit = q.limit.unwrap_or(100).clamp(1, 500) as usize;
    if existing_ids(&state, &[id.as_str()]).await?.is_empty() {
        return Err(ApiError::NotFound(format!("no entity {id}")));
    }
    let mut seen: Vec<String> = vec![id.clone()];
    let mut frontier: Vec<String> = vec![id.clone()];
    let mut truncated = false;
    for _ in 0..depth {
        if frontier.is_empty() {
            break;
        }
        if seen.len() >= limit {
            truncated = true;
            break;
        }
        let room = limit - seen.len();
        let mut rows = state
            .graph
            .execute(
                query(cypher::GRAPH_NEIGHBORHOOD.text)
                    .param("frontier", frontier.clone())
                    .param("seen", seen.clone())
                    // One more than there is room for, to know whether some were left out.
                    .param("cap", (room + 1) as i64),
            )
            .await?;
        let mut next = Vec::new();
        while let Some(row) = rows.next().await? {
            let node: String = row.get("id").unwrap_or_default();
            if next.len() < room {
                next.push(node);
            } else {
                truncated = true;
            }
        }
        next.sort();
        seen.extend(next.iter().cloned());
        frontier = next;
    }
    let mut rows = state
        .graph
        .execute(query(cypher::GRAPH_NEIGHBORHOOD_GRAPH.text).param("ids", seen.clone()))
        .await?;
    let mut nodes: HashMap<String, NodeRow> = HashMap::new();
    let mut rels: Vec<RelRow> = Vec::new();
    while let Some(row) = rows.next().await? {
        let node = NodeRow {
            id: row.get("id").unwrap_or_default(),
            labels: row.get("labels").unwrap_or_default(),
            name: row.get("name").unwrap_or_default(),
            gender: row.get("gender").unwrap_or_default(),
        };
        rels.extend(row.get::<Vec<RelRow>>("edges").unwrap_or_default());
        nodes.insert(node.id.clone(), node);
    }
    let mut edges: Vec<GraphEdge> = rels
        .into_iter()
        .filter_map(|rel| {
            let source = nodes.get(&rel.source)?;
            let target = nodes.get(&rel.target)?;
            let (label, label_en) = edge_label(&rel, source, target);
            Some(GraphEdge {
                id: rel.id.clone().unwrap_or_default(),
                source: rel.source.clone(),
                target: rel.target.clone(),
                certain: rel.kind != "POSSIBLY_SAME_AS",
                derived: rel.kind == "KIN",
                kind: rel.kind,
                label,
                label_en,
            })
        })
        .collect();
    edges.sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
    let nodes = seen
        .iter()
        .filter_map(|id| nodes.get(id).map(NodeRow::node_ref))
        .collect();
    Ok(Json(Neighborhood {
        center: id,
        depth,
        nodes,
        edges,
        truncated,
    }))
}

// ---------------------------------------------------------------------------------------
// Paths

/// Query of `GET /api/paths`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathsQuery {
    /// Entity id where the paths start.
    pub from: Option<String>,
    /// Entity id where they end.
    pub to: Option<String>,
    /// Longest path searched, in hops (1–8, default 6).
    pub max_hops: Option<u32>,
}

/// One step of a path, in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathStep {
    /// Entity id the step leaves.
    pub from: String,
    /// Entity id it reaches.
    pub to: String,
    /// Relationship type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the step goes the way the relationship points.
    pub forward: bool,
    /// In Chinese (外甥女, 法定代表人, 中标 ...).
    pub label_zh: String,
    /// In English.
    pub label_en: String,
}

/// One connecting path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GraphPath {
    /// Number of relationships.
    pub length: usize,
    /// The entities along it, in order.
    pub nodes: Vec<NodeRef>,
    /// Its steps.
    pub steps: Vec<PathStep>,
    /// `王建国 —外甥女→ 赵丽 —法定代表人→ 青溪县红图广告有限公司`.
    pub text_zh: String,
    /// The same with English words.
    pub text_en: String,
}

/// `GET /api/paths`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathsResponse {
    /// Start.
    pub from: String,
    /// End.
    pub to: String,
    /// Longest path searched.
    pub max_hops: u32,
    /// The shortest paths (at most 5); empty if none within `max_hops`.
    pub paths: Vec<GraphPath>,
    /// Why there are no paths, when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn build_path(nodes: Vec<NodeRow>, rels: Vec<RelRow>) -> Option<GraphPath> {
    if nodes.len() != rels.len() + 1 {
        return None;
    }
    let mut steps = Vec::with_capacity(rels.len());
    let mut text_zh = nodes[0].display();
    let mut text_en = nodes[0].display();
    for (i, rel) in rels.iter().enumerate() {
        let (from, to) = (&nodes[i], &nodes[i + 1]);
        let forward = rel.source == from.id;
        let (label_zh, label_en) = step_words(rel, forward, from, to);
        text_zh.push_str(&format!(" —{label_zh}→ {}", to.display()));
        text_en.push_str(&format!(" —{label_en}→ {}", to.display()));
        steps.push(PathStep {
            from: from.id.clone(),
            to: to.id.clone(),
            kind: rel.kind.clone(),
            forward,
            label_zh,
            label_en,
        });
    }
    Some(GraphPath {
        length: rels.len(),
        nodes: nodes.iter().map(NodeRow::node_ref).collect(),
        steps,
        text_zh,
        text_en,
    })
}

/// How telling a relationship is in a path between an official and a company: family and
/// identity first, then roles and posts, then transactions (lower is more telling).
fn step_weight(kind: &str) -> u32 {
    match kind {
        "KIN" => 0,
        "PARENT_OF" | "SPOUSE_OF" | "SIBLING_OF" | "SAME_AS" => 1,
        "ROLE_IN" | "HOLDS_POST" => 2,
        "POSSIBLY_SAME_AS" | "OWNED_BY" | "PART_OF" => 3,
        _ => 4,
    }
}

/// Keeps one path per sequence of entities (the most telling of parallel relationships, a
/// contract both bid on and won), most telling first, at most [`MAX_PATHS`].
fn pick_paths(paths: Vec<GraphPath>) -> Vec<GraphPath> {
    let weight = |p: &GraphPath| -> u32 { p.steps.iter().map(|s| step_weight(&s.kind)).sum() };
    let mut paths = paths;
    paths.sort_by(|a, b| {
        a.length
            .cmp(&b.length)
            .then_with(|| weight(a).cmp(&weight(b)))
            .then_with(|| a.text_zh.cmp(&b.text_zh))
    });
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    paths
        .into_iter()
        .filter(|p| seen.insert(p.nodes.iter().map(|n| n.id.clone()).collect()))
        .take(MAX_PATHS as usize)
        .collect()
}

/// The shortest paths connecting two entities (at most 5, within `max_hops`), each step
/// named in plain words in Chinese and English, kin terms included. The search is bounded in
/// time: past a few seconds the answer is empty with a note.
#[utoipa::path(
    get,
    path = "/api/paths",
    tag = "graph",
    params(PathsQuery),
    responses(
        (status = 200, description = "The shortest paths, possibly none (with a note)", body = PathsResponse),
        (status = 400, description = "from or to missing, or the same"),
        (status = 401, description = "No valid bearer token"),
        (status = 404, description = "An id names no entity"),
        (status = 503, description = "Neo4j unavailable")
    )
)]
pub async fn paths(
    State(state): State<AppState>,
    q: Result<Query<PathsQuery>, QueryRejection>,
) -> Result<Json<PathsResponse>, ApiError> {
    let Query(q) = q.map_err(bad_query)?;
    let from = required(&q.from, "from")?;
    let to = required(&q.to, "to")?;
    let max_hops = q.max_hops.unwrap_or(6).clamp(1, 8);
    if from == to {
        return Err(ApiError::BadRequest(
            "from and to are the same entity".into(),
        ));
    }
    // The bound of a variable-length pattern cannot be a parameter: the file's `*..8` is
    // replaced by the clamped number (an integer from 1 to 8, never user text).
    let text = cypher::GRAPH_PATHS
        .text
        .replace("*..8]", &format!("*..{max_hops}]"));
    // More shortest paths are read than returned, so that the telling ones (kin, roles) can
    // be chosen over the many alike (one per contract).
    let candidates = MAX_PATHS * 20;
    let search = async {
        let mut rows = state
            .graph
            .execute(
                query(&text)
                    .param("from", from.as_str())
                    .param("to", to.as_str())
                    .param("limit", candidates),
            )
            .await?;
        let mut found = Vec::new();
        while let Some(row) = rows.next().await? {
            let nodes: Vec<NodeRow> = row.get("nodes").unwrap_or_default();
            let rels: Vec<RelRow> = row.get("rels").unwrap_or_default();
            found.extend(build_path(nodes, rels));
        }
        Ok::<_, neo4rs::Error>(found)
    };
    let (found, note) = match tokio::time::timeout(PATHS_TIMEOUT, search).await {
        Ok(result) => {
            let found = result?;
            let note = found
                .is_empty()
                .then(|| format!("no path of at most {max_hops} steps connects {from} and {to}"));
            (found, note)
        }
        Err(_) => (
            Vec::new(),
            Some(format!(
                "the path search took longer than {} seconds and was stopped; try fewer max_hops",
                PATHS_TIMEOUT.as_secs()
            )),
        ),
    };
    // A path proves both ends exist; only an empty answer costs the round trip that tells a
    // missing entity (404) from unconnected ones.
    if found.is_empty() {
        let known = existing_ids(&state, &[from.as_str(), to.as_str()]).await?;
        let unknown: Vec<&str> = [from.as_str(), to.as_str()]
            .into_iter()
            .filter(|id| !known.contains(*id))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::NotFound(format!(
                "no entity {}",
                unknown.join(", ")
            )));
        }
    }
    let found = pick_paths(found);
    Ok(Json(PathsResponse {
        from,
        to,
        max_hops,
        paths: found,
        note,
    }))
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
    fn family_words_follow_gender_and_age() {
        assert_eq!(tie_words("child", Some("female"), None).0, "女儿");
        assert_eq!(tie_words("parent", Some("male"), None).0, "父亲");
        assert_eq!(tie_words("sibling", Some("female"), Some(false)).0, "妹妹");
        assert_eq!(tie_words("sibling", None, None).0, "兄弟姐妹");
        assert_eq!(tie_relation("PARENT_OF", false), "parent");
    }

    #[test]
    fn company_roles_in_words() {
        assert_eq!(role_zh("legal_rep"), "法定代表人");
        assert_eq!(role_zh("shareholder"), "股东");
        assert_eq!(role_en("legal_rep"), "legal representative");
    }

    #[test]
    fn the_openapi_document_lists_the_paths() {
        use utoipa::OpenApi;
        let doc = GraphApi::openapi();
        for path in [
            "/api/search",
            "/api/entities/{id}",
            "/api/entities/{id}/neighborhood",
            "/api/paths",
        ] {
            assert!(doc.paths.paths.contains_key(path), "{path}");
        }
    }
}
