//! The append-only audit log of security events (a trigger refuses updates and deletes).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_events, users};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: String,
    pub at: NaiveDateTime,
    pub event: String,
    pub actor_id: Option<String>,
    pub subject_id: Option<String>,
    pub ip: Option<String>,
    pub detail: String,
}

/// Records an event. `detail` must hold no password, token or full RPPS.
pub fn record(
    conn: &mut DbConnection,
    event: &str,
    actor_id: Option<&str>,
    subject_id: Option<&str>,
    ip: Option<&str>,
    detail: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(uuid::Uuid::now_v7().to_string()),
            audit_events::at.eq(now),
            audit_events::event.eq(event),
            audit_events::actor_id.eq(actor_id),
            audit_events::subject_id.eq(subject_id),
            audit_events::ip.eq(ip),
            audit_events::detail.eq(detail),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The latest events done by, or done to, a person of `region`.
pub fn latest_in_region(
    conn: &mut DbConnection,
    region: &str,
    limit: i64,
) -> QueryResult<Vec<AuditEvent>> {
    let people = || {
        users::table
            .filter(users::region_code.eq(region.to_string()))
            .select(users::id.nullable())
    };
    audit_events::table
        .filter(
            audit_events::actor_id
                .eq_any(people())
                .or(audit_events::subject_id.eq_any(people())),
        )
        .order(audit_events::at.desc())
        .limit(limit)
        .select(AuditEvent::as_select())
        .load(conn)
}

pub fn count_event(conn: &mut DbConnection, event: &str) -> QueryResult<i64> {
    audit_events::table
        .filter(audit_events::event.eq(event))
        .count()
        .get_result(conn)
}
