//! Keeps the stored inbox columns of a request and of its referrals in step with their states
//! and clocks (called after every workflow action).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{referrals, requests};
use crate::db::DbConnection;
use crate::domain::inbox::{self, Tab};
use crate::domain::request::{ReferralState, RequestState};

/// Id, state, due date, start and removal of a referral.
type ReferralClock = (
    String,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Recomputes the tab and earliest open deadline of `request_id` and of its referrals.
pub fn refresh_columns(conn: &mut DbConnection, request_id: &str) -> QueryResult<()> {
    let found: Option<(String, Option<NaiveDateTime>)> = requests::table
        .find(request_id)
        .select((requests::state, requests::qualification_due_at))
        .first(conn)
        .optional()?;
    let Some((state, qualification_due)) = found else {
        return Ok(());
    };
    let Ok(state) = state.parse::<RequestState>() else {
        return Ok(());
    };
    let rows: Vec<ReferralClock> = referrals::table
        .filter(referrals::request_id.eq(request_id))
        .select((
            referrals::id,
            referrals::state,
            referrals::due_at,
            referrals::started_at,
            referrals::removed_at,
        ))
        .load(conn)?;
    let mut clocks = Vec::new();
    for (id, referral_state, due, started, removed) in rows {
        let Ok(referral_state) = referral_state.parse::<ReferralState>() else {
            continue;
        };
        let visible = removed.is_none() && started.is_some();
        let deadline = if visible && inbox::is_open(state) {
            inbox::referral_deadline(referral_state, due)
        } else {
            inbox::no_deadline()
        };
        diesel::update(referrals::table.find(&id))
            .set((
                referrals::inbox_tab.eq(inbox::stored(Tab::of_referral(referral_state, visible))),
                referrals::inbox_due_at.eq(deadline),
            ))
            .execute(conn)?;
        if removed.is_none() {
            clocks.push((referral_state, due));
        }
    }
    diesel::update(requests::table.find(request_id))
        .set((
            requests::inbox_tab.eq(inbox::stored(Tab::of_request(state))),
            requests::inbox_due_at.eq(inbox::request_deadline(state, qualification_due, &clocks)),
        ))
        .execute(conn)
        .map(|_| ())
}
