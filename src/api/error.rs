//! `ApiError`: the only error type that knows HTTP. Bodies are RFC 9457 problem details;
//! 500s hide their cause from the client and log the whole chain instead.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::audit::AuditError;
use crate::db::{is_connection_error, DbError};
use crate::ingest::IngestError;
use crate::load::LoadError;
use crate::scan::runs::StartError;
use crate::scan::ScanError;
use crate::tokens::TokenError;

/// What can go wrong answering a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, or an unknown one.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// The token's role may not do this.
    #[error("the {role} role may not {action}")]
    Forbidden {
        /// The caller's role.
        role: &'static str,
        /// What was refused.
        action: &'static str,
    },
    /// The token is bound to a region scope and the action covers the whole graph.
    #[error("a token bound to a region scope may not {action}: it covers the whole graph")]
    OutOfScope {
        /// What was refused.
        action: &'static str,
    },
    /// No such thing.
    #[error("{0}")]
    NotFound(String),
    /// The request is wrong; the message says how.
    #[error("{0}")]
    BadRequest(String),
    /// The request conflicts with the current state (a scan already running, a status change
    /// that is not allowed).
    #[error("{0}")]
    Conflict(String),
    /// A request refused before any handler ran (a path or query value that does not
    /// parse, a body larger than the route's limit, a method the route lacks), with the
    /// framework's words: told as problem+json like every other error.
    #[error("{detail}")]
    Rejected {
        /// The status the framework chose (4xx).
        status: StatusCode,
        /// What was wrong with the request.
        detail: String,
    },
    /// Neo4j does not answer; the service recovers by itself when it does.
    #[error("the graph database is unavailable; try again shortly")]
    Unavailable,
    /// The query ran past its time and Neo4j stopped it.
    #[error(
        "the request took longer than this service allows and was stopped; narrow it and try again"
    )]
    TimedOut,
    /// The caller's token has too many requests in flight, or started too many this minute.
    #[error("too many requests for this token; try again in {retry_after_secs} s")]
    TooManyRequests {
        /// Seconds until a request may succeed (the `Retry-After` header).
        retry_after_secs: u64,
    },
    /// Anything else: logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

#[derive(Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } | ApiError::OutOfScope { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Rejected { status, .. } => *status,
            ApiError::Unavailable | ApiError::TimedOut => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<neo4rs::Error> for ApiError {
    fn from(error: neo4rs::Error) -> Self {
        if crate::db::is_timed_out(&error) {
            ApiError::TimedOut
        } else if is_connection_error(&error) {
            ApiError::Unavailable
        } else {
            ApiError::Internal(error.into())
        }
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        if error.is_timed_out() {
            ApiError::TimedOut
        } else if error.is_unreachable() {
            ApiError::Unavailable
        } else {
            ApiError::Internal(error.into())
        }
    }
}

impl From<ScanError> for ApiError {
    fn from(error: ScanError) -> Self {
        match error {
            ScanError::Db(e) => e.into(),
            ScanError::Pattern { source, .. } if is_connection_error(&source) => {
                ApiError::Unavailable
            }
            ScanError::UnknownAlert(id) => ApiError::NotFound(format!("no alert {id}")),
            e @ ScanError::UnknownPattern(..) => ApiError::BadRequest(e.to_string()),
            e @ (ScanError::BadTransition { .. } | ScanError::RetiredAlert(_)) => {
                ApiError::Conflict(e.to_string())
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<StartError> for ApiError {
    fn from(error: StartError) -> Self {
        match error {
            e @ (StartError::Busy { .. } | StartError::AlreadyRan(_)) => {
                ApiError::Conflict(e.to_string())
            }
            StartError::Db(e) => e.into(),
        }
    }
}

impl From<LoadError> for ApiError {
    fn from(error: LoadError) -> Self {
        match error {
            e @ LoadError::UnknownTable { .. } => ApiError::BadRequest(e.to_string()),
            LoadError::Db(e) => e.into(),
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<IngestError> for ApiError {
    fn from(error: IngestError) -> Self {
        match error {
            e @ (IngestError::UnknownTable { .. } | IngestError::BadInput(_)) => {
                ApiError::BadRequest(e.to_string())
            }
            IngestError::Load(e) => e.into(),
            IngestError::Scan(e) => e.into(),
            IngestError::Db(e) => e.into(),
        }
    }
}

impl From<AuditError> for ApiError {
    fn from(error: AuditError) -> Self {
        match error {
            AuditError::Db(e) => e.into(),
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<TokenError> for ApiError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Db(e) => e.into(),
            e @ (TokenError::NameTaken(_) | TokenError::Revoked(_)) => {
                ApiError::Conflict(e.to_string())
            }
            e @ TokenError::Unknown(_) => ApiError::NotFound(e.to_string()),
            e @ (TokenError::BadName(_) | TokenError::BadExpiry(_) | TokenError::BadScope(_)) => {
                ApiError::BadRequest(e.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            ApiError::Internal(cause) => {
                let chain: Vec<String> = cause.chain().map(|c| c.to_string()).collect();
                tracing::error!(error = %chain.join(": "), "internal error");
                "an internal error occurred; it has been logged".to_string()
            }
            ApiError::Unavailable => {
                tracing::warn!("Neo4j unavailable");
                self.to_string()
            }
            other => other.to_string(),
        };
        let body = Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("error"),
            status: status.as_u16(),
            detail,
        };
        let mut response = (status, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::TooManyRequests { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
        }
        response
    }
}
