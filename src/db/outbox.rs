//! The e-mail outbox: written in the same transaction as the change that causes the e-mail,
//! sent by the worker, retried with backoff, then marked failed for an admin to retry.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{mail_workers, outbox, requests, users};
use super::DbConnection;

pub use crate::domain::outbox::OutboxStatus;
pub const PENDING: OutboxStatus = OutboxStatus::Pending;
pub const SENDING: OutboxStatus = OutboxStatus::Sending;
pub const SENT: OutboxStatus = OutboxStatus::Sent;
pub const FAILED: OutboxStatus = OutboxStatus::Failed;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: String,
    pub template: String,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// One optional attachment (e.g. the `.ics` of a booking), stored as text.
    pub attachment_name: Option<String>,
    pub attachment_content_type: Option<String>,
    pub attachment_body: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxMessage {
    pub id: String,
    pub template: String,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub attachment_name: Option<String>,
    pub attachment_content_type: Option<String>,
    pub attachment_body: Option<String>,
    /// The recipient's région ([`recipient_region`]): the admins who see the message.
    pub region_code: Option<String>,
}

/// The région of an address: the person's own (agents, référents, admins), else the région of
/// the professional's latest request; `None` for an address the guichet does not know.
pub fn recipient_region(conn: &mut DbConnection, to: &str) -> QueryResult<Option<String>> {
    let email = to.trim().to_lowercase();
    let own: Option<Option<String>> = users::table
        .filter(users::email.eq(&email))
        .select(users::region_code)
        .first(conn)
        .optional()?;
    if let Some(Some(region)) = own {
        return Ok(Some(region));
    }
    requests::table
        .inner_join(users::table.on(users::id.eq(requests::professional_id)))
        .filter(users::email.eq(&email))
        .filter(requests::region_code.is_not_null())
        .order(requests::created_at.desc())
        .select(requests::region_code)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

pub fn insert(conn: &mut DbConnection, message: &NewOutboxMessage) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(message)
        .execute(conn)
        .map(|_| ())
}

/// Claims up to `limit` due messages for `worker` and `lease`: pending ones whose time has come,
/// and "sending" ones whose claim is dead — its lease ran out, or the instance holding it has not
/// beaten its heartbeat since `alive_since` (it was killed: its claims are taken over within
/// seconds, not at the end of the lease). On PostgreSQL the candidate rows are locked with
/// `FOR UPDATE SKIP LOCKED`, so two instances never claim the same message; SQLite serialises
/// writers and runs one worker.
pub fn claim_due(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
    alive_since: NaiveDateTime,
) -> QueryResult<Vec<OutboxMessage>> {
    macro_rules! claim {
        ($c:expr, $($lock:ident)*) => {{
            let alive: Vec<String> = mail_workers::table
                .filter(mail_workers::heartbeat_at.ge(alive_since))
                .select(mail_workers::id)
                .load($c)?;
            let ids: Vec<String> = outbox::table
                .filter(
                    outbox::status
                        .eq(PENDING)
                        .and(outbox::next_attempt_at.le(now))
                        .or(outbox::status.eq(SENDING).and(
                            outbox::locked_until.le(now).or(outbox::claimed_by
                                .is_not_null()
                                .and(outbox::claimed_by.ne_all(&alive))),
                        )),
                )
                .order(outbox::next_attempt_at)
                .limit(limit)
                .select(outbox::id)
                $(.$lock())*
                .load($c)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set((
                    outbox::status.eq(SENDING),
                    outbox::locked_until.eq(now + lease),
                    outbox::claimed_by.eq(worker),
                ))
                .execute($c)?;
            outbox::table
                .filter(outbox::id.eq_any(&ids))
                .order(outbox::next_attempt_at)
                .select(OutboxMessage::as_select())
                .load($c)
        }};
    }
    match conn {
        DbConnection::Postgresql(c) => c.transaction(|c| claim!(c, for_update skip_locked)),
        // IMMEDIATE takes the write lock before reading: two SQLite workers cannot both claim.
        DbConnection::Sqlite(c) => c.immediate_transaction(|c| claim!(c,)),
    }
}

/// Empties the bodies of the messages of `templates` created before `before` (not while a
/// worker sends them); returns how many.
pub fn forget_bodies(
    conn: &mut DbConnection,
    templates: &[&str],
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::template.eq_any(templates))
            .filter(outbox::created_at.lt(before))
            .filter(outbox::status.ne(SENDING))
            .filter(outbox::body_text.ne("").or(outbox::body_html.ne(""))),
    )
    .set((outbox::body_text.eq(""), outbox::body_html.eq("")))
    .execute(conn)
}

/// Records that `worker` is alive at `now`; forgets instances silent for a day.
pub fn heartbeat(conn: &mut DbConnection, worker: &str, now: NaiveDateTime) -> QueryResult<()> {
    let updated = diesel::update(mail_workers::table.find(worker))
        .set(mail_workers::heartbeat_at.eq(now))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(mail_workers::table)
            .values((
                mail_workers::id.eq(worker),
                mail_workers::heartbeat_at.eq(now),
            ))
            .execute(conn)?;
        diesel::delete(
            mail_workers::table.filter(mail_workers::heartbeat_at.lt(now - Duration::days(1))),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Marks a message delivered; with `forget_body`, its bodies are emptied (they may hold a one-time
/// link — reset, invitation, change of address — that must not stay readable in the database).
pub fn mark_sent(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    forget_body: bool,
) -> QueryResult<usize> {
    if forget_body {
        diesel::update(outbox::table.find(id))
            .set((outbox::body_text.eq(""), outbox::body_html.eq("")))
            .execute(conn)?;
    }
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(SENT),
            outbox::sent_at.eq(now),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::claimed_by.eq(None::<String>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
}

/// Records a failed attempt: back to pending at `retry_at`, or failed for good when `None`.
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    let status = if retry_at.is_some() { PENDING } else { FAILED };
    let mut q = diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::claimed_by.eq(None::<String>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    if let Some(at) = retry_at {
        q += diesel::update(outbox::table.find(id))
            .set(outbox::next_attempt_at.eq(at))
            .execute(conn)?;
    }
    Ok(q)
}

/// An admin's retry of a failed message of their région: pending again, attempts reset.
pub fn retry(
    conn: &mut DbConnection,
    id: &str,
    region: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(FAILED))
            .filter(outbox::region_code.eq(region)),
    )
    .set((
        outbox::status.eq(PENDING),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
    ))
    .execute(conn)
}

pub fn list_by_status(
    conn: &mut DbConnection,
    status: OutboxStatus,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    outbox::table
        .filter(outbox::status.eq(status))
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)
}

/// The messages of one région with `status`, newest first.
pub fn list_in_region(
    conn: &mut DbConnection,
    region: &str,
    status: OutboxStatus,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    outbox::table
        .filter(outbox::region_code.eq(region))
        .filter(outbox::status.eq(status))
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)
}

pub fn count_in_region(
    conn: &mut DbConnection,
    region: &str,
    status: OutboxStatus,
) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::region_code.eq(region))
        .filter(outbox::status.eq(status))
        .count()
        .get_result(conn)
}

pub fn latest(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<OutboxMessage>> {
    outbox::table
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OutboxMessage>> {
    outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()
}

pub fn count_status(conn: &mut DbConnection, status: OutboxStatus) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::status.eq(status))
        .count()
        .get_result(conn)
}
