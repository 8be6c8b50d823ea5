//! Single-use tokens sent by e-mail (verification, password reset, invitation, new address).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::user_tokens;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_tokens)]
pub struct UserToken {
    pub token_hash: String,
    pub user_id: String,
    pub purpose: String,
    pub new_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut DbConnection,
    token_hash: &str,
    user_id: &str,
    purpose: &str,
    new_email: Option<&str>,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(user_tokens::table)
        .values((
            user_tokens::token_hash.eq(token_hash),
            user_tokens::user_id.eq(user_id),
            user_tokens::purpose.eq(purpose),
            user_tokens::new_email.eq(new_email),
            user_tokens::created_at.eq(now),
            user_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A token that is still usable (not used, not expired) for `purpose`.
pub fn find_usable(
    conn: &mut DbConnection,
    token_hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<UserToken>> {
    user_tokens::table
        .find(token_hash)
        .filter(user_tokens::purpose.eq(purpose))
        .filter(user_tokens::used_at.is_null())
        .filter(user_tokens::expires_at.gt(now))
        .select(UserToken::as_select())
        .first(conn)
        .optional()
}

/// Marks the token used; `false` when someone used it first (the update is conditional).
pub fn consume(conn: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(
        user_tokens::table
            .find(token_hash)
            .filter(user_tokens::used_at.is_null())
            .filter(user_tokens::expires_at.gt(now)),
    )
    .set(user_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Invalidates the other open tokens of the same purpose (a new link replaces the old one).
pub fn revoke_open(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        user_tokens::table
            .filter(user_tokens::user_id.eq(user_id))
            .filter(user_tokens::purpose.eq(purpose))
            .filter(user_tokens::used_at.is_null()),
    )
    .set(user_tokens::used_at.eq(now))
    .execute(conn)
}
