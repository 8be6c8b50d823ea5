//! The SQL of the retention purge (RGPD): what is due under the cut-offs of
//! `domain::retention`, and its deletion. Audit entries and timelines are append-only; their
//! deletion passes only inside [`with_purge_permit`].

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{
    attachment_shares, attachments, audit_events, clock_pauses, erased_accounts, message_reads,
    messages, outbox, permanence_bookings, permanence_slots, referrals, requests, retention_purges,
    sessions, timeline_events, users,
};
use super::DbConnection;
use crate::domain::request::RequestState;

/// Ids are deleted by batches of this size (well under SQLite's limit of bound variables).
const BATCH: usize = 500;

fn draft() -> &'static str {
    RequestState::Brouillon.slug()
}

fn finished() -> [&'static str; 2] {
    [RequestState::Cloturee.slug(), RequestState::Retiree.slug()]
}

/// Runs `work` in one transaction during which the append-only tables accept deletes.
pub fn with_purge_permit<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    super::transaction(conn, |conn| {
        let permit = uuid::Uuid::now_v7().to_string();
        diesel::insert_into(retention_purges::table)
            .values(retention_purges::id.eq(&permit))
            .execute(conn)?;
        let result = work(conn)?;
        diesel::delete(retention_purges::table.find(&permit)).execute(conn)?;
        Ok(result)
    })
}

/// Drafts (never submitted) last changed before `cutoff`.
pub fn due_drafts(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<Vec<String>> {
    requests::table
        .filter(requests::state.eq(draft()))
        .filter(requests::updated_at.lt(cutoff))
        .select(requests::id)
        .order(requests::id)
        .load(conn)
}

/// Closed or withdrawn requests whose closure (or, without one, last change) is before `cutoff`.
pub fn due_closed_requests(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    requests::table
        .filter(requests::state.eq_any(finished()))
        .filter(
            requests::closed_at.lt(cutoff).or(requests::closed_at
                .is_null()
                .and(requests::updated_at.lt(cutoff))),
        )
        .select(requests::id)
        .order(requests::id)
        .load(conn)
}

/// Professionals not pseudonymised yet, created before `cutoff`, with neither a sign-in nor a
/// session seen since, and no open request (submitted, neither closed nor withdrawn).
pub fn due_inactive_accounts(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let mut open = finished().to_vec();
    open.push(draft());
    users::table
        .filter(users::role.eq(crate::domain::account::Role::Professional.slug()))
        .filter(users::created_at.lt(cutoff))
        .filter(not(exists(
            erased_accounts::table.filter(erased_accounts::user_id.eq(users::id)),
        )))
        .filter(not(exists(
            audit_events::table
                .filter(audit_events::event.eq(SIGNIN_EVENT))
                .filter(audit_events::actor_id.eq(users::id.nullable()))
                .filter(audit_events::at.ge(cutoff)),
        )))
        .filter(not(exists(
            sessions::table
                .filter(sessions::user_id.eq(users::id))
                .filter(sessions::last_seen_at.ge(cutoff)),
        )))
        .filter(not(exists(
            requests::table
                .filter(requests::professional_id.eq(users::id))
                .filter(requests::state.ne_all(open)),
        )))
        .select(users::id)
        .order(users::id)
        .load(conn)
}

/// The audit event of a successful sign-in (`web::account::signin`).
pub const SIGNIN_EVENT: &str = "signin_success";

macro_rules! emails_due {
    ($cutoff:expr) => {
        outbox::table.filter(
            (outbox::status
                .eq(super::outbox::SENT)
                .and(outbox::sent_at.lt($cutoff)))
            .or(outbox::status
                .eq(super::outbox::FAILED)
                .and(outbox::created_at.lt($cutoff))),
        )
    };
}

macro_rules! sessions_due {
    ($cutoff:expr) => {
        sessions::table.filter(
            sessions::revoked_at
                .lt($cutoff)
                .or(sessions::idle_expires_at.lt($cutoff))
                .or(sessions::absolute_expires_at.lt($cutoff)),
        )
    };
}

/// Delivered e-mails sent before `cutoff` and failed ones created before it.
pub fn count_sent_emails(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<i64> {
    emails_due!(cutoff).count().get_result(conn)
}

pub fn delete_sent_emails(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(emails_due!(cutoff)).execute(conn)
}

/// Sessions that ended (idle, absolute expiry or revocation) before `cutoff`.
pub fn count_ended_sessions(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<i64> {
    sessions_due!(cutoff).count().get_result(conn)
}

pub fn delete_ended_sessions(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions_due!(cutoff)).execute(conn)
}

/// Audit entries recorded before `cutoff`.
pub fn count_audit_entries(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<i64> {
    audit_events::table
        .filter(audit_events::at.lt(cutoff))
        .count()
        .get_result(conn)
}

/// Deletes the audit entries recorded before `cutoff` (inside [`with_purge_permit`]).
pub fn delete_audit_entries(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(audit_events::table.filter(audit_events::at.lt(cutoff))).execute(conn)
}

/// Deletes requests with everything that hangs on them (referrals, pauses, timeline,
/// messages and their reads, attachments and their shares; a booking keeps its slot but
/// loses the link); returns the storage names of the attachments' files, which the caller
/// removes from disk once the transaction is committed. Inside [`with_purge_permit`].
pub fn delete_requests(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<String>> {
    let mut files = Vec::new();
    for chunk in ids.chunks(BATCH) {
        let attachment_ids: Vec<String> = attachments::table
            .filter(attachments::request_id.eq_any(chunk))
            .select(attachments::id)
            .load(conn)?;
        for some in attachment_ids.chunks(BATCH) {
            diesel::delete(
                attachment_shares::table.filter(attachment_shares::attachment_id.eq_any(some)),
            )
            .execute(conn)?;
        }
        files.extend(
            attachments::table
                .filter(attachments::request_id.eq_any(chunk))
                .select(attachments::storage_name)
                .load::<String>(conn)?,
        );
        diesel::delete(attachments::table.filter(attachments::request_id.eq_any(chunk)))
            .execute(conn)?;
        let message_ids = messages::table
            .filter(messages::request_id.eq_any(chunk))
            .select(messages::id);
        diesel::delete(message_reads::table.filter(message_reads::message_id.eq_any(message_ids)))
            .execute(conn)?;
        diesel::delete(messages::table.filter(messages::request_id.eq_any(chunk))).execute(conn)?;
        diesel::delete(timeline_events::table.filter(timeline_events::request_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(clock_pauses::table.filter(clock_pauses::request_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::delete(referrals::table.filter(referrals::request_id.eq_any(chunk)))
            .execute(conn)?;
        diesel::update(
            permanence_bookings::table.filter(permanence_bookings::request_id.eq_any(chunk)),
        )
        .set(permanence_bookings::request_id.eq(None::<String>))
        .execute(conn)?;
        diesel::delete(requests::table.filter(requests::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(files)
}

/// The name shown in place of a pseudonymised person.
pub const PSEUDONYM_FIRST_NAME: &str = "Professionnel";

/// Pseudonymises an account: name, e-mail (an address that cannot receive mail, so the real
/// one can register again), password, professional number and situation are replaced, and so
/// is its name in timelines; its sessions, tokens and e-mails are deleted, its bookings to
/// come cancelled, its drafts too
/// (their files' storage names are returned);
/// its submitted requests stay, their search text recomputed without the person. The account
/// can no longer sign in. Inside [`with_purge_permit`].
pub fn pseudonymise_account(
    conn: &mut DbConnection,
    user_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let drafts: Vec<String> = requests::table
        .filter(requests::professional_id.eq(user_id))
        .filter(requests::state.eq(draft()))
        .select(requests::id)
        .load(conn)?;
    let files = delete_requests(conn, &drafts)?;
    let pseudonym = pseudonym_of(user_id);
    let address: Option<String> = users::table
        .find(user_id)
        .select(users::email)
        .first(conn)
        .optional()?;
    if let Some(address) = address {
        // The e-mails to the person: their address and what was said to them.
        diesel::delete(outbox::table.filter(outbox::to_address.eq(address))).execute(conn)?;
    }
    // Their bookings still to come are cancelled, freeing the places.
    let coming: Vec<(String, String)> = permanence_bookings::table
        .inner_join(permanence_slots::table)
        .filter(permanence_bookings::user_id.eq(user_id))
        .filter(permanence_bookings::cancelled_at.is_null())
        .filter(permanence_slots::starts_at.gt(now))
        .select((permanence_bookings::id, permanence_bookings::slot_id))
        .load(conn)?;
    for (booking, slot) in coming {
        diesel::update(permanence_bookings::table.find(&booking))
            .set(permanence_bookings::cancelled_at.eq(Some(now)))
            .execute(conn)?;
        diesel::update(permanence_slots::table.find(&slot))
            .set(permanence_slots::booked.eq(permanence_slots::booked - 1))
            .execute(conn)?;
    }
    // Their projects (an organisation of their own, kept by no institution).
    super::projects::erase_of_owner(conn, user_id)?;
    // Their second factor (secret and recovery codes).
    super::second_factor::remove(conn, user_id)?;
    // Their name in the timelines of the requests kept.
    diesel::update(timeline_events::table.filter(timeline_events::actor_id.eq(user_id)))
        .set(timeline_events::actor_label.eq(format!("{PSEUDONYM_FIRST_NAME} {pseudonym}")))
        .execute(conn)?;
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(format!("{pseudonym}@pseudonyme.invalid")),
            users::password_hash.eq(None::<String>),
            users::first_name.eq(PSEUDONYM_FIRST_NAME),
            users::last_name.eq(&pseudonym),
            users::professional_number.eq(None::<String>),
            users::situation.eq(None::<String>),
            users::study_year.eq(None::<i32>),
            users::installation_date.eq(None::<chrono::NaiveDate>),
            users::installation_commune_insee.eq(None::<String>),
            users::disabled_at.eq(Some(now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(
        super::schema::profile_changes::table
            .filter(super::schema::profile_changes::user_id.eq(user_id)),
    )
    .execute(conn)?;
    diesel::delete(
        super::schema::user_tokens::table.filter(super::schema::user_tokens::user_id.eq(user_id)),
    )
    .execute(conn)?;
    diesel::delete(
        super::schema::api_tokens::table.filter(super::schema::api_tokens::user_id.eq(user_id)),
    )
    .execute(conn)?;
    diesel::insert_into(erased_accounts::table)
        .values((
            erased_accounts::user_id.eq(user_id),
            erased_accounts::erased_at.eq(now),
            erased_accounts::reason.eq(reason),
        ))
        .execute(conn)?;
    let kept: Vec<String> = requests::table
        .filter(requests::professional_id.eq(user_id))
        .select(requests::id)
        .load(conn)?;
    for id in kept {
        super::inbox::refresh_search_text(conn, &id)?;
    }
    Ok(files)
}

/// A stable pseudonym: not the person, but the same in every kept record of the account.
pub fn pseudonym_of(user_id: &str) -> String {
    let tail: String = user_id
        .chars()
        .rev()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("anonyme-{tail}")
}

/// How many attachments the requests `ids` hold (the dry run's count of files).
pub fn count_attachments_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<usize> {
    let mut total = 0;
    for chunk in ids.chunks(BATCH) {
        let n: i64 = attachments::table
            .filter(attachments::request_id.eq_any(chunk))
            .count()
            .get_result(conn)?;
        total += usize::try_from(n).unwrap_or(0);
    }
    Ok(total)
}
