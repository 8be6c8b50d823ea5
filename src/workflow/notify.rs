//! The e-mails a request's life sends, written to the outbox in the action's transaction.

use serde::Serialize;

use super::{Context, Details};
use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::{self, DbConnection};
use crate::domain::request::{is_routed, Action, Outcome, ReferralState, RequestState};
use crate::error::AppError;

#[derive(Serialize)]
struct RequestEmail<'a> {
    first_name: &'a str,
    number: &'a str,
    kind_label: &'a str,
    state_label: &'a str,
    text: Option<&'a str>,
    link: String,
}

fn kind_label(request: &RequestRow) -> &'static str {
    request.kind.label()
}

/// Sends `template` about `request` to `to` (a user).
pub fn send(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    to: &db::users::User,
    template: &str,
    state: RequestState,
    text: Option<&str>,
) -> Result<(), AppError> {
    let data = RequestEmail {
        first_name: &to.first_name,
        number: &request.number,
        kind_label: kind_label(request),
        state_label: state.label(),
        text,
        link: format!("{}/demandes/{}", ctx.base_url, request.id),
    };
    crate::mail::enqueue(
        conn,
        ctx.templates,
        ctx.base_url,
        &to.email,
        template,
        &data,
        ctx.now,
    )
}

fn professional(
    conn: &mut DbConnection,
    request: &RequestRow,
) -> Result<db::users::User, AppError> {
    db::users::find(conn, &request.professional_id)?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("demandeur introuvable")))
}

/// Tells the agents of each institution that a referral is now theirs.
fn tell_institutions(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    referrals: &[&ReferralRow],
    state: RequestState,
) -> Result<(), AppError> {
    for referral in referrals {
        if let Some(institution) = &referral.institution_id {
            for agent in db::users::agents_of_institution(conn, institution)? {
                send(conn, ctx, request, &agent, "referral_new", state, None)?;
            }
        }
    }
    Ok(())
}

fn tell_referents(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    template: &str,
    state: RequestState,
    text: Option<&str>,
) -> Result<(), AppError> {
    if let Some(departement) = &request.departement_code {
        for referent in db::users::referents_of_departement(conn, departement)? {
            send(conn, ctx, request, &referent, template, state, text)?;
        }
    }
    Ok(())
}

/// The référent in charge of the request, or else every référent of its département.
fn tell_referent_in_charge(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    template: &str,
    state: RequestState,
    text: &str,
) -> Result<(), AppError> {
    let in_charge = match &request.referent_id {
        Some(id) => db::users::find(conn, id)?.filter(|u| u.disabled_at.is_none()),
        None => None,
    };
    match in_charge {
        Some(referent) => send(conn, ctx, request, &referent, template, state, Some(text)),
        None => tell_referents(conn, ctx, request, template, state, Some(text)),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn after_action(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    referrals: &[ReferralRow],
    action: &Action,
    before: RequestState,
    outcome: &Outcome,
    details: &Details,
) -> Result<(), AppError> {
    let after = outcome.request;
    let pro = professional(conn, request)?;
    match action {
        Action::Submit => {
            send(conn, ctx, request, &pro, "request_submitted", after, None)?;
            tell_referents(conn, ctx, request, "request_new", after, None)?;
            return Ok(());
        }
        // A référent recorded it: an account with a password is told; a new one gets its
        // invitation instead (`workflow::intake`).
        Action::Record(_) => {
            if pro.password_hash.is_some() {
                send(conn, ctx, request, &pro, "request_recorded", after, None)?;
            }
            return Ok(());
        }
        Action::AskProfessional(_) => {
            send(
                conn,
                ctx,
                request,
                &pro,
                "request_question",
                after,
                details.text.as_deref(),
            )?;
        }
        Action::Route => {
            let all: Vec<&ReferralRow> = referrals.iter().collect();
            tell_institutions(conn, ctx, request, &all, after)?;
        }
        Action::AddReferral { .. } => {
            let states: Vec<ReferralState> = referrals.iter().map(|r| r.state).collect();
            if is_routed(after, &states) {
                if let Some(added) = referrals.last() {
                    tell_institutions(conn, ctx, request, &[added], after)?;
                }
            }
        }
        Action::PartnerReroute { reason, .. } => {
            if let Some(added) = referrals.last() {
                tell_institutions(conn, ctx, request, &[added], after)?;
            }
            let text = match &details.note {
                Some(note) => format!("{note}. Motif : {}", reason.as_str()),
                None => reason.as_str().to_string(),
            };
            tell_referent_in_charge(conn, ctx, request, "referral_rerouted", after, &text)?;
        }
        Action::PartnerDecline { reason, .. } => {
            tell_referents(
                conn,
                ctx,
                request,
                "referral_declined",
                after,
                Some(reason.as_str()),
            )?;
        }
        _ => {}
    }
    if after != before && !matches!(action, Action::AskProfessional(_)) {
        send(
            conn,
            ctx,
            request,
            &pro,
            "request_state_changed",
            after,
            None,
        )?;
    }
    Ok(())
}

/// A message tells the other side: agents' messages go to the professional; the professional's
/// go to the institution of the referral it is about, or else to the référents.
pub fn after_message(
    conn: &mut DbConnection,
    ctx: &Context,
    loaded: &super::access::Loaded,
    author_id: &str,
    referral_id: Option<&str>,
    body: &str,
) -> Result<(), AppError> {
    let request = &loaded.request;
    let state = request.state;
    if author_id != request.professional_id {
        let pro = professional(conn, request)?;
        return send(
            conn,
            ctx,
            request,
            &pro,
            "request_message",
            state,
            Some(body),
        );
    }
    let institution = referral_id
        .and_then(|id| loaded.referrals.iter().find(|r| r.id == id))
        .and_then(|r| r.institution_id.clone());
    match institution {
        Some(id) => {
            for agent in db::users::agents_of_institution(conn, &id)? {
                send(
                    conn,
                    ctx,
                    request,
                    &agent,
                    "request_message",
                    state,
                    Some(body),
                )?;
            }
            Ok(())
        }
        None => tell_referents(conn, ctx, request, "request_message", state, Some(body)),
    }
}
