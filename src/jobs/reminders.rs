//! The permanence reminder: 48 hours before a booked slot, one e-mail per active booking.
//! `run_once` is what the periodic task calls (and what the tests call with a chosen `now`);
//! each reminder is claimed by a conditional update in its own transaction, so two runs, or
//! two instances, never send it twice.

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::{self, DbConnection};
use crate::domain::permanence::reminder_lead;
use crate::error::AppError;
use crate::mail::permanence::{enqueue, Mailer, REMINDER};

/// How often the periodic task looks for due reminders.
pub const PERIOD: Duration = Duration::from_secs(300);

/// Enqueues the reminders due at `now`; returns how many were written.
pub fn run_once(
    conn: &mut DbConnection,
    mailer: &Mailer<'_>,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let due = db::permanences::due_reminders(conn, now, reminder_lead())?;
    let mut sent = 0;
    for booking_id in due {
        let claim = |conn: &mut DbConnection| {
            Ok(db::permanences::mark_reminded(conn, &booking_id, now)? > 0)
        };
        sent += super::claim_then_send(conn, claim, |conn| {
            let view =
                db::permanences::find_booking(conn, &booking_id)?.ok_or(AppError::NotFound)?;
            enqueue(conn, mailer, REMINDER, &view, now)?;
            Ok(1)
        })?;
    }
    Ok(sent)
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every("rappels de permanence", PERIOD, deps, |conn, deps, now| {
        let mailer = Mailer {
            templates: &deps.templates,
            base_url: &deps.base_url,
        };
        run_once(conn, &mailer, now)
    })
    .await;
}
