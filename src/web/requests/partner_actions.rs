//! What a partner institution's agent does with the referral routed to it: take it, answer it,
//! decline it. Same shape as `actions`: check the policy, build the action, let the workflow
//! persist it.

use actix_web::{web, HttpResponse};

use super::actions::{act, message, reason, referral_index, Form, Ids};
use super::form_again::page_again_handler;
use crate::auth::{policy, Viewer};
use crate::domain::request::Action;
use crate::error::AppError;
use crate::web::AppState;
use crate::workflow::{commitments, Details};

pub async fn take(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Ids,
) -> Result<HttpResponse, AppError> {
    let (id, referral) = path.into_inner();
    act(state, viewer, id, "prise-en-charge", move |_, loaded, _| {
        let i = referral_index(loaded, &referral)?;
        policy::answer_referral(
            &loaded.access,
            loaded.referrals[i].institution_id.as_deref(),
        )?;
        Ok((Action::PartnerStart(i), Details::default()))
    })
    .await
}

page_again_handler! {
    answer_referral => answer_referral_checked, Ids
}

async fn answer_referral_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Ids,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let (id, referral) = path.into_inner();
    let form = form.into_inner();
    let (catalogue, zonages) = (state.catalogue.current(), state.zonages.index());
    act(
        state,
        viewer,
        id,
        "reponse-enregistree",
        move |conn, loaded, viewer| {
            let i = referral_index(loaded, &referral)?;
            policy::answer_referral(
                &loaded.access,
                loaded.referrals[i].institution_id.as_deref(),
            )?;
            let institution = loaded.referrals[i]
                .institution_id
                .clone()
                .unwrap_or_default();
            let answer = super::handover::answer_text(conn, &form, &institution)?;
            let decision = super::decisions::parse(conn, loaded, &viewer.user_id, &form, now)?;
            message(conn, loaded, viewer, Some(&referral), &answer, false, now)?;
            let grant =
                commitments::plan_grant(conn, &catalogue, &zonages, &loaded.request, &decision)?;
            Ok((
                Action::PartnerAnswer(i),
                Details {
                    text: Some(answer),
                    decision: Some(decision),
                    grant,
                    ..Details::default()
                },
            ))
        },
    )
    .await
}

page_again_handler! {
    decline => decline_checked, Ids
}

async fn decline_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Ids,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let (id, referral) = path.into_inner();
    let form = form.into_inner();
    act(
        state,
        viewer,
        id,
        "transmission-declinee",
        move |_, loaded, _| {
            let i = referral_index(loaded, &referral)?;
            policy::answer_referral(
                &loaded.access,
                loaded.referrals[i].institution_id.as_deref(),
            )?;
            let reason = reason(&form)?;
            Ok((
                Action::PartnerDecline {
                    referral: i,
                    reason: reason.clone(),
                },
                Details {
                    text: Some(reason.as_str().to_string()),
                    ..Details::default()
                },
            ))
        },
    )
    .await
}
