//! The immutable timeline of a request, its messages (with read receipts) and attachments.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{attachments, message_reads, messages, timeline_events, users};
use super::DbConnection;
use crate::domain::account::Role;
use crate::domain::attachment::scan::ScanState;
use crate::domain::request::TimelineKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = timeline_events)]
pub struct TimelineEvent {
    pub id: String,
    pub request_id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub kind: TimelineKind,
    pub summary: String,
    pub referral_id: Option<String>,
    pub internal: bool,
}

pub fn append(conn: &mut DbConnection, event: &TimelineEvent) -> QueryResult<()> {
    diesel::insert_into(timeline_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// The events of a request, oldest first; internal ones only for agents.
pub fn events(
    conn: &mut DbConnection,
    request_id: &str,
    include_internal: bool,
) -> QueryResult<Vec<TimelineEvent>> {
    let mut q = timeline_events::table
        .filter(timeline_events::request_id.eq(request_id))
        .into_boxed();
    if !include_internal {
        q = q.filter(timeline_events::internal.eq(false));
    }
    q.order((timeline_events::at, timeline_events::id))
        .select(TimelineEvent::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = messages)]
pub struct Message {
    pub id: String,
    pub request_id: String,
    pub referral_id: Option<String>,
    pub author_id: String,
    pub body: String,
    pub internal: bool,
    pub created_at: NaiveDateTime,
}

pub fn insert_message(conn: &mut DbConnection, message: &Message) -> QueryResult<()> {
    diesel::insert_into(messages::table)
        .values(message)
        .execute(conn)
        .map(|_| ())
}

/// Messages with their author's name; internal notes only for agents.
pub fn messages(
    conn: &mut DbConnection,
    request_id: &str,
    include_internal: bool,
) -> QueryResult<Vec<(Message, String, String, Role)>> {
    let mut q = messages::table
        .inner_join(users::table)
        .filter(messages::request_id.eq(request_id))
        .into_boxed();
    if !include_internal {
        q = q.filter(messages::internal.eq(false));
    }
    q.order(messages::created_at)
        .select((
            Message::as_select(),
            users::first_name,
            users::last_name,
            users::role,
        ))
        .load(conn)
}

/// Marks the messages as read by `user_id` (once; the first reading counts); returns how many
/// were not read yet.
pub fn mark_read(
    conn: &mut DbConnection,
    message_ids: &[String],
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let already: Vec<String> = message_reads::table
        .filter(message_reads::user_id.eq(user_id))
        .filter(message_reads::message_id.eq_any(message_ids))
        .select(message_reads::message_id)
        .load(conn)?;
    let mut marked = 0;
    for id in message_ids.iter().filter(|id| !already.contains(id)) {
        marked += diesel::insert_into(message_reads::table)
            .values((
                message_reads::message_id.eq(id),
                message_reads::user_id.eq(user_id),
                message_reads::read_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(marked)
}

/// A reading: message id, reader's first and last name, reader's role, when.
pub type Read = (String, String, String, Role, NaiveDateTime);

/// Who read which message and when.
pub fn reads(conn: &mut DbConnection, message_ids: &[String]) -> QueryResult<Vec<Read>> {
    message_reads::table
        .inner_join(users::table)
        .filter(message_reads::message_id.eq_any(message_ids))
        .order(message_reads::read_at)
        .select((
            message_reads::message_id,
            users::first_name,
            users::last_name,
            users::role,
            message_reads::read_at,
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: String,
    pub request_id: String,
    pub uploader_id: String,
    pub display_name: String,
    pub file_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_name: String,
    pub created_at: NaiveDateTime,
    /// `clean`, or in quarantine mode `pending` (not served yet) or `infected` (file deleted).
    pub scan_state: ScanState,
}

pub fn insert_attachment(conn: &mut DbConnection, row: &Attachment) -> QueryResult<()> {
    diesel::insert_into(attachments::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn attachments(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::request_id.eq(request_id))
        .order(attachments::created_at)
        .select(Attachment::as_select())
        .load(conn)
}

pub fn find_attachment(
    conn: &mut DbConnection,
    request_id: &str,
    id: &str,
) -> QueryResult<Option<Attachment>> {
    attachments::table
        .find(id)
        .filter(attachments::request_id.eq(request_id))
        .select(Attachment::as_select())
        .first(conn)
        .optional()
}

/// Locks the request's attachments until the end of the transaction, so that two uploads
/// cannot both pass the per-request total (PostgreSQL: the request row `FOR UPDATE`; SQLite:
/// `db::transaction` already holds the database's write lock, `BEGIN IMMEDIATE`).
pub fn lock_attachments(conn: &mut DbConnection, request_id: &str) -> QueryResult<()> {
    use super::schema::requests;
    match conn {
        DbConnection::Postgresql(c) => requests::table
            .filter(requests::id.eq(request_id))
            .select(requests::id)
            .for_update()
            .first::<String>(c)
            .map(|_| ()),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

pub fn total_attachment_bytes(conn: &mut DbConnection, request_id: &str) -> QueryResult<i64> {
    // Summed here: SUM(BIGINT) is NUMERIC on PostgreSQL; a request holds a handful of files.
    let sizes: Vec<i64> = attachments::table
        .filter(attachments::request_id.eq(request_id))
        .select(attachments::size_bytes)
        .load(conn)?;
    Ok(sizes.iter().sum())
}

/// Documents in quarantine, oldest first (the antivirus job scans them again).
pub fn pending_scans(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::scan_state.eq("pending"))
        .order(attachments::created_at)
        .limit(limit)
        .select(Attachment::as_select())
        .load(conn)
}

/// Records the antivirus's verdict on a document in quarantine (only while it is pending).
pub fn set_scan_state(conn: &mut DbConnection, id: &str, state: ScanState) -> QueryResult<usize> {
    diesel::update(
        attachments::table
            .find(id)
            .filter(attachments::scan_state.eq("pending")),
    )
    .set(attachments::scan_state.eq(state))
    .execute(conn)
}
