//! Fixed-window counters shared by every app instance through the database.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::rate_limits;
use super::DbConnection;
use crate::with_backend;

/// Counts one hit in `bucket` and returns the hits of the current window (this one included)
/// and when that window started.
pub fn hit(
    conn: &mut DbConnection,
    bucket: &str,
    now: NaiveDateTime,
    window: Duration,
) -> QueryResult<(i32, NaiveDateTime)> {
    let cutoff = now - window;
    crate::db::transaction(conn, |conn| {
        create_empty(conn, bucket, now)?;
        diesel::update(
            rate_limits::table
                .find(bucket)
                .filter(rate_limits::window_start.le(cutoff)),
        )
        .set((rate_limits::hits.eq(0), rate_limits::window_start.eq(now)))
        .execute(conn)?;
        diesel::update(rate_limits::table.find(bucket))
            .set(rate_limits::hits.eq(rate_limits::hits + 1))
            .execute(conn)?;
        rate_limits::table
            .find(bucket)
            .select((rate_limits::hits, rate_limits::window_start))
            .first(conn)
    })
}

/// Creates `bucket` with no hit, dated `now`, unless it exists.
fn create_empty(conn: &mut DbConnection, bucket: &str, now: NaiveDateTime) -> QueryResult<usize> {
    with_backend!(&mut *conn, |c| diesel::insert_into(rate_limits::table)
        .values((
            rate_limits::bucket.eq(bucket),
            rate_limits::window_start.eq(now),
            rate_limits::hits.eq(0)
        ))
        .on_conflict_do_nothing()
        .execute(c))
}

/// Forgets a bucket (e.g. an account's failures after a successful sign-in).
pub fn clear(conn: &mut DbConnection, bucket: &str) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.find(bucket)).execute(conn)
}

/// The failures counted in `bucket` and when the last one happened.
pub fn read(conn: &mut DbConnection, bucket: &str) -> QueryResult<Option<(i32, NaiveDateTime)>> {
    rate_limits::table
        .find(bucket)
        .select((rate_limits::hits, rate_limits::window_start))
        .first(conn)
        .optional()
}

/// Counts one more failure in `bucket`, dated `now` (the count starts again when the previous
/// failure is older than `forget_after`); returns the count.
pub fn fail(
    conn: &mut DbConnection,
    bucket: &str,
    now: NaiveDateTime,
    forget_after: Duration,
) -> QueryResult<i32> {
    let cutoff = now - forget_after;
    crate::db::transaction(conn, |conn| {
        create_empty(conn, bucket, now)?;
        diesel::update(
            rate_limits::table
                .find(bucket)
                .filter(rate_limits::window_start.le(cutoff)),
        )
        .set(rate_limits::hits.eq(0))
        .execute(conn)?;
        diesel::update(rate_limits::table.find(bucket))
            .set((
                rate_limits::hits.eq(rate_limits::hits + 1),
                rate_limits::window_start.eq(now),
            ))
            .execute(conn)?;
        rate_limits::table
            .find(bucket)
            .select(rate_limits::hits)
            .first(conn)
    })
}
