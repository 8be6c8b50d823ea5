//! The writes to a request's referrals (re-exported by `requests`): their position, creation,
//! state, answer, agent, removal or re-routing, clock start and due date.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::requests::ReferralRow;
use super::schema::referrals;
use super::DbConnection;

pub fn next_position(conn: &mut DbConnection, request_id: &str) -> QueryResult<i32> {
    let max: Option<i32> = referrals::table
        .filter(referrals::request_id.eq(request_id))
        .select(diesel::dsl::max(referrals::position))
        .first(conn)?;
    Ok(max.map_or(0, |m| m + 1))
}

pub fn insert_referral(conn: &mut DbConnection, row: &ReferralRow) -> QueryResult<()> {
    diesel::insert_into(referrals::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn set_referral_state(
    conn: &mut DbConnection,
    id: &str,
    state: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set((referrals::state.eq(state), referrals::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_referral_answer(
    conn: &mut DbConnection,
    id: &str,
    answer: Option<&str>,
    decline_reason: Option<&str>,
    agent: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set((
            referrals::answer.eq(answer),
            referrals::decline_reason.eq(decline_reason),
            referrals::answered_at.eq(now),
            referrals::agent_id.eq(agent),
        ))
        .execute(conn)
}

pub fn set_referral_agent(conn: &mut DbConnection, id: &str, agent: &str) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set(referrals::agent_id.eq(agent))
        .execute(conn)
}

pub fn remove_referral(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set((referrals::removed_at.eq(now), referrals::updated_at.eq(now)))
        .execute(conn)
}

/// Ends a referral its institution passed to another one (*réorientée*).
pub fn reroute_referral(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set((
            referrals::removed_at.eq(now),
            referrals::rerouted_at.eq(now),
            referrals::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn start_referral(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set(referrals::started_at.eq(now))
        .execute(conn)
}

pub fn set_referral_due(
    conn: &mut DbConnection,
    id: &str,
    due: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set(referrals::due_at.eq(due))
        .execute(conn)
}
