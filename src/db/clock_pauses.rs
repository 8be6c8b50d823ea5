//! The pauses of a request's SLA clocks: the qualification clock (no referral) or a referral's.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::clock_pauses;
use super::DbConnection;

pub fn open_pause(
    conn: &mut DbConnection,
    request_id: &str,
    referral_id: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(clock_pauses::table)
        .values((
            clock_pauses::id.eq(uuid::Uuid::now_v7().to_string()),
            clock_pauses::request_id.eq(request_id),
            clock_pauses::referral_id.eq(referral_id),
            clock_pauses::started_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn close_pause(
    conn: &mut DbConnection,
    request_id: &str,
    referral_id: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let open = clock_pauses::table
        .filter(clock_pauses::request_id.eq(request_id))
        .filter(clock_pauses::ended_at.is_null());
    match referral_id {
        Some(r) => diesel::update(open.filter(clock_pauses::referral_id.eq(r)))
            .set(clock_pauses::ended_at.eq(at))
            .execute(conn),
        None => diesel::update(open.filter(clock_pauses::referral_id.is_null()))
            .set(clock_pauses::ended_at.eq(at))
            .execute(conn),
    }
}

/// The pauses of one clock: the qualification clock (`None`) or a referral's.
pub fn pauses(
    conn: &mut DbConnection,
    request_id: &str,
    referral_id: Option<&str>,
) -> QueryResult<Vec<(NaiveDateTime, Option<NaiveDateTime>)>> {
    let q = clock_pauses::table
        .filter(clock_pauses::request_id.eq(request_id))
        .select((clock_pauses::started_at, clock_pauses::ended_at));
    match referral_id {
        Some(r) => q
            .filter(clock_pauses::referral_id.eq(r))
            .order(clock_pauses::started_at)
            .load(conn),
        None => q
            .filter(clock_pauses::referral_id.is_null())
            .order(clock_pauses::started_at)
            .load(conn),
    }
}
