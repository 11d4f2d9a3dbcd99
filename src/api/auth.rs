//! Bearer tokens and roles. `guanxi token create` prints a new token once; only its SHA-256
//! hash is stored. viewer: reads, with personal identifiers masked; investigator: unmasked,
//! and triage; admin: also ingest, scans, tokens and the audit log.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use neo4rs::{query, Graph};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use crate::cypher;

/// What a token may do.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads alerts, graph and portraits; identifiers masked.
    Viewer,
    /// Reads unmasked; triages alerts.
    Investigator,
    /// Also ingests data, runs scans, manages tokens, reads the audit log.
    Admin,
}

impl Role {
    /// The lower-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Investigator => "investigator",
            Role::Admin => "admin",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "viewer" => Some(Role::Viewer),
            "investigator" => Some(Role::Investigator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

impl Caller {
    /// Refuses the call unless the caller has at least `role`.
    pub fn require(&self, role: Role, action: &'static str) -> Result<(), ApiError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                role: self.role.as_str(),
                action,
            })
        }
    }
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates (or replaces) the token called `name` and returns it; it is never shown again.
pub async fn create_token(graph: &Graph, name: &str, role: Role) -> Result<String, neo4rs::Error> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("gx_{}", hex::encode(bytes));
    graph
        .run(
            query(cypher::TOKEN_CREATE.text)
                .param("name", name)
                .param("role", role.as_str())
                .param("hash", hash(&token))
                .param("now", chrono::Utc::now().fixed_offset()),
        )
        .await?;
    Ok(token)
}

/// Token lookups, cached briefly so that a request does not cost a database round trip.
#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Option<Caller>, Instant)>>,
}

/// How long a lookup is trusted (a rotated token stops working within this time).
const CACHE_TTL: Duration = Duration::from_secs(30);

impl TokenCache {
    /// The caller behind a presented token, or `None`.
    pub async fn caller(&self, graph: &Graph, token: &str) -> Result<Option<Caller>, ApiError> {
        let key = hash(token);
        if let Ok(entries) = self.entries.lock() {
            if let Some((caller, at)) = entries.get(&key) {
                if at.elapsed() < CACHE_TTL {
                    return Ok(caller.clone());
                }
            }
        }
        let mut rows = graph
            .execute(query(cypher::TOKEN_FIND.text).param("hash", key.as_str()))
            .await?;
        let caller = match rows.next().await? {
            Some(row) => {
                let name: String = row.get("name").unwrap_or_default();
                let role: String = row.get("role").unwrap_or_default();
                Role::parse(&role).map(|role| Caller { name, role })
            }
            None => None,
        };
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.clear();
            }
            entries.insert(key, (caller.clone(), Instant::now()));
        }
        Ok(caller)
    }
}
