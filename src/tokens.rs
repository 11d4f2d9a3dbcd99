//! API tokens: `guanxi token create` and `POST /api/tokens` make one and show it once; only
//! its SHA-256 hash is stored, with the holder's name and [`Role`].

use neo4rs::{query, Graph};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::cypher;
use crate::db::{DbError, WithOrigin};
use crate::domain::Role;

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates (or replaces) the token called `name` and returns it; it is never shown again.
pub async fn create_token(graph: &Graph, name: &str, role: Role) -> Result<String, DbError> {
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
        .await
        .origin(cypher::TOKEN_CREATE.path)?;
    Ok(token)
}

/// The holder's name and role of the token whose hash is `token_hash`, if there is one.
pub async fn find_by_hash(
    graph: &Graph,
    token_hash: &str,
) -> Result<Option<(String, Role)>, DbError> {
    let origin = cypher::TOKEN_FIND.path;
    let mut rows = graph
        .execute(query(cypher::TOKEN_FIND.text).param("hash", token_hash))
        .await
        .origin(origin)?;
    Ok(match rows.next().await.origin(origin)? {
        Some(row) => {
            let name: String = row.get("name").unwrap_or_default();
            let role: String = row.get("role").unwrap_or_default();
            Role::parse(&role).map(|role| (name, role))
        }
        None => None,
    })
}
