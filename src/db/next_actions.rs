//! The next action planned on a request in coordination avancée (`request_next_actions`, one
//! row per request at most).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{request_next_actions as next, requests};
use super::DbConnection;
use crate::domain::request::next_action::NextAction;
use crate::domain::request::RequestState;

/// A planned next action as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = next)]
pub struct NextActionRow {
    pub request_id: String,
    pub due_on: NaiveDate,
    pub note: String,
    pub set_by: Option<String>,
    pub set_at: NaiveDateTime,
    pub reminded_on: Option<NaiveDate>,
}

/// Plans `action` on the request (replacing any earlier plan, whose reminder is forgotten).
pub fn set(
    conn: &mut DbConnection,
    request_id: &str,
    action: &NextAction,
    set_by: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(next::table.find(request_id)).execute(conn)?;
    diesel::insert_into(next::table)
        .values((
            next::request_id.eq(request_id),
            next::due_on.eq(action.due_on),
            next::note.eq(&action.note),
            next::set_by.eq(Some(set_by)),
            next::set_at.eq(now),
            next::reminded_on.eq(None::<NaiveDate>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The next action planned on the request, if any.
pub fn find(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<NextActionRow>> {
    next::table
        .find(request_id)
        .select(NextActionRow::as_select())
        .first(conn)
        .optional()
}

/// A planned next action with its request's département, référent in charge and state.
pub type DueNextAction = (NextActionRow, Option<String>, Option<String>, RequestState);

/// Not yet reminded next actions due on or before `latest` (the latest civil date of any
/// territory), with the request's département, its référent and the state of the request.
pub fn unreminded_until(
    conn: &mut DbConnection,
    latest: NaiveDate,
) -> QueryResult<Vec<DueNextAction>> {
    next::table
        .inner_join(requests::table)
        .filter(next::reminded_on.is_null())
        .filter(next::due_on.le(latest))
        .select((
            NextActionRow::as_select(),
            requests::departement_code,
            requests::referent_id,
            requests::state,
        ))
        .load(conn)
}

/// Claims the reminder of the action planned on `due_on`: 1 if this call claimed it, 0 if it
/// was already sent or the plan changed since.
pub fn mark_reminded(
    conn: &mut DbConnection,
    request_id: &str,
    due_on: NaiveDate,
) -> QueryResult<usize> {
    diesel::update(
        next::table
            .filter(next::request_id.eq(request_id))
            .filter(next::due_on.eq(due_on))
            .filter(next::reminded_on.is_null()),
    )
    .set(next::reminded_on.eq(Some(due_on)))
    .execute(conn)
}

/// Ids of the requests whose next action is due on or before `latest`.
pub fn due_request_ids(conn: &mut DbConnection, latest: NaiveDate) -> QueryResult<Vec<String>> {
    next::table
        .filter(next::due_on.le(latest))
        .select(next::request_id)
        .load(conn)
}
