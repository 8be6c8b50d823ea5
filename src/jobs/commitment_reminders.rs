//! The reminders of commitment milestones: from `remind_days_before` days before a pending
//! milestone (the civil date of the request's territory), one e-mail to the professional and
//! one to the granting institution: to the agent in charge of the referral that granted the
//! aid when there is one, otherwise to the institution's address. `run_once` is what the
//! periodic task calls (and what the tests call with a chosen `now`); each milestone's reminder
//! is claimed by a conditional update in its own transaction, so two runs, or two instances,
//! never send it twice.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::commitments::CommitmentRow;
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::commitment::{institution_reminder_to, reminder_due, AgentInCharge};
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
    let latest = civil_time::latest_today(now);
    let mut sent = 0;
    for (milestone, commitment, departement) in db::commitments::reminder_candidates(conn, latest)?
    {
        let today = civil_time::today(Territory::of_optional(departement.as_deref()), now);
        if !reminder_due(milestone.status, milestone.remind_on, today) {
            continue;
        }
        let claim = |conn: &mut DbConnection| {
            Ok(db::commitments::mark_reminded(conn, &milestone.id, now)? > 0)
        };
        sent += super::claim_then_send(conn, claim, |conn| {
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
            if let Some(to) = institution_address(conn, &commitment)? {
                let data = data(true, "/partenaire/engagements");
                crate::mail::enqueue(conn, templates, base_url, &to, TEMPLATE, &data, now)?;
            }
            Ok(1)
        })?;
    }
    Ok(sent)
}

/// The address of the granting institution's reminder: the agent in charge of the referral
/// (active, still of that institution), otherwise the institution's general address.
fn institution_address(
    conn: &mut DbConnection,
    commitment: &CommitmentRow,
) -> Result<Option<String>, AppError> {
    let Some(institution_id) = commitment.institution_id.as_deref() else {
        return Ok(None);
    };
    let agent = match db::commitments::referral_agent(conn, &commitment.referral_id)? {
        Some(id) => db::users::find(conn, &id)?,
        None => None,
    };
    let institution = db::institutions::find(conn, institution_id)?;
    let in_charge = agent.as_ref().map(|a| AgentInCharge {
        email: &a.email,
        still_there: a.disabled_at.is_none() && a.institution_id.as_deref() == Some(institution_id),
    });
    let to = institution_reminder_to(in_charge, institution.as_ref().map(|i| i.email.as_str()));
    Ok(to.map(str::to_string))
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every("rappels d'engagements", PERIOD, deps, |conn, deps, now| {
        run_once(conn, &deps.templates, &deps.base_url, now)
    })
    .await;
}
