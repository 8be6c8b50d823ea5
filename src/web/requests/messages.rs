//! Messages on a request: the professional, the guichet and the partners write to each other;
//! agents may also leave internal notes, never shown to the professional.

use actix_web::{web, HttpResponse};

use super::actions::{message, text, Form, Id};
use super::form_again::page_again_handler;
use super::{actor, context, load};
use crate::auth::{policy, Viewer};
use crate::db;
use crate::error::AppError;
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow;
use crate::workflow::access::message_target;

page_again_handler! {
    /// A message (or, for agents, an internal note) outside any transition.
    post_message => post_message_checked, Id
}

async fn post_message_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let st = state.clone();
    let now = state.clock.now();
    let id = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &path.into_inner())?;
            policy::write_message(&loaded.access)?;
            let body = text(&form, "votre message")?;
            let internal = form.interne == "oui" && policy::see_internal_notes(&loaded.access);
            let referral = message_target(&loaded, &form.cible)?;
            message(
                conn,
                &loaded,
                &viewer,
                referral.as_deref(),
                &body,
                internal,
                now,
            )?;
            let ctx = context(&st);
            let who = actor(&viewer, &loaded.access);
            let summary = if internal {
                "Note interne ajoutée".to_string()
            } else {
                format!("Message de {}", who.label)
            };
            workflow::append(
                conn,
                &loaded.request.id,
                &who,
                "message",
                &summary,
                referral.as_deref(),
                internal,
                ctx.now,
            )?;
            if !internal {
                crate::workflow::notify::after_message(
                    conn,
                    &ctx,
                    &loaded,
                    &viewer.user_id,
                    referral.as_deref(),
                    &body,
                )?;
            }
            Ok::<_, AppError>(loaded.request.id)
        })
    })
    .await?;
    Ok(see_other(&format!(
        "/demandes/{id}?ok=message-envoye#messages"
    )))
}
