//! The decisions partner institutions record on their referrals (columns of `referrals`).

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::referrals;
use super::DbConnection;
use crate::domain::request::{Decision, DecisionOutcome};

/// The decision of one referral as stored (`outcome` is `None` until answered with one).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = referrals)]
pub struct DecisionRow {
    pub id: String,
    pub outcome: Option<DecisionOutcome>,
    pub amount_cents: Option<i64>,
    pub signed_on: Option<NaiveDate>,
    pub file_number: Option<String>,
    pub decision_document_id: Option<String>,
}

/// Records `decision` on referral `id`.
pub fn set(conn: &mut DbConnection, id: &str, decision: &Decision) -> QueryResult<usize> {
    diesel::update(referrals::table.find(id))
        .set((
            referrals::outcome.eq(Some(decision.outcome)),
            referrals::amount_cents.eq(decision.amount_cents),
            referrals::signed_on.eq(decision.signed_on),
            referrals::file_number.eq(decision.file_number.as_deref()),
            referrals::decision_document_id.eq(decision.document_id.as_deref()),
        ))
        .execute(conn)
}

/// The decisions of a request's active referrals.
pub fn of_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<DecisionRow>> {
    referrals::table
        .filter(referrals::request_id.eq(request_id))
        .filter(referrals::removed_at.is_null())
        .select(DecisionRow::as_select())
        .load(conn)
}
