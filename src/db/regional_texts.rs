//! The regional versions of the information pages and of the "Qui contacter ?" introduction:
//! an append-only history per région and text, numbered from 1; the latest version is shown.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{regional_texts, users};
use super::DbConnection;

/// One version, with the name of its author.
#[derive(Debug, Clone, Queryable)]
pub struct Version {
    pub id: String,
    pub region_code: String,
    pub text_key: String,
    pub version: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub restored_from: Option<i32>,
    pub author_first_name: String,
    pub author_last_name: String,
    pub author_email: String,
}

type VersionColumns = (
    regional_texts::id,
    regional_texts::region_code,
    regional_texts::text_key,
    regional_texts::version,
    regional_texts::body,
    regional_texts::created_at,
    regional_texts::restored_from,
    users::first_name,
    users::last_name,
    users::email,
);

const COLUMNS: VersionColumns = (
    regional_texts::id,
    regional_texts::region_code,
    regional_texts::text_key,
    regional_texts::version,
    regional_texts::body,
    regional_texts::created_at,
    regional_texts::restored_from,
    users::first_name,
    users::last_name,
    users::email,
);

/// The latest version of `key` in `region`, if the région wrote one.
pub fn latest(conn: &mut DbConnection, region: &str, key: &str) -> QueryResult<Option<Version>> {
    regional_texts::table
        .inner_join(users::table)
        .filter(regional_texts::region_code.eq(region))
        .filter(regional_texts::text_key.eq(key))
        .order(regional_texts::version.desc())
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// Every version of `key` in `region`, the latest first.
pub fn history(conn: &mut DbConnection, region: &str, key: &str) -> QueryResult<Vec<Version>> {
    regional_texts::table
        .inner_join(users::table)
        .filter(regional_texts::region_code.eq(region))
        .filter(regional_texts::text_key.eq(key))
        .order(regional_texts::version.desc())
        .select(COLUMNS)
        .load(conn)
}

/// One version by id, whatever its région (the caller checks it).
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Version>> {
    regional_texts::table
        .inner_join(users::table)
        .filter(regional_texts::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// The latest version of every text the région rewrote: (key, version, saved at).
pub fn latest_of_region(
    conn: &mut DbConnection,
    region: &str,
) -> QueryResult<Vec<(String, i32, NaiveDateTime)>> {
    let rows: Vec<(String, i32, NaiveDateTime)> = regional_texts::table
        .filter(regional_texts::region_code.eq(region))
        .order((regional_texts::text_key, regional_texts::version.desc()))
        .select((
            regional_texts::text_key,
            regional_texts::version,
            regional_texts::created_at,
        ))
        .load(conn)?;
    let mut latest: Vec<(String, i32, NaiveDateTime)> = Vec::new();
    for row in rows {
        if latest.last().is_none_or(|l| l.0 != row.0) {
            latest.push(row);
        }
    }
    Ok(latest)
}

/// A new version to append.
pub struct NewVersion<'a> {
    pub region: &'a str,
    pub key: &'a str,
    pub body: &'a str,
    pub author_id: &'a str,
    pub restored_from: Option<i32>,
    pub now: NaiveDateTime,
}

/// Appends a version numbered after the latest one; returns its number. Call it inside a
/// transaction (the unique index refuses two versions with one number).
pub fn append(conn: &mut DbConnection, new: &NewVersion<'_>) -> QueryResult<i32> {
    let last: Option<i32> = regional_texts::table
        .filter(regional_texts::region_code.eq(new.region))
        .filter(regional_texts::text_key.eq(new.key))
        .select(diesel::dsl::max(regional_texts::version))
        .first(conn)?;
    let version = last.unwrap_or(0) + 1;
    diesel::insert_into(regional_texts::table)
        .values((
            regional_texts::id.eq(uuid::Uuid::now_v7().to_string()),
            regional_texts::region_code.eq(new.region),
            regional_texts::text_key.eq(new.key),
            regional_texts::version.eq(version),
            regional_texts::body.eq(new.body),
            regional_texts::author_id.eq(new.author_id),
            regional_texts::created_at.eq(new.now),
            regional_texts::restored_from.eq(new.restored_from),
        ))
        .execute(conn)?;
    Ok(version)
}
