//! The next-action reminder (coordination avancée): on the day the référent planned, in the
//! civil time of the request's territory, one e-mail to the référent in charge (or, with nobody
//! in charge, to whoever planned it). Each reminder is claimed by a conditional update in its
//! own transaction, so two runs, or two instances, never send it twice; planning again arms a
//! new reminder.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::french;
use crate::domain::request::is_open;
use crate::domain::request::next_action::is_due;
use crate::error::AppError;

/// How often the task looks for due next actions.
pub const PERIOD: Duration = Duration::from_secs(900);

#[derive(Serialize)]
struct Reminder<'a> {
    first_name: &'a str,
    id: &'a str,
    number: &'a str,
    kind_label: &'static str,
    due_on: String,
    note: &'a str,
}

/// Enqueues the reminders due at `now`; returns how many were written.
pub fn run_once(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base_url: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let latest = civil_time::latest_today(now);
    let mut sent = 0;
    for (planned, departement, referent, state) in db::next_actions::unreminded_until(conn, latest)?
    {
        let today = civil_time::today(Territory::of_optional(departement.as_deref()), now);
        if !is_open(state) || !is_due(planned.due_on, today) {
            continue;
        }
        let Some(to) = referent.or(planned.set_by.clone()) else {
            continue;
        };
        let claim = |conn: &mut DbConnection| {
            Ok(db::next_actions::mark_reminded(conn, &planned.request_id, planned.due_on)? > 0)
        };
        sent += super::claim_then_send(conn, claim, |conn| {
            let (Some(user), Some(request)) = (
                db::users::find(conn, &to)?,
                db::requests::find(conn, &planned.request_id)?,
            ) else {
                return Ok(0);
            };
            if user.disabled_at.is_some() {
                return Ok(0);
            }
            let data = Reminder {
                first_name: &user.first_name,
                id: &request.id,
                number: &request.number,
                kind_label: request.kind.label(),
                due_on: french::date(planned.due_on),
                note: &planned.note,
            };
            crate::mail::enqueue(
                conn,
                templates,
                base_url,
                &user.email,
                "next_action_reminder",
                &data,
                now,
            )?;
            Ok(1)
        })?;
    }
    Ok(sent)
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every(
        "rappels de prochaine action",
        PERIOD,
        deps,
        |conn, deps, now| run_once(conn, &deps.templates, &deps.base_url, now),
    )
    .await;
}
