//! The reminders of commitment milestones: from `remind_days_before` days before a pending
//! milestone (the civil date of the request's territory), one e-mail to the professional and
//! one to the granting institution. `run_once` is what the periodic task calls (and what the
//! tests call with a chosen `now`); each milestone's reminder is claimed by a conditional update
//! in its own transaction, so two runs, or two instances, never send it twice.

use std::time::Duration;

use chrono::{Days, NaiveDateTime};
use serde::Serialize;

use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::commitment::reminder_due;
use crate::domain::french;
use crate::error::AppError;

/// How often the periodic task looks for due reminders.
pub const PERIOD: Duration = Duration::from_secs(3600);

/// The e-mail template.
pub const TEMPLATE: &str = "commitment_reminder";

#[derive(Serialize)]
struct Reminder<'a> {
    /// Whom the e-mail addresses: the professional, or the institution's agents.
    for_institution: bool,
    aid_code: &'a str,
    commitment: &'a str,
    milestone: &'a str,
    due: String,
    link: String,
}

/// Enqueues the reminders due at `now`; returns how many milestones were reminded.
pub fn run_once(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base_url: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    // Every territory's civil date is at most one day after the UTC date.
    let latest = now
        .date()
        .checked_add_days(Days::new(1))
        .unwrap_or(now.date());
    let mut sent = 0;
    for (milestone, commitment, departement) in db::commitments::reminder_candidates(conn, latest)?
    {
        let today = civil_time::today(Territory::of_optional(departement.as_deref()), now);
        if !reminder_due(milestone.status, milestone.remind_on, today) {
            continue;
        }
        sent += crate::db::transaction::<_, AppError, _>(conn, |conn| {
            if db::commitments::mark_reminded(conn, &milestone.id, now)? == 0 {
                return Ok(0);
            }
            let data = |for_institution: bool, path: &str| Reminder {
                for_institution,
                aid_code: &commitment.aid_code,
                commitment: &commitment.label,
                milestone: &milestone.label,
                due: french::date(milestone.due_on),
                link: format!("{base_url}{path}"),
            };
            if let Some(pro) = db::users::find(conn, &commitment.professional_id)? {
                let data = data(false, "/engagements");
                crate::mail::enqueue(conn, templates, base_url, &pro.email, TEMPLATE, &data, now)?;
            }
            let institution = match commitment.institution_id.as_deref() {
                Some(id) => db::institutions::find(conn, id)?,
                None => None,
            };
            if let Some(i) = institution.filter(|i| !i.email.trim().is_empty()) {
                let data = data(true, "/partenaire/engagements");
                crate::mail::enqueue(conn, templates, base_url, &i.email, TEMPLATE, &data, now)?;
            }
            Ok(1)
        })?;
    }
    Ok(sent)
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every("rappels d'engagements", PERIOD, deps, |conn, deps, now| {
        run_once(conn, &deps.templates, &deps.base_url, now)
    })
    .await;
}
