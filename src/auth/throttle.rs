//! Throttling of sign-in, registration and password reset, per IP and per account, shared by
//! every instance through the database. Over the limit: 429 with `Retry-After`.
//!
//! Wrong passwords (sign-in and every "current password" check) are throttled per (account,
//! client address): a few free tries, then an exponential delay. Nobody can lock an account for
//! its owner: past a ceiling of failures on the account from everywhere, each client gets a single
//! free try before its own delay, so the owner (who has not failed) still signs in.

use chrono::{Duration, NaiveDateTime};

use crate::db::{self, DbConnection};
use crate::error::AppError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_s: i64,
}

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
/// Submissions of a new password by link (reset, invitation) from one address.
pub const LINK_IP: Limit = Limit {
    name: "link-ip",
    max: 30,
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
        return Err(wait_until(started + window, now));
    }
    Ok(())
}

/// A 429 whose `Retry-After` is the end of the window.
fn wait_until(end: NaiveDateTime, now: NaiveDateTime) -> AppError {
    let retry_after_s = (end - now).num_seconds().max(1) as u64;
    AppError::TooManyRequests { retry_after_s }
}

/// Refuses while `key` has `limit.max` failures in the current window; successes are not
/// counted (see [`count_failure`]).
pub fn refuse_if_full(
    conn: &mut DbConnection,
    limit: &Limit,
    key: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let window = Duration::seconds(limit.window_s);
    if let Some((hits, started)) = db::throttle::read(conn, &bucket(limit, key))? {
        if started + window > now && hits >= limit.max {
            return Err(wait_until(started + window, now));
        }
    }
    Ok(())
}

/// Counts a failure of `key` against `limit`.
pub fn count_failure(
    conn: &mut DbConnection,
    limit: &Limit,
    key: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db::throttle::hit(
        conn,
        &bucket(limit, key),
        now,
        Duration::seconds(limit.window_s),
    )?;
    Ok(())
}

/// Wrong passwords a client may try on an account before waiting.
pub const FREE_FAILURES: i32 = 5;
/// Past this many failures on an account (from every client, none older than an hour apart),
/// each client gets one free try only.
pub const ACCOUNT_CEILING: i32 = 20;
const FIRST_DELAY_S: i64 = 2;
const MAX_DELAY_S: i64 = 15 * 60;
const PAIR_MEMORY_S: i64 = 24 * 60 * 60;
const ACCOUNT_MEMORY_S: i64 = 60 * 60;

/// How long a client must wait after its `failures`-th consecutive failure, `free` being its
/// free tries: nothing, then 2 s, 4 s, 8 s… up to 15 minutes.
pub fn delay_after(failures: i32, free: i32) -> Duration {
    if failures < free {
        return Duration::zero();
    }
    let doublings = (failures - free).clamp(0, 20) as u32;
    Duration::seconds((FIRST_DELAY_S << doublings).min(MAX_DELAY_S))
}

fn pair_bucket(account: &str, ip: &str) -> String {
    format!(
        "password-pair:{}",
        super::token::hash(&format!("{}\n{ip}", account.trim().to_lowercase()))
    )
}

fn account_bucket(account: &str) -> String {
    format!(
        "password-account:{}",
        super::token::hash(&account.trim().to_lowercase())
    )
}

/// Before checking a password for `account` (an e-mail address) from `ip`: refuses (429) while
/// this client must still wait. Call it before hashing anything.
pub fn password_gate(
    conn: &mut DbConnection,
    account: &str,
    ip: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let Some((failures, last)) = db::throttle::read(conn, &pair_bucket(account, ip))? else {
        return Ok(());
    };
    if now - last > Duration::seconds(PAIR_MEMORY_S) {
        return Ok(());
    }
    let crowded = db::throttle::read(conn, &account_bucket(account))?.is_some_and(|(n, at)| {
        n >= ACCOUNT_CEILING && now - at <= Duration::seconds(ACCOUNT_MEMORY_S)
    });
    let free = if crowded { 1 } else { FREE_FAILURES };
    let wait_until = last + delay_after(failures, free);
    if now < wait_until {
        let millis = (wait_until - now).num_milliseconds();
        let retry_after_s = ((millis + 999) / 1000).max(1) as u64;
        return Err(AppError::TooManyRequests { retry_after_s });
    }
    Ok(())
}

/// A wrong password for `account` from `ip`.
pub fn password_failed(
    conn: &mut DbConnection,
    account: &str,
    ip: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db::throttle::fail(
        conn,
        &pair_bucket(account, ip),
        now,
        Duration::seconds(PAIR_MEMORY_S),
    )?;
    db::throttle::fail(
        conn,
        &account_bucket(account),
        now,
        Duration::seconds(ACCOUNT_MEMORY_S),
    )?;
    Ok(())
}

/// The right password: this client starts afresh (the others keep their delays).
pub fn password_succeeded(
    conn: &mut DbConnection,
    account: &str,
    ip: &str,
) -> Result<(), AppError> {
    db::throttle::clear(conn, &pair_bucket(account, ip))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_the_free_tries_and_is_capped() {
        assert_eq!(delay_after(0, 5), Duration::zero());
        assert_eq!(delay_after(4, 5), Duration::zero());
        assert_eq!(delay_after(5, 5), Duration::seconds(2));
        assert_eq!(delay_after(6, 5), Duration::seconds(4));
        assert_eq!(delay_after(9, 5), Duration::seconds(32));
        assert_eq!(delay_after(40, 5), Duration::minutes(15));
        assert_eq!(delay_after(1, 1), Duration::seconds(2));
    }
}
