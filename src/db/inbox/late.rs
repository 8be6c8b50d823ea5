//! What is overdue, for the daily digest: the "en retard" tab of a référent or of an institution,
//! counted and listed most overdue first (a bounded list, whatever the volume).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{InboxRow, ReferralPart};
use crate::db::schema::{referrals, requests};
use crate::db::DbConnection;

/// The requests of `departements` past a deadline: how many, and the `limit` most overdue.
pub fn late_requests(
    conn: &mut DbConnection,
    departements: &[String],
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<(i64, Vec<InboxRow>)> {
    let late = || {
        requests::table
            .filter(requests::departement_code.eq_any(departements))
            .filter(requests::inbox_due_at.lt(now))
    };
    let count = late().count().get_result(conn)?;
    let rows = late()
        .order((requests::inbox_due_at.asc(), requests::id.asc()))
        .limit(limit)
        .select(InboxRow::as_select())
        .load(conn)?;
    Ok((count, rows))
}

/// The referrals of `institution` past their deadline: how many, and the `limit` most overdue.
pub fn late_referrals(
    conn: &mut DbConnection,
    institution: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<(i64, Vec<(InboxRow, ReferralPart)>)> {
    let count = referrals::table
        .filter(referrals::institution_id.eq(institution))
        .filter(referrals::inbox_due_at.lt(now))
        .count()
        .get_result(conn)?;
    let rows = referrals::table
        .inner_join(requests::table)
        .filter(referrals::institution_id.eq(institution))
        .filter(referrals::inbox_due_at.lt(now))
        .order((referrals::inbox_due_at.asc(), referrals::id.asc()))
        .limit(limit)
        .select((InboxRow::as_select(), ReferralPart::as_select()))
        .load(conn)?;
    Ok((count, rows))
}
