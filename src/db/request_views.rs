//! Who consulted a request (RGPD: the professional sees which institution or role looked at
//! their file, and when; admins read the same entries in the audit log).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::audit_events;
use super::DbConnection;

/// The audit event of a consultation; its subject is the request, its detail who looked.
pub const VIEW_EVENT: &str = "request_view";
/// A viewer reading the page again within this time is not recorded again.
const SAME_VISIT_MINUTES: i64 = 10;

/// Records that `viewer_id` (described by `who`: an institution or a role, never a name)
/// consulted the request, unless it did in the last minutes.
pub fn record(
    conn: &mut DbConnection,
    request_id: &str,
    viewer_id: &str,
    who: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let recent: bool = diesel::select(diesel::dsl::exists(
        audit_events::table
            .filter(audit_events::event.eq(VIEW_EVENT))
            .filter(audit_events::subject_id.eq(request_id))
            .filter(audit_events::actor_id.eq(viewer_id))
            .filter(audit_events::at.gt(now - Duration::minutes(SAME_VISIT_MINUTES))),
    ))
    .get_result(conn)?;
    if recent {
        return Ok(());
    }
    super::audit::record(
        conn,
        VIEW_EVENT,
        Some(viewer_id),
        Some(request_id),
        None,
        who,
        now,
    )
}

/// The consultations of a request, latest first: (when, who).
pub fn of_request(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<(NaiveDateTime, String)>> {
    audit_events::table
        .filter(audit_events::event.eq(VIEW_EVENT))
        .filter(audit_events::subject_id.eq(request_id))
        .order(audit_events::at.desc())
        .limit(100)
        .select((audit_events::at, audit_events::detail))
        .load(conn)
}
