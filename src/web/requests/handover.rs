//! Handing a request or a referral on, from the request page: an agent hands its referral to a
//! colleague of the same institution or re-routes it to the institution really competent (with
//! a reason); a référent puts a colleague référent in charge of the request.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::actions::{referral_index, Form, Id, Ids};
use super::form_again::page_again_handler;
use super::{on_request, Loaded};
use crate::auth::policy::{self, RequestAccess};
use crate::auth::Viewer;
use crate::db::{self, DbConnection};
use crate::domain::request::ActionSet;
use crate::domain::request::TimelineKind;
use crate::error::{AppError, FieldError};
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow::{self, assignment};

/// The choices of the page's hand-over forms, as (id, name); empty when the viewer may not use
/// the form.
#[derive(Serialize, Default)]
pub(super) struct Handover {
    /// The agent's colleagues (a partner agent of the referral's institution).
    colleagues: Vec<(String, String)>,
    /// Where a referral may be re-routed.
    reroute_targets: Vec<(String, String)>,
    /// The référents who may be put in charge of the request.
    referents: Vec<(String, String)>,
    /// The standard replies of the agent's institution, for its answer form (id, title, text).
    standard_replies: Vec<(String, String, String)>,
}

impl Handover {
    pub(super) fn of(
        conn: &mut DbConnection,
        loaded: &Loaded,
        actions: &ActionSet,
        viewer: &Viewer,
    ) -> Result<Handover, AppError> {
        let mut handover = Handover::default();
        if let RequestAccess::Partner { institution_id } = &loaded.access {
            if actions.referrals.iter().any(|r| r.can_answer) {
                handover.standard_replies =
                    db::standard_replies::of_institution(conn, institution_id)?
                        .into_iter()
                        .map(|r| (r.id, r.title, r.body))
                        .collect();
            }
            if actions
                .referrals
                .iter()
                .any(|r| r.can_start || r.can_handle())
            {
                handover.colleagues = assignment::colleagues(conn, institution_id)?
                    .into_iter()
                    .filter(|u| u.id != viewer.user_id)
                    .map(|u| (u.id, format!("{} {}", u.first_name, u.last_name)))
                    .collect();
            }
        }
        if actions.referrals.iter().any(|r| r.can_reroute) {
            handover.reroute_targets = assignment::reroute_targets(conn, loaded)?
                .into_iter()
                .map(|i| (i.id, i.name))
                .collect();
        }
        if actions.can_qualify {
            let departement = loaded
                .request
                .departement_code
                .as_deref()
                .unwrap_or_default();
            handover.referents = db::users::referents_of_departement(conn, departement)?
                .into_iter()
                .map(|u| (u.id, format!("{} {}", u.first_name, u.last_name)))
                .collect();
        }
        Ok(handover)
    }
}

/// The text of an institution's answer: what was typed, or else the standard reply chosen (one
/// of `institution`'s; anything else is a 422 beside the text).
pub(super) fn answer_text(
    conn: &mut DbConnection,
    form: &super::actions::TextForm,
    institution: &str,
) -> Result<String, AppError> {
    if form.text.trim().is_empty() && !form.reponse_type.is_empty() {
        return match db::standard_replies::find_of(conn, institution, &form.reponse_type)? {
            Some(reply) => Ok(reply.body),
            None => Err(invalid(
                "text",
                "Choisissez une réponse type de votre institution ou écrivez la réponse.",
            )),
        };
    }
    workflow::messages::checked_text(&form.text, "la réponse de votre institution")
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, message)])
}

page_again_handler! {
    /// An agent hands its institution's referral to a colleague.
    assign_colleague => assign_colleague_checked, Ids
}

async fn assign_colleague_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Ids,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let (id, referral) = path.into_inner();
    let form = form.into_inner();
    let id = on_request(&state, viewer, id, move |conn, ctx, loaded, viewer| {
        let i = referral_index(loaded, &referral)?;
        assignment::assign_agent(conn, ctx, loaded, viewer, i, &form.agent)?;
        Ok(loaded.request.id.clone())
    })
    .await?;
    Ok(see_other(&format!(
        "/demandes/{id}?ok=transmission-confiee"
    )))
}

page_again_handler! {
    /// An agent re-routes its referral to another institution, with a reason.
    reroute => reroute_checked, Ids
}

async fn reroute_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Ids,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let (id, referral) = path.into_inner();
    let form = form.into_inner();
    let (id, partner) = on_request(&state, viewer, id, move |conn, ctx, loaded, viewer| {
        let i = referral_index(loaded, &referral)?;
        let (target, reason) = (&form.institution_id, &form.text);
        assignment::reroute(conn, ctx, loaded, viewer, i, target, reason)?;
        let partner = matches!(loaded.access, RequestAccess::Partner { .. });
        Ok((loaded.request.id.clone(), partner))
    })
    .await?;
    // The agent's institution no longer sees the request: back to its inbox.
    Ok(see_other(&if partner {
        "/partenaire/demandes?ok=transmission-reorientee".to_string()
    } else {
        format!("/demandes/{id}?ok=transmission-reorientee")
    }))
}

page_again_handler! {
    /// A référent puts a colleague référent (or themself) in charge of the request.
    assign_referent => assign_referent_checked, Id
}

async fn assign_referent_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let id = on_request(
        &state,
        viewer,
        path.into_inner(),
        move |conn, ctx, loaded, viewer| {
            policy::act_as_referent(&loaded.access)?;
            if form.referent.is_empty() {
                return Err(invalid("referent", "Choisissez un référent."));
            }
            let referent = form.referent.as_str();
            if !assignment::assign_referent(
                conn,
                ctx,
                loaded,
                viewer,
                referent,
                TimelineKind::Assignment,
            )? {
                return Err(AppError::Conflict(
                    "Cette demande ne peut plus changer de référent en charge.".into(),
                ));
            }
            Ok(loaded.request.id.clone())
        },
    )
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=referent-designe")))
}
