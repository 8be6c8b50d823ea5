//! Carrying out an action on a request: the pure state machine (`domain::request::apply`)
//! decides; this module persists what it decided — request and referral states, clock pauses,
//! due dates, the timeline and the e-mails — in the caller's transaction.

pub mod access;
pub mod account_erasure;
pub mod assignment;
pub mod commitments;
pub mod intake;
pub mod kind_change;
pub mod messages;
pub mod next_action;
pub mod notify;
pub mod personal_data;
pub mod projects;
pub mod submit;

use chrono::NaiveDateTime;

use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::timeline::TimelineEvent;
use crate::db::{self, DbConnection};
use crate::domain::calendar::Territory;
use crate::domain::inbox;
use crate::domain::institution::InstitutionKind;
use crate::domain::request::Clock;
use crate::domain::request::TimelineKind;
use crate::domain::request::{
    apply, Action, ActorRole, ClockAction, DeadlinePolicy, Decision, DecisionOutcome, Outcome,
    ReferralChange, ReferralState, RequestState, TransitionError,
};
use crate::error::AppError;

/// What the workflow needs besides the database.
pub struct Context<'a> {
    pub templates: &'a tera::Tera,
    pub base_url: &'a str,
    pub deadlines: &'a DeadlinePolicy,
    pub now: NaiveDateTime,
}

/// Who acts, as shown in the timeline.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: String,
    pub role: ActorRole,
    pub label: String,
}

/// A referral the action adds (AddReferral, PartnerReroute): its institution, or `None` when missing.
pub struct NewReferral {
    pub institution_id: Option<String>,
    pub institution_kind: InstitutionKind,
}

/// Details an action carries beyond the state machine.
#[derive(Default)]
pub struct Details {
    /// The text of a question, an answer or a reason, shown in the timeline and the e-mails.
    pub text: Option<String>,
    pub added: Option<NewReferral>,
    /// Extra words for the timeline (e.g. the institution's name).
    pub note: Option<String>,
    /// A partner's decision on its referral (with its answer).
    pub decision: Option<Decision>,
    /// The commitments a grant creates (with a granted decision).
    pub grant: Option<commitments::GrantPlan>,
}

/// The states of a request and of its active referrals.
pub fn states_of(
    request: &RequestRow,
    referrals: &[ReferralRow],
) -> (RequestState, Vec<ReferralState>) {
    (request.state, referrals.iter().map(|r| r.state).collect())
}

/// Applies `action` to the request; a refused transition is a 409 with the French reason.
pub fn perform(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    action: &Action,
    actor: &Actor,
    details: Details,
) -> Result<Outcome, AppError> {
    let mut referrals = db::requests::active_referrals(conn, &request.id)?;
    let (before, states) = states_of(request, &referrals);
    let outcome = apply(before, &states, action, actor.role).map_err(|e| match e {
        TransitionError::Illegal(illegal) => AppError::Conflict(illegal.reason),
        TransitionError::Inconsistent { .. } => AppError::Internal(anyhow::anyhow!("{e}")),
    })?;
    let now = ctx.now;
    let mut timeline_referral: Option<String> = action
        .referral()
        .and_then(|i| referrals.get(i))
        .map(|r| r.id.clone());
    for change in &outcome.referrals {
        match change {
            ReferralChange::Changed { index, to, .. } => {
                if let Some(r) = referrals.get(*index) {
                    db::requests::set_referral_state(conn, &r.id, to.slug(), now)?;
                }
            }
            ReferralChange::Removed { index } => {
                if let Some(r) = referrals.get(*index) {
                    db::requests::remove_referral(conn, &r.id, now)?;
                }
            }
            ReferralChange::Rerouted { index } => {
                if let Some(r) = referrals.get(*index) {
                    db::requests::reroute_referral(conn, &r.id, now)?;
                }
            }
            ReferralChange::Added { state } => {
                let added = details.added.as_ref().ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!("institution ajoutée non précisée"))
                })?;
                let row = ReferralRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    request_id: request.id.clone(),
                    position: db::requests::next_position(conn, &request.id)?,
                    institution_id: added.institution_id.clone(),
                    institution_kind: added.institution_kind,
                    state: *state,
                    removed_at: None,
                    started_at: None,
                    due_at: None,
                    answered_at: None,
                    answer: None,
                    decline_reason: None,
                    agent_id: None,
                    created_at: now,
                    updated_at: now,
                    inbox_tab: inbox::NO_TAB.to_string(),
                    inbox_due_at: inbox::no_deadline(),
                };
                db::requests::insert_referral(conn, &row)?;
                timeline_referral = Some(row.id.clone());
                referrals.push(row);
            }
        }
    }
    apply_clocks(conn, ctx, request, &referrals, &outcome)?;
    record_answer(conn, action, &referrals, actor, &details, now)?;
    if outcome.request != before {
        db::requests::set_state(conn, &request.id, outcome.request.slug(), now)?;
        match action {
            Action::Route => {
                db::requests::set_routed(conn, &request.id, now)?;
            }
            Action::Close => {
                db::requests::set_closed(conn, &request.id, Some(now))?;
            }
            Action::Reopen => {
                db::requests::set_closed(conn, &request.id, None)?;
            }
            _ => {}
        }
    }
    let mut summary = action.summary();
    if let Some(note) = &details.note {
        summary.push_str(" — ");
        summary.push_str(note);
    }
    if let Some(decision) = &details.decision {
        summary.push_str(" — décision : ");
        summary.push_str(&decision.summary());
    }
    if let Some(text) = &details.text {
        summary.push_str(" : ");
        summary.push_str(text);
    }
    if outcome.request != before {
        summary.push_str(&format!(
            " (demande : {} → {})",
            before.label(),
            outcome.request.label()
        ));
    }
    append(
        conn,
        &request.id,
        actor,
        TimelineKind::Transition,
        &summary,
        timeline_referral.as_deref(),
        false,
        now,
    )?;
    db::inbox::refresh_columns(conn, &request.id)?;
    notify::after_action(
        conn, ctx, request, &referrals, action, before, &outcome, &details,
    )?;
    Ok(outcome)
}

/// Records the clock events: referral starts, pauses and resumes, then recomputes due dates.
fn apply_clocks(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    referrals: &[ReferralRow],
    outcome: &Outcome,
) -> Result<(), AppError> {
    let now = ctx.now;
    for event in &outcome.clocks {
        let referral =
            match event.clock {
                Clock::Qualification => None,
                Clock::Referral(i) => Some(referrals.get(i).ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!("transmission {i} inconnue"))
                })?),
            };
        let referral_id = referral.map(|r| r.id.as_str());
        match event.action {
            ClockAction::Start => match referral {
                Some(r) => {
                    db::requests::start_referral(conn, &r.id, now)?;
                }
                None => {
                    db::requests::set_submitted(conn, &request.id, request.priority, now)?;
                }
            },
            ClockAction::Pause => {
                db::clock_pauses::open_pause(conn, &request.id, referral_id, now)?
            }
            ClockAction::Resume | ClockAction::Stop => {
                db::clock_pauses::close_pause(conn, &request.id, referral_id, now)?;
            }
        }
        refresh_due(conn, ctx, &request.id, referral_id)?;
    }
    Ok(())
}

/// Recomputes the stored due date of one clock from its start and its pauses (`None` while paused).
pub fn refresh_due(
    conn: &mut DbConnection,
    ctx: &Context,
    request_id: &str,
    referral_id: Option<&str>,
) -> Result<(), AppError> {
    let pauses = db::clock_pauses::pauses(conn, request_id, referral_id)?;
    let request = db::requests::find(conn, request_id)?.ok_or(AppError::NotFound)?;
    match referral_id {
        None => {
            if let Some(start) = request.submitted_at {
                let territory = Territory::of_optional(request.departement_code.as_deref());
                db::requests::set_qualification_due(
                    conn,
                    request_id,
                    ctx.deadlines.qualification_due(territory, start, &pauses),
                )?;
            }
        }
        Some(id) => {
            let referral = db::requests::active_referrals(conn, request_id)?
                .into_iter()
                .find(|r| r.id == id);
            if let Some((start, institution)) =
                referral.and_then(|r| Some((r.started_at?, r.institution_id)))
            {
                // The working days of the institution's département; a regional or national
                // institution counts those of the request's.
                let departement = match institution {
                    Some(i) => db::institutions::departement_of(conn, &i)?,
                    None => None,
                }
                .or(request.departement_code);
                let territory = Territory::of_optional(departement.as_deref());
                db::requests::set_referral_due(
                    conn,
                    id,
                    ctx.deadlines.referral_due(territory, start, &pauses),
                )?;
            }
        }
    }
    Ok(())
}

/// A partner's answer or refusal is kept on the referral.
fn record_answer(
    conn: &mut DbConnection,
    action: &Action,
    referrals: &[ReferralRow],
    actor: &Actor,
    details: &Details,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    match action {
        Action::PartnerAnswer(i) => {
            if let Some(r) = referrals.get(*i) {
                db::requests::set_referral_answer(
                    conn,
                    &r.id,
                    details.text.as_deref(),
                    None,
                    &actor.user_id,
                    now,
                )?;
                if let Some(decision) = &details.decision {
                    db::decisions::set(conn, &r.id, decision)?;
                    if let Some(plan) = details
                        .grant
                        .as_ref()
                        .filter(|_| decision.outcome == DecisionOutcome::Granted)
                    {
                        commitments::create(conn, r, plan, actor, now)?;
                    }
                }
            }
        }
        Action::PartnerDecline { referral, reason } => {
            if let Some(r) = referrals.get(*referral) {
                db::requests::set_referral_answer(
                    conn,
                    &r.id,
                    None,
                    Some(reason.as_str()),
                    &actor.user_id,
                    now,
                )?;
            }
        }
        Action::PartnerStart(i) => {
            if let Some(r) = referrals.get(*i) {
                db::requests::set_referral_agent(conn, &r.id, &actor.user_id)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Appends an event to the immutable timeline.
#[allow(clippy::too_many_arguments)]
pub fn append(
    conn: &mut DbConnection,
    request_id: &str,
    actor: &Actor,
    kind: TimelineKind,
    summary: &str,
    referral_id: Option<&str>,
    internal: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db::timeline::append(
        conn,
        &TimelineEvent {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request_id.to_string(),
            at: now,
            actor_id: Some(actor.user_id.clone()),
            actor_label: actor.label.clone(),
            kind,
            summary: summary.to_string(),
            referral_id: referral_id.map(str::to_string),
            internal,
        },
    )?;
    Ok(())
}
