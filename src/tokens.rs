//! API tokens and their lifecycle: `guanxi token create|list|revoke|rotate` and the admin
//! routes under `/api/tokens` call these functions. A token has a generated id, a unique name
//! (a taken name is refused: replacing someone's token is an explicit [`rotate`]), a [`Role`],
//! an optional region scope (org ids: see [`crate::scope`]), an optional expiry, and who
//! created it when. Only its SHA-256 hash is stored; the secret
//! is shown once. Every change is described by a [`TokenChange`] for the audit log.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use neo4rs::{query, BoltNull, BoltType, Graph, Row};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::AuditEntry;
use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::Role;

/// What went wrong managing tokens.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The name belongs to a token already (revoked ones included).
    #[error("a token named {0:?} exists already; pick another name, or rotate that token")]
    NameTaken(String),
    /// No token has this id or name.
    #[error("no token with id or name {0:?}")]
    Unknown(String),
    /// The token is revoked: it cannot be revoked again or rotated.
    #[error("the token {0:?} is revoked")]
    Revoked(String),
    /// The name is empty or unusable.
    #[error("bad token name: {0}")]
    BadName(String),
    /// The expiry is neither a date nor a duration, or lies in the past.
    #[error(
        "bad expiry {0:?}: give a future date (YYYY-MM-DD) or a duration such as 90d, 12h or 4w"
    )]
    BadExpiry(String),
    /// The scope names ids that are no org (or names none).
    #[error("bad scope: {0}")]
    BadScope(String),
}

/// A token as listed: never its secret or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// Generated id.
    pub id: String,
    /// Unique name (who holds it).
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The org ids it is bound to (it sees their region scopes); none: everything.
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    /// When it stops working (RFC 3339), if ever.
    pub expires_at: Option<String>,
    /// When it was created (RFC 3339; absent for tokens of early builds).
    pub created_at: Option<String>,
    /// Who created it (`cli:<user>` or an admin token's name).
    pub created_by: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// Who revoked it.
    pub revoked_by: Option<String>,
}

/// A token just made (created or rotated): the secret is shown this once.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The token's record.
    pub info: TokenInfo,
    /// The secret to present as `Authorization: Bearer ...`.
    pub secret: String,
}

/// The holder behind a presented token (valid: neither revoked nor expired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The token's name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The org ids it is bound to; `None` sees everything.
    pub scope: Option<Vec<String>>,
    /// When it expires, if ever (a cache must not trust it beyond this).
    pub expires_at: Option<DateTime<Utc>>,
}

crate::word_enum! {
    /// What happened to a token.
    pub enum TokenAction {
        /// A token was created.
        Create = "create",
        /// A token got a new secret.
        Rotate = "rotate",
        /// A token was revoked.
        Revoke = "revoke",
    }
}

/// What an audit entry records about a token change: which token, its role, scope and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenChange {
    /// What happened.
    pub action: TokenAction,
    /// The token's id.
    pub id: String,
    /// The token's name.
    pub name: String,
    /// The token's role.
    pub role: Role,
    /// The token's scope (org ids), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
    /// The token's expiry, if any.
    pub expires_at: Option<String>,
}

impl TokenChange {
    /// The change `action` made to the token `info`.
    pub fn new(action: TokenAction, info: &TokenInfo) -> Self {
        Self {
            action,
            id: info.id.clone(),
            name: info.name.clone(),
            role: info.role,
            scope: info.scope.clone(),
            expires_at: info.expires_at.clone(),
        }
    }

    /// The audit entry of this change made by `actor` (with `actor_role`) through `via`
    /// (`API` or `CLI`), answered with `status`.
    pub fn audit_entry(&self, actor: &str, actor_role: &str, via: &str, status: i64) -> AuditEntry {
        AuditEntry {
            at: Utc::now().to_rfc3339(),
            token: actor.to_string(),
            role: actor_role.to_string(),
            method: via.to_string(),
            route: format!("token {}", self.action),
            path: format!("token {} {}", self.action, self.name),
            entity_ids: Vec::new(),
            status,
            token_change: Some(Box::new(self.clone())),
            search: None,
            client: None,
        }
    }
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random secret.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("gx_{}", hex::encode(bytes))
}

/// The trimmed name, if usable: not empty, at most 100 characters, no control characters.
pub fn parse_name(name: &str) -> Result<&str, TokenError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(TokenError::BadName("the name is empty".into()));
    }
    if name.chars().count() > 100 {
        return Err(TokenError::BadName("longer than 100 characters".into()));
    }
    if name.chars().any(char::is_control) {
        return Err(TokenError::BadName("control characters".into()));
    }
    Ok(name)
}

/// An expiry as given by a person: a date `YYYY-MM-DD` (the token works through that day,
/// UTC) or a duration from `now` (`90d`, `12h`, `4w`). Refused if it is not after `now`.
pub fn parse_expiry(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, TokenError> {
    let bad = || TokenError::BadExpiry(text.to_string());
    let text_t = text.trim();
    let at = if let Ok(day) = NaiveDate::parse_from_str(text_t, "%Y-%m-%d") {
        day.succ_opt()
            .and_then(|next| next.and_hms_opt(0, 0, 0))
            .ok_or_else(bad)?
            .and_utc()
    } else {
        let split = text_t.len().checked_sub(1).ok_or_else(bad)?;
        let (number, unit) = text_t.split_at(split);
        let n: i64 = number.parse().map_err(|_| bad())?;
        let length = match unit {
            "h" => Duration::try_hours(n),
            "d" => Duration::try_days(n),
            "w" => Duration::try_weeks(n),
            _ => None,
        }
        .ok_or_else(bad)?;
        now.checked_add_signed(length).ok_or_else(bad)?
    };
    if at <= now {
        return Err(bad());
    }
    Ok(at)
}

/// Formats stored epoch milliseconds as RFC 3339.
fn from_millis(ms: Option<i64>) -> Option<String> {
    ms.and_then(DateTime::from_timestamp_millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// A [`TokenInfo`] from a row of the token queries (their columns are the same).
fn info_from(row: &Row) -> TokenInfo {
    let role: String = row.get("role").unwrap_or_default();
    TokenInfo {
        id: row.get("id").unwrap_or_default(),
        name: row.get("name").unwrap_or_default(),
        // A stored role is one guanxi wrote; an unknown one is given no more than viewer.
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        scope: row.get::<Vec<String>>("scope").ok(),
        expires_at: from_millis(row.get("expires_ms").ok()),
        created_at: from_millis(row.get("created_ms").ok()),
        created_by: row.get("created_by").ok(),
        revoked_at: from_millis(row.get("revoked_ms").ok()),
        revoked_by: row.get("revoked_by").ok(),
    }
}

/// Creates an unscoped token called `name` (refused if the name is taken) and returns it with
/// its secret, which is never shown again. `by` is who creates it.
pub async fn create(
    graph: &Graph,
    name: &str,
    role: Role,
    expires_at: Option<DateTime<Utc>>,
    by: &str,
) -> Result<Issued, TokenError> {
    create_scoped(graph, name, role, None, expires_at, by).await
}

/// The org ids of a scope as given (trimmed, without repeats, in order), refused if it names
/// none or an id that is no org in the graph.
pub async fn parse_scope(graph: &Graph, given: &[String]) -> Result<Vec<String>, TokenError> {
    let mut orgs: Vec<String> = Vec::new();
    for id in given.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
        if !orgs.iter().any(|o| o == id) {
            orgs.push(id.to_string());
        }
    }
    if orgs.is_empty() {
        return Err(TokenError::BadScope(
            "a scope names at least one org id".into(),
        ));
    }
    let unknown = crate::scope::unknown_orgs(graph, &orgs).await?;
    if !unknown.is_empty() {
        return Err(TokenError::BadScope(format!(
            "no org with id {} (a scope names org ids, e.g. o-dongshan)",
            unknown.join(", ")
        )));
    }
    Ok(orgs)
}

/// [`create`] with a region scope: the token sees only what the scopes of these orgs hold
/// (`None`: everything). The org ids are checked ([`parse_scope`]).
pub async fn create_scoped(
    graph: &Graph,
    name: &str,
    role: Role,
    scope: Option<Vec<String>>,
    expires_at: Option<DateTime<Utc>>,
    by: &str,
) -> Result<Issued, TokenError> {
    let name = parse_name(name)?;
    let scope = match scope {
        Some(given) => BoltType::from(parse_scope(graph, &given).await?),
        None => BoltType::Null(BoltNull),
    };
    let secret = new_secret();
    let expires = match expires_at {
        Some(at) => BoltType::from(at.fixed_offset()),
        None => BoltType::Null(BoltNull),
    };
    let origin = cypher::TOKEN_CREATE.path;
    let result = graph
        .execute(
            query(cypher::TOKEN_CREATE.text)
                .param("id", uuid::Uuid::new_v4().to_string())
                .param("name", name)
                .param("role", role.as_str())
                .param("hash", hash(&secret))
                .param("now", Utc::now().fixed_offset())
                .param("by", by)
                .param("scope", scope)
                .param("expires_at", expires),
        )
        .await;
    let mut rows = match result {
        Ok(rows) => rows,
        Err(e) if is_constraint_violation(&e) => return Err(TokenError::NameTaken(name.into())),
        Err(source) => return Err(query_error(source, origin)),
    };
    match rows.next().await {
        Ok(Some(row)) => Ok(Issued {
            info: info_from(&row),
            secret,
        }),
        Ok(None) => Err(TokenError::NameTaken(name.into())),
        Err(e) if is_constraint_violation(&e) => Err(TokenError::NameTaken(name.into())),
        Err(source) => Err(query_error(source, origin)),
    }
}

/// A failed statement of `origin`.
fn query_error(source: neo4rs::Error, origin: &str) -> TokenError {
    TokenError::Db(DbError::Query {
        origin: origin.to_string(),
        source,
    })
}

/// Whether Neo4j refused a write for a uniqueness constraint (two creations racing).
fn is_constraint_violation(error: &neo4rs::Error) -> bool {
    error.to_string().contains("ConstraintValidationFailed")
}

/// Creates a token without expiry on behalf of `system` and returns its secret (for setup
/// code and tests).
pub async fn create_token(graph: &Graph, name: &str, role: Role) -> Result<String, TokenError> {
    Ok(create(graph, name, role, None, "system").await?.secret)
}

/// Every token, oldest first (revoked ones too), without secrets or hashes.
pub async fn list(graph: &Graph) -> Result<Vec<TokenInfo>, TokenError> {
    let origin = cypher::TOKEN_LIST.path;
    let mut rows = graph
        .execute(query(cypher::TOKEN_LIST.text))
        .await
        .origin(origin)?;
    let mut tokens = Vec::new();
    while let Some(row) = rows.next().await.origin(origin)? {
        tokens.push(info_from(&row));
    }
    Ok(tokens)
}

/// The token whose id or name is `key`.
pub async fn get(graph: &Graph, key: &str) -> Result<TokenInfo, TokenError> {
    let origin = cypher::TOKEN_GET.path;
    let mut rows = graph
        .execute(query(cypher::TOKEN_GET.text).param("key", key.trim()))
        .await
        .origin(origin)?;
    match rows.next().await.origin(origin)? {
        Some(row) => Ok(info_from(&row)),
        None => Err(TokenError::Unknown(key.to_string())),
    }
}

/// Revokes the token whose id or name is `key`: it stops working at once (on other service
/// instances within their token cache's lifetime). `by` is who revokes it.
pub async fn revoke(graph: &Graph, key: &str, by: &str) -> Result<TokenInfo, TokenError> {
    let mut info = get(graph, key).await?;
    if info.revoked_at.is_some() {
        return Err(TokenError::Revoked(info.name));
    }
    let now = Utc::now();
    let origin = cypher::TOKEN_REVOKE.path;
    let mut rows = graph
        .execute(
            query(cypher::TOKEN_REVOKE.text)
                .param("id", info.id.as_str())
                .param("now", now.fixed_offset())
                .param("by", by),
        )
        .await
        .origin(origin)?;
    if rows.next().await.origin(origin)?.is_none() {
        // Revoked by someone else since it was read.
        return Err(TokenError::Revoked(info.name));
    }
    info.revoked_at = Some(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    info.revoked_by = Some(by.to_string());
    Ok(info)
}

/// Gives the token whose id or name is `key` a new secret (same name, role and expiry); the
/// old secret stops working at once. `by` is who rotates it.
pub async fn rotate(graph: &Graph, key: &str, by: &str) -> Result<Issued, TokenError> {
    let info = get(graph, key).await?;
    if info.revoked_at.is_some() {
        return Err(TokenError::Revoked(info.name));
    }
    let secret = new_secret();
    let origin = cypher::TOKEN_ROTATE.path;
    let mut rows = graph
        .execute(
            query(cypher::TOKEN_ROTATE.text)
                .param("id", info.id.as_str())
                .param("hash", hash(&secret))
                .param("now", Utc::now().fixed_offset())
                .param("by", by),
        )
        .await
        .origin(origin)?;
    if rows.next().await.origin(origin)?.is_none() {
        return Err(TokenError::Revoked(info.name));
    }
    Ok(Issued { info, secret })
}

/// The holder of the token whose hash is `token_hash`, if it is valid now.
pub async fn find_by_hash(graph: &Graph, token_hash: &str) -> Result<Option<Holder>, DbError> {
    let origin = cypher::TOKEN_FIND.path;
    let mut rows = graph
        .execute(
            query(cypher::TOKEN_FIND.text)
                .param("hash", token_hash)
                .param("now", Utc::now().fixed_offset()),
        )
        .await
        .origin(origin)?;
    Ok(match rows.next().await.origin(origin)? {
        Some(row) => {
            let name: String = row.get("name").unwrap_or_default();
            let role: String = row.get("role").unwrap_or_default();
            // Fail closed: a stored scope that does not read as a list sees nothing.
            let scope = row
                .get::<Option<Vec<String>>>("scope")
                .unwrap_or_else(|_| Some(Vec::new()));
            let expires_at = row
                .get::<i64>("expires_ms")
                .ok()
                .and_then(DateTime::from_timestamp_millis);
            Role::parse(&role).map(|role| Holder {
                name,
                role,
                scope,
                expires_at,
            })
        }
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn expiry_is_a_future_date_or_a_duration() {
        let at = |t: &str| parse_expiry(t, now()).map(|d| d.to_rfc3339());
        assert_eq!(at("2026-03-31").unwrap(), "2026-04-01T00:00:00+00:00");
        assert_eq!(at("90d").unwrap(), "2026-05-30T10:00:00+00:00");
        assert_eq!(at("12h").unwrap(), "2026-03-01T22:00:00+00:00");
        assert_eq!(at("2w").unwrap(), "2026-03-15T10:00:00+00:00");
        for bad in [
            "2026-02-28",
            "0d",
            "-3d",
            "d",
            "",
            "90",
            "90y",
            "soon",
            "2026-13-01",
        ] {
            assert!(at(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(parse_name("  alice ").unwrap(), "alice");
        assert!(parse_name("   ").is_err());
        assert!(parse_name("a\u{7}b").is_err());
        assert!(parse_name(&"x".repeat(101)).is_err());
    }
}
