//! Throttling of sign-in, registration and password reset, per IP and per account, shared by
//! every instance through the database. Over the limit: 429 with `Retry-After`.

use chrono::{Duration, NaiveDateTime};

use crate::db::{self, DbConnection};
use crate::error::AppError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_s: i64,
}

/// Ten attempts on one account in 15 minutes; the eleventh is refused.
pub const SIGNIN_ACCOUNT: Limit = Limit {
    name: "signin-account",
    max: 10,
    window_s: 15 * 60,
};
pub const SIGNIN_IP: Limit = Limit {
    name: "signin-ip",
    max: 50,
    window_s: 15 * 60,
};
pub const REGISTER_IP: Limit = Limit {
    name: "register-ip",
    max: 10,
    window_s: 60 * 60,
};
pub const RESET_IP: Limit = Limit {
    name: "reset-ip",
    max: 10,
    window_s: 60 * 60,
};
pub const RESET_ACCOUNT: Limit = Limit {
    name: "reset-account",
    max: 5,
    window_s: 60 * 60,
};

/// The bucket of `key` (an e-mail or an IP) for `limit`; keys are hashed, never stored.
fn bucket(limit: &Limit, key: &str) -> String {
    format!("{}:{}", limit.name, super::token::hash(key))
}

/// Counts an attempt and refuses it when the window is full.
pub fn check(
    conn: &mut DbConnection,
    limit: &Limit,
    key: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let window = Duration::seconds(limit.window_s);
    let (hits, started) = db::throttle::hit(conn, &bucket(limit, key), now, window)?;
    if hits > limit.max {
        let retry_after_s = (started + window - now).num_seconds().max(1) as u64;
        return Err(AppError::TooManyRequests { retry_after_s });
    }
    Ok(())
}

pub fn reset(conn: &mut DbConnection, limit: &Limit, key: &str) -> Result<(), AppError> {
    db::throttle::clear(conn, &bucket(limit, key))?;
    Ok(())
}
