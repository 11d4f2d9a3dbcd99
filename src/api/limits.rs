//! Per-token limits of `/api`: how many requests one token may have in flight
//! (`api.max_concurrent_per_token`) and how many it may start per minute
//! (`api.requests_per_minute_per_token`, a token bucket that holds at most a minute's worth
//! and refills evenly). Past either, the request answers 429 with `Retry-After`.
//!
//! The state lives in this process's memory: each replica counts on its own, and a restart
//! forgets. Admin tokens are held to the concurrency limit but not to the rate limit (an
//! admin can mint tokens anyway, and the benchmarks run as admin at thousands of requests a
//! second).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;
use crate::domain::Role;
use crate::settings::ApiSettings;

/// What one token has used.
#[derive(Debug)]
struct Usage {
    /// Requests in flight.
    in_flight: u32,
    /// Requests it may still start now (fractions refill over time).
    allowance: f64,
    /// When `allowance` was last brought up to date.
    at: Instant,
}

/// The limits and every token's usage.
#[derive(Debug)]
pub struct TokenLimits {
    max_concurrent: u32,
    per_minute: u32,
    usage: Mutex<HashMap<String, Usage>>,
}

/// A request counted in flight; dropping it (the answer is done) frees its place.
#[derive(Debug)]
pub struct InFlight {
    limits: Arc<TokenLimits>,
    token: String,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut usage = self.limits.lock();
        if let Some(used) = usage.get_mut(&self.token) {
            used.in_flight = used.in_flight.saturating_sub(1);
        }
    }
}

impl TokenLimits {
    /// The limits of these settings (0 turns one off).
    pub fn new(settings: &ApiSettings) -> Self {
        Self {
            max_concurrent: settings.max_concurrent_per_token,
            per_minute: settings.requests_per_minute_per_token,
            usage: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Usage>> {
        // A panic while holding the lock leaves plain counters behind: still usable.
        self.usage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a request of `caller` starting at `now`, or says in how many whole seconds
    /// one may succeed.
    pub fn admit(self: &Arc<Self>, caller: &Caller, now: Instant) -> Result<InFlight, u64> {
        let rate_limited = self.per_minute > 0 && caller.role != Role::Admin;
        let mut usage = self.lock();
        let used = usage.entry(caller.name.clone()).or_insert(Usage {
            in_flight: 0,
            allowance: f64::from(self.per_minute),
            at: now,
        });
        if self.max_concurrent > 0 && used.in_flight >= self.max_concurrent {
            return Err(1);
        }
        if rate_limited {
            let per_second = f64::from(self.per_minute) / 60.0;
            let elapsed = now.saturating_duration_since(used.at).as_secs_f64();
            used.allowance =
                (used.allowance + elapsed * per_second).min(f64::from(self.per_minute));
            used.at = now;
            if used.allowance < 1.0 {
                let wait = (1.0 - used.allowance) / per_second;
                // Whole seconds, rounded up, at least 1 (what `Retry-After` can say).
                return Err(wait.ceil().max(1.0) as u64);
            }
            used.allowance -= 1.0;
        }
        used.in_flight += 1;
        Ok(InFlight {
            limits: self.clone(),
            token: caller.name.clone(),
        })
    }
}

/// Applies the per-token limits to an authenticated request (after
/// [`super::middleware::authenticate`], which puts the [`Caller`] in its extensions).
pub async fn per_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(caller) = request.extensions().get::<Caller>().cloned() else {
        return next.run(request).await;
    };
    match state.limits.admit(&caller, Instant::now()) {
        Ok(in_flight) => {
            let response = next.run(request).await;
            drop(in_flight);
            response
        }
        Err(retry_after_secs) => ApiError::TooManyRequests { retry_after_secs }.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limits(max_concurrent: u32, per_minute: u32) -> Arc<TokenLimits> {
        Arc::new(TokenLimits::new(&ApiSettings {
            max_concurrent_per_token: max_concurrent,
            requests_per_minute_per_token: per_minute,
            ..ApiSettings::default()
        }))
    }

    fn caller(name: &str, role: Role) -> Caller {
        Caller {
            name: name.into(),
            role,
            scope: None,
        }
    }

    #[test]
    fn a_token_past_its_concurrency_waits_for_a_request_to_finish() {
        let limits = limits(2, 0);
        let (alice, bob) = (caller("alice", Role::Viewer), caller("bob", Role::Admin));
        let now = Instant::now();
        let first = limits.admit(&alice, now).unwrap();
        let _second = limits.admit(&alice, now).unwrap();
        assert_eq!(limits.admit(&alice, now).unwrap_err(), 1);
        // Another token has its own count.
        let _other = limits.admit(&bob, now).unwrap();
        drop(first);
        assert!(limits.admit(&alice, now).is_ok());
    }

    #[test]
    fn a_token_past_its_rate_is_told_when_to_come_back_and_then_served() {
        let limits = limits(0, 60);
        let viewer = caller("v", Role::Investigator);
        let start = Instant::now();
        for _ in 0..60 {
            drop(limits.admit(&viewer, start).unwrap());
        }
        assert_eq!(limits.admit(&viewer, start).unwrap_err(), 1);
        // One a second comes back.
        let later = start + Duration::from_millis(1500);
        assert!(limits.admit(&viewer, later).is_ok());
        assert_eq!(limits.admit(&viewer, later).unwrap_err(), 1);
        // A slow rate asks for a longer wait, rounded up.
        let slow = self::limits(0, 2);
        for _ in 0..2 {
            drop(slow.admit(&viewer, start).unwrap());
        }
        assert_eq!(slow.admit(&viewer, start).unwrap_err(), 30);
        // Admins are not rate limited.
        let admin = caller("a", Role::Admin);
        for _ in 0..100 {
            drop(slow.admit(&admin, start).unwrap());
        }
    }
}
