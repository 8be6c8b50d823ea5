//! The référent changes where a request is routed: adds an institution of the région to it or
//! removes one, with a reason kept in the timeline.

use actix_web::{web, HttpResponse};

use super::actions::{act, reason, referral_index, Form, Id, Ids};
use super::form_again::page_again_handler;
use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::request::Action;
use crate::error::{AppError, FieldError};
use crate::web::AppState;
use crate::workflow::{Details, NewReferral};

page_again_handler! {
    add_institution => add_institution_checked, Id
}

async fn add_institution_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    act(
        state,
        viewer,
        path.into_inner(),
        "institution-ajoutee",
        move |conn, loaded, _| {
            policy::act_as_referent(&loaded.access)?;
            let reason = reason(&form)?;
            let region = loaded.request.region_code.clone().unwrap_or_default();
            let institution = db::institutions::list_in_region(conn, &region)?
                .into_iter()
                .find(|i| i.id == form.institution_id)
                .ok_or_else(|| {
                    AppError::Validation(vec![FieldError::new(
                        "institution_id",
                        "Choisissez une institution de la région.",
                    )])
                })?;
            if loaded
                .referrals
                .iter()
                .any(|r| r.institution_id.as_deref() == Some(institution.id.as_str()))
            {
                return Err(AppError::Conflict(format!(
                    "{} est déjà saisie de cette demande.",
                    institution.name
                )));
            }
            let details = Details {
                added: Some(NewReferral {
                    institution_id: Some(institution.id.clone()),
                    institution_kind: institution.kind,
                }),
                note: Some(institution.name.clone()),
                text: Some(reason.as_str().to_string()),
                ..Details::default()
            };
            Ok((Action::AddReferral { reason }, details))
        },
    )
    .await
}

page_again_handler! {
    remove_institution => remove_institution_checked, Ids
}

async fn remove_institution_checked(
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
        "institution-retiree",
        move |_, loaded, _| {
            policy::act_as_referent(&loaded.access)?;
            let reason = reason(&form)?;
            let i = referral_index(loaded, &referral)?;
            Ok((
                Action::RemoveReferral {
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
