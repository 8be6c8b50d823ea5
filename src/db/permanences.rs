//! Permanences: sessions, their slots and institutions, bookings. Capacity is enforced by the
//! database: a conditional `UPDATE … SET booked = booked + 1 WHERE booked < capacity` and a
//! unique index on the active (slot, person) pairs, in the caller's transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::institutions::Institution;
use super::schema::{
    institutions, permanence_bookings as bookings, permanence_session_institutions as present,
    permanence_sessions as sessions, permanence_slots as slots, users,
};
use super::DbConnection;
use crate::domain::permanence::{Mode, Refusal, SessionPlan, MAX_UPCOMING_BOOKINGS};
use crate::domain::profession::Profession;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub region_code: String,
    pub departement_code: String,
    pub title: String,
    pub mode: Mode,
    pub address: Option<String>,
    pub video_url: Option<String>,
    pub details: String,
    pub starts_at: NaiveDateTime,
    pub created_by: String,
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = slots)]
pub struct Slot {
    pub id: String,
    pub session_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i32,
    pub booked: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = bookings)]
pub struct Booking {
    pub id: String,
    pub slot_id: String,
    pub user_id: String,
    pub request_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub reminder_sent_at: Option<NaiveDateTime>,
}

/// A booking with its slot and session, as pages and e-mails show it.
#[derive(Debug, Clone)]
pub struct BookingView {
    pub booking: Booking,
    pub slot: Slot,
    pub session: Session,
}

/// A booking with the person who made it (for the agents).
#[derive(Debug, Clone)]
pub struct Attendee {
    pub booking: Booking,
    pub slot: Slot,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub profession: Option<Profession>,
}

/// Why a booking or a cancellation did not happen.
#[derive(Debug)]
pub enum BookingError {
    Refused(Refusal),
    NotFound,
    Database(DieselError),
}

impl From<DieselError> for BookingError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => BookingError::NotFound,
            other => BookingError::Database(other),
        }
    }
}

/// Inserts a session, its slots and its institutions; returns the session id.
pub fn insert_session(
    conn: &mut DbConnection,
    plan: &SessionPlan,
    region_code: &str,
    created_by: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let starts_at = plan.slots.first().map(|s| s.0).unwrap_or(now);
    crate::db::transaction::<_, DieselError, _>(conn, |conn| {
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(&id),
                sessions::region_code.eq(region_code),
                sessions::departement_code.eq(&plan.departement_code),
                sessions::title.eq(&plan.title),
                sessions::mode.eq(plan.mode),
                sessions::address.eq(&plan.address),
                sessions::video_url.eq(&plan.video_url),
                sessions::details.eq(&plan.details),
                sessions::starts_at.eq(starts_at),
                sessions::created_by.eq(created_by),
                sessions::created_at.eq(now),
            ))
            .execute(conn)?;
        for (start, end) in &plan.slots {
            diesel::insert_into(slots::table)
                .values((
                    slots::id.eq(uuid::Uuid::now_v7().to_string()),
                    slots::session_id.eq(&id),
                    slots::starts_at.eq(start),
                    slots::ends_at.eq(end),
                    slots::capacity.eq(plan.capacity),
                    slots::booked.eq(0),
                ))
                .execute(conn)?;
        }
        for institution in &plan.institution_ids {
            diesel::insert_into(present::table)
                .values((
                    present::session_id.eq(&id),
                    present::institution_id.eq(institution),
                ))
                .execute(conn)?;
        }
        Ok(id.clone())
    })
}

/// Sessions whose first slot starts after `since`, soonest first.
pub fn list_from(conn: &mut DbConnection, since: NaiveDateTime) -> QueryResult<Vec<Session>> {
    sessions::table
        .filter(sessions::starts_at.ge(since))
        .order((sessions::starts_at, sessions::id))
        .select(Session::as_select())
        .load(conn)
}

pub fn count_sessions(conn: &mut DbConnection) -> QueryResult<i64> {
    sessions::table.count().get_result(conn)
}

pub fn find_session(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Session>> {
    sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .optional()
}

/// The slots of the given sessions, in time order.
pub fn slots_of(conn: &mut DbConnection, session_ids: &[String]) -> QueryResult<Vec<Slot>> {
    slots::table
        .filter(slots::session_id.eq_any(session_ids))
        .order((slots::starts_at, slots::id))
        .select(Slot::as_select())
        .load(conn)
}

/// (session id, institution) of the given sessions.
pub fn institutions_of(
    conn: &mut DbConnection,
    session_ids: &[String],
) -> QueryResult<Vec<(String, Institution)>> {
    present::table
        .inner_join(institutions::table)
        .filter(present::session_id.eq_any(session_ids))
        .order((institutions::kind, institutions::name))
        .select((present::session_id, Institution::as_select()))
        .load(conn)
}

/// Bookings joined to their slot and session.
macro_rules! view_query {
    () => {
        bookings::table
            .inner_join(slots::table.inner_join(sessions::table))
            .select((
                Booking::as_select(),
                Slot::as_select(),
                Session::as_select(),
            ))
    };
}

fn to_view((booking, slot, session): (Booking, Slot, Session)) -> BookingView {
    BookingView {
        booking,
        slot,
        session,
    }
}

pub fn find_booking(conn: &mut DbConnection, id: &str) -> QueryResult<Option<BookingView>> {
    Ok(view_query!()
        .filter(bookings::id.eq(id))
        .first(conn)
        .optional()?
        .map(to_view))
}

/// A person's bookings, the most recent slot first.
pub fn bookings_of_user(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<BookingView>> {
    Ok(view_query!()
        .filter(bookings::user_id.eq(user_id))
        .order((slots::starts_at.desc(), bookings::created_at.desc()))
        .load(conn)?
        .into_iter()
        .map(to_view)
        .collect())
}

/// First name, last name, e-mail and profession of the person who booked.
type Person = (String, String, String, Option<Profession>);

/// The active bookings of a session with who made them.
pub fn attendees_of(conn: &mut DbConnection, session_id: &str) -> QueryResult<Vec<Attendee>> {
    let rows: Vec<(Booking, Slot, Person)> = bookings::table
        .inner_join(slots::table)
        .inner_join(users::table)
        .filter(slots::session_id.eq(session_id))
        .filter(bookings::cancelled_at.is_null())
        .order((slots::starts_at, bookings::created_at))
        .select((
            Booking::as_select(),
            Slot::as_select(),
            (
                users::first_name,
                users::last_name,
                users::email,
                users::profession,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(booking, slot, (first_name, last_name, email, profession))| Attendee {
                booking,
                slot,
                first_name,
                last_name,
                email,
                profession,
            },
        )
        .collect())
}

/// Books a place of `slot_id` for `user_id`. Call it inside a transaction (the caller writes
/// the confirmation e-mail in the same one): on a refusal, return the error from the
/// transaction so that the place taken is given back. The first statement writes, so SQLite
/// takes its write lock at once and waits (busy timeout) instead of failing on an upgrade.
pub fn book(
    conn: &mut DbConnection,
    slot_id: &str,
    user_id: &str,
    request_id: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, BookingError> {
    let taken = diesel::update(
        slots::table
            .filter(slots::id.eq(slot_id))
            .filter(slots::booked.lt(slots::capacity))
            .filter(slots::starts_at.gt(now)),
    )
    .set(slots::booked.eq(slots::booked + 1))
    .execute(conn)?;
    if taken == 0 {
        let slot: Slot = slots::table
            .find(slot_id)
            .select(Slot::as_select())
            .first(conn)?;
        return Err(BookingError::Refused(if slot.starts_at <= now {
            Refusal::Past
        } else {
            Refusal::Full
        }));
    }
    // Fair use: one slot per permanence, a few upcoming appointments per person.
    let upcoming: Vec<(String, String)> = bookings::table
        .inner_join(slots::table)
        .filter(bookings::user_id.eq(user_id))
        .filter(bookings::cancelled_at.is_null())
        .filter(slots::starts_at.gt(now))
        .select((slots::id, slots::session_id))
        .load(conn)?;
    let session: String = slots::table
        .find(slot_id)
        .select(slots::session_id)
        .first(conn)?;
    if upcoming.iter().any(|(slot, _)| slot == slot_id) {
        return Err(BookingError::Refused(Refusal::AlreadyBooked));
    }
    if upcoming.iter().any(|(_, s)| *s == session) {
        return Err(BookingError::Refused(Refusal::OnePerPermanence));
    }
    if upcoming.len() >= MAX_UPCOMING_BOOKINGS {
        return Err(BookingError::Refused(Refusal::TooMany));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::slot_id.eq(slot_id),
            bookings::user_id.eq(user_id),
            bookings::request_id.eq(request_id),
            bookings::created_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(id),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(BookingError::Refused(Refusal::AlreadyBooked))
        }
        Err(e) => Err(e.into()),
    }
}

/// Cancels `user_id`'s booking before its slot begins and gives the place back. Call it inside
/// a transaction.
pub fn cancel(
    conn: &mut DbConnection,
    booking_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<(), BookingError> {
    let booking: Booking = bookings::table
        .filter(bookings::id.eq(booking_id))
        .filter(bookings::user_id.eq(user_id))
        .select(Booking::as_select())
        .first(conn)?;
    let cancelled = diesel::update(
        bookings::table
            .filter(bookings::id.eq(booking_id))
            .filter(bookings::cancelled_at.is_null())
            .filter(
                bookings::slot_id.eq_any(
                    slots::table
                        .filter(slots::starts_at.gt(now))
                        .select(slots::id),
                ),
            ),
    )
    .set(bookings::cancelled_at.eq(now))
    .execute(conn)?;
    if cancelled == 0 {
        return Err(BookingError::Refused(Refusal::NotCancellable));
    }
    diesel::update(slots::table.find(&booking.slot_id))
        .set(slots::booked.eq(slots::booked - 1))
        .execute(conn)?;
    Ok(())
}

/// Active bookings whose reminder is due at `now` (slot not begun, starting within `lead`),
/// not reminded yet.
pub fn due_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lead: chrono::Duration,
) -> QueryResult<Vec<String>> {
    bookings::table
        .inner_join(slots::table)
        .filter(bookings::cancelled_at.is_null())
        .filter(bookings::reminder_sent_at.is_null())
        .filter(slots::starts_at.gt(now))
        .filter(slots::starts_at.le(now + lead))
        .order(slots::starts_at)
        .select(bookings::id)
        .load(conn)
}

/// Marks the reminder sent, once: 0 when another run (or a cancellation) came first.
pub fn mark_reminded(
    conn: &mut DbConnection,
    booking_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        bookings::table
            .filter(bookings::id.eq(booking_id))
            .filter(bookings::reminder_sent_at.is_null())
            .filter(bookings::cancelled_at.is_null()),
    )
    .set(bookings::reminder_sent_at.eq(now))
    .execute(conn)
}
