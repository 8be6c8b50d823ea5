//! Handing work to someone else: the référent in charge of a request (from the inbox, in bulk,
//! or from the request page), the agent in charge of a referral (a colleague of the same
//! institution), and the institutions a referral may be re-routed to.

use super::access::{actor, allowed, Loaded};
use super::{notify, Context, Details, NewReferral};
use crate::auth::{policy, Viewer};
use crate::db::{self, DbConnection};
use crate::domain::request::TimelineKind;
use crate::domain::request::{Action, Reason, ReferralState};
use crate::error::{AppError, FieldError};

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, message)])
}

/// Puts `referent_id` (a référent of the request's département) in charge of the request and
/// says so in the timeline under `kind`. `Ok(false)`: the request can no longer be qualified,
/// nothing changed. A référent who does not cover the département is a 422 on `referent`.
pub fn assign_referent(
    conn: &mut DbConnection,
    ctx: &Context,
    loaded: &Loaded,
    viewer: &Viewer,
    referent_id: &str,
    kind: TimelineKind,
) -> Result<bool, AppError> {
    policy::act_as_referent(&loaded.access)?;
    let request = &loaded.request;
    // The request page's question: may the référent still qualify it?
    if !allowed(loaded)?.can_qualify {
        return Ok(false);
    }
    let departement = request.departement_code.as_deref().unwrap_or_default();
    let referents = db::users::referents_of_departement(conn, departement)?;
    let Some(who) = referents.iter().find(|u| u.id == referent_id) else {
        return Err(invalid(
            "referent",
            "Ce référent ne couvre pas le département de la demande.",
        ));
    };
    db::inbox::set_referent(conn, &request.id, referent_id, ctx.now)?;
    let summary = format!("Référent en charge : {} {}", who.first_name, who.last_name);
    let by = actor(viewer, &loaded.access);
    super::append(conn, &request.id, &by, kind, &summary, None, false, ctx.now)?;
    db::inbox::refresh_columns(conn, &request.id)?;
    Ok(true)
}

/// The active agents of the referral's institution, to whom it may be handed.
pub fn colleagues(
    conn: &mut DbConnection,
    institution_id: &str,
) -> Result<Vec<db::users::User>, AppError> {
    let mut agents = db::users::agents_of_institution(conn, institution_id)?;
    agents.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Ok(agents)
}

/// Hands referral `index` to `agent_id`, an active agent of the same institution (else a 422
/// on `agent`). A referral still à traiter is taken in charge on the way (the transition
/// table's `PartnerStart`); the colleague is told by e-mail.
pub fn assign_agent(
    conn: &mut DbConnection,
    ctx: &Context,
    loaded: &Loaded,
    viewer: &Viewer,
    index: usize,
    agent_id: &str,
) -> Result<(), AppError> {
    let referral = loaded.referrals.get(index).ok_or(AppError::NotFound)?;
    policy::answer_referral(&loaded.access, referral.institution_id.as_deref())?;
    let institution = referral
        .institution_id
        .as_deref()
        .ok_or(AppError::NotFound)?;
    let Some(colleague) = colleagues(conn, institution)?
        .into_iter()
        .find(|u| u.id == agent_id)
    else {
        return Err(invalid(
            "agent",
            "Choisissez un agent actif de l'institution saisie.",
        ));
    };
    let by = actor(viewer, &loaded.access);
    match referral.state {
        ReferralState::ATraiter => {
            super::perform(
                conn,
                ctx,
                &loaded.request,
                &Action::PartnerStart(index),
                &by,
                Details::default(),
            )?;
        }
        state if state.is_open() => {}
        _ => {
            return Err(AppError::Conflict(
                "Cette institution a déjà répondu ou décliné.".into(),
            ))
        }
    }
    db::requests::set_referral_agent(conn, &referral.id, &colleague.id)?;
    let name = format!("{} {}", colleague.first_name, colleague.last_name);
    let summary = format!("{} a confié la transmission à {name}", viewer.display_name);
    let request_id = &loaded.request.id;
    super::append(
        conn,
        request_id,
        &by,
        TimelineKind::Assignment,
        &summary,
        Some(&referral.id),
        // Between agents: the professional does not need their names.
        true,
        ctx.now,
    )?;
    let request = db::requests::find(conn, request_id)?.ok_or(AppError::NotFound)?;
    let text = viewer.display_name.clone();
    let state = request.state;
    notify::send(
        conn,
        ctx,
        &request,
        &colleague,
        "referral_assigned",
        state,
        Some(&text),
    )
}

/// The institutions a referral may be re-routed to: the active institutions that may
/// receive a referral for the request's région (`db::institutions::routable`), but none already
/// seized of the request.
pub fn reroute_targets(
    conn: &mut DbConnection,
    loaded: &Loaded,
) -> Result<Vec<db::institutions::Institution>, AppError> {
    let Some(region) = loaded.request.region_code.as_deref() else {
        return Ok(Vec::new());
    };
    let seized: Vec<&str> = loaded
        .referrals
        .iter()
        .filter_map(|r| r.institution_id.as_deref())
        .collect();
    let mut targets: Vec<_> = db::institutions::routable(conn, region)?
        .into_iter()
        .filter(|i| !seized.contains(&i.id.as_str()))
        .collect();
    targets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(targets)
}

/// Re-routes referral `index` to `institution_id` (one of [`reroute_targets`]) for `reason`
/// (the transition table's `PartnerReroute`): the new institution is seized with its own
/// deadline, the old one no longer sees the request, and the timeline says from whom to whom.
/// A target outside the list or an empty reason is a 422 beside its field (both at once).
pub fn reroute(
    conn: &mut DbConnection,
    ctx: &Context,
    loaded: &Loaded,
    viewer: &Viewer,
    index: usize,
    institution_id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let referral = loaded.referrals.get(index).ok_or(AppError::NotFound)?;
    let from = referral.institution_id.as_deref();
    policy::answer_referral(&loaded.access, from)?;
    let targets = reroute_targets(conn, loaded)?;
    let target = targets.iter().find(|t| t.id == institution_id);
    let reason = Reason::parse(reason);
    let (Some(target), Ok(reason)) = (target, &reason) else {
        let mut errors = Vec::new();
        if target.is_none() {
            errors.push(FieldError::new(
                "institution_id",
                "Choisissez l'institution compétente dans la liste.",
            ));
        }
        if let Err(e) = reason {
            errors.push(FieldError::new("text", e.to_string()));
        }
        return Err(AppError::Validation(errors));
    };
    let from_name = match from {
        Some(id) => db::institutions::find(conn, id)?.map(|i| i.name),
        None => None,
    }
    .unwrap_or_else(|| referral.institution_kind.label().to_string());
    let details = Details {
        added: Some(NewReferral {
            institution_id: Some(target.id.clone()),
            institution_kind: target.kind,
        }),
        note: Some(format!("de {from_name} vers {}", target.name)),
        text: Some(reason.as_str().to_string()),
        ..Details::default()
    };
    let action = Action::PartnerReroute {
        referral: index,
        reason: reason.clone(),
    };
    let by = actor(viewer, &loaded.access);
    super::perform(conn, ctx, &loaded.request, &action, &by, details)?;
    Ok(())
}
