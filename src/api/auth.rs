//! Who is calling: the bearer token of a request, looked up (briefly cached) in the stored
//! tokens ([`crate::tokens`]), as a [`Caller`] with a [`Role`] and a region scope that
//! handlers check.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use neo4rs::Graph;

use super::error::ApiError;
use crate::domain::Role;
use crate::tokens;

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The org ids its token is bound to (region scope); `None` sees everything.
    pub scope: Option<Vec<String>>,
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

    /// What the caller may see, for the library's queries.
    pub fn scope(&self) -> crate::scope::Scope<'_> {
        self.scope.as_deref()
    }

    /// Refuses the call if the caller's token is scoped: `action` covers the whole graph
    /// (a scan's counts, token administration, the audit log, identity review).
    pub fn require_unscoped(&self, action: &'static str) -> Result<(), ApiError> {
        match self.scope {
            None => Ok(()),
            Some(_) => Err(ApiError::OutOfScope { action }),
        }
    }
}

/// Token lookups, cached briefly so that a request does not cost a database round trip.
#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Option<Caller>, Instant)>>,
}

/// How long a lookup is trusted. Revoking or rotating through this service clears the cache
/// ([`TokenCache::clear`]), so the old token stops working here at once; other instances (and
/// a running service after `guanxi token revoke` on the command line) stop accepting it
/// within this time. An expiring token is never trusted past its expiry.
pub const CACHE_TTL: Duration = Duration::from_secs(30);

impl TokenCache {
    /// The caller behind a presented token, or `None`.
    pub async fn caller(&self, graph: &Graph, token: &str) -> Result<Option<Caller>, ApiError> {
        let key = tokens::hash(token);
        if let Ok(entries) = self.entries.lock() {
            if let Some((caller, until)) = entries.get(&key) {
                if Instant::now() < *until {
                    return Ok(caller.clone());
                }
            }
        }
        let holder = tokens::find_by_hash(graph, &key).await?;
        let mut trusted_for = CACHE_TTL;
        if let Some(expires_at) = holder.as_ref().and_then(|h| h.expires_at) {
            let left = (expires_at - chrono::Utc::now())
                .to_std()
                .unwrap_or_default();
            trusted_for = trusted_for.min(left);
        }
        let caller = holder.map(|h| Caller {
            name: h.name,
            role: h.role,
            scope: h.scope,
        });
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.clear();
            }
            entries.insert(key, (caller.clone(), Instant::now() + trusted_for));
        }
        Ok(caller)
    }

    /// Forgets every lookup: after a revocation or rotation, the old token must not be
    /// trusted from the cache.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
