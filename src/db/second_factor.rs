//! Second factors: each account's sealed TOTP secret and last accepted step, its recovery codes
//! (SHA-256 only), and the régions that require a second factor of their référents and agents.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{recovery_codes, regions, user_totp};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_totp)]
pub struct TotpRow {
    pub user_id: String,
    pub secret_sealed: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub last_step: i64,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, user_id: &str) -> QueryResult<Option<TotpRow>> {
    user_totp::table
        .find(user_id)
        .select(TotpRow::as_select())
        .first(conn)
        .optional()
}

/// Starts an enrolment: a new unconfirmed secret replaces any earlier unconfirmed one. An
/// account whose factor is confirmed keeps it (`false`).
pub fn start(
    conn: &mut DbConnection,
    user_id: &str,
    sealed: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(
        user_totp::table
            .filter(user_totp::user_id.eq(user_id))
            .filter(user_totp::confirmed_at.is_null()),
    )
    .execute(conn)?;
    if find(conn, user_id)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(user_totp::table)
        .values((
            user_totp::user_id.eq(user_id),
            user_totp::secret_sealed.eq(sealed),
            user_totp::last_step.eq(0i64),
            user_totp::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Accepts time step `step` for the account: `false` when it (or a later one) was accepted
/// already, so that a code cannot be used twice even by two requests at once.
pub fn accept_step(conn: &mut DbConnection, user_id: &str, step: i64) -> QueryResult<bool> {
    let updated = diesel::update(
        user_totp::table
            .filter(user_totp::user_id.eq(user_id))
            .filter(user_totp::last_step.lt(step)),
    )
    .set(user_totp::last_step.eq(step))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn confirm(conn: &mut DbConnection, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(user_totp::table.find(user_id))
        .set(user_totp::confirmed_at.eq(Some(now)))
        .execute(conn)
}

/// Removes the account's second factor and its recovery codes; `true` if there was one.
pub fn remove(conn: &mut DbConnection, user_id: &str) -> QueryResult<bool> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let removed = diesel::delete(user_totp::table.find(user_id)).execute(conn)?;
    Ok(removed == 1)
}

/// Replaces every recovery code of the account.
pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    user_id: &str,
    hashes: &[String],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(hash),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses a recovery code: `false` if it does not exist or was used already.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    user_id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(
        recovery_codes::table
            .find((user_id, hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConnection, user_id: &str) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Which of `user_ids` have a confirmed second factor.
pub fn confirmed_among(
    conn: &mut DbConnection,
    user_ids: &[String],
) -> QueryResult<HashSet<String>> {
    Ok(user_totp::table
        .filter(user_totp::user_id.eq_any(user_ids))
        .filter(user_totp::confirmed_at.is_not_null())
        .select(user_totp::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// Whether the région requires a second factor of its référents and agents (`false` for an
/// unknown région).
pub fn region_requires_staff(conn: &mut DbConnection, region: &str) -> QueryResult<bool> {
    Ok(regions::table
        .find(region)
        .select(regions::staff_totp_required)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

pub fn set_region_requires_staff(
    conn: &mut DbConnection,
    region: &str,
    required: bool,
) -> QueryResult<usize> {
    diesel::update(regions::table.find(region))
        .set(regions::staff_totp_required.eq(required))
        .execute(conn)
}
