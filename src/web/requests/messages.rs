//! Messages on a request: the professional, the guichet and the partners write to each other;
//! agents may also leave internal notes, never shown to the professional
//! (`workflow::messages`).

use actix_web::{web, HttpResponse};

use super::actions::{Form, Id};
use super::context;
use super::form_again::page_again_handler;
use crate::auth::Viewer;
use crate::db;
use crate::error::AppError;
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow::messages::{self, NewMessage};

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
    let new = NewMessage {
        text: form.text,
        target: form.cible,
        internal: form.interne == "oui",
    };
    let st = state.clone();
    let id = db::run(&state.pool, move |conn| {
        messages::post_message(conn, &context(&st), &viewer, &path.into_inner(), &new)
    })
    .await?;
    Ok(see_other(&format!(
        "/demandes/{id}?ok=message-envoye#messages"
    )))
}
