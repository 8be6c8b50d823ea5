//! Development mailbox: every e-mail the guichet wrote, readable in the browser by signed-in
//! admins in demo mode only (`GUICHET_ENV=development` or `serve --demo`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, session::MaybeViewer};
use crate::db::{self, outbox::OutboxMessage};
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Serialize)]
struct MailboxPage {
    messages: Vec<OutboxMessage>,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
) -> Result<HttpResponse, AppError> {
    policy::use_dev_mailbox(&state.settings, viewer.0.as_ref())?;
    let messages = db::run(&state.pool, |conn| Ok(db::outbox::latest(conn, 100)?)).await?;
    render(&state, &req, "dev/mailbox.html", &MailboxPage { messages })
}

#[derive(Serialize)]
struct MessagePage {
    message: OutboxMessage,
    links: Vec<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    policy::use_dev_mailbox(&state.settings, viewer.0.as_ref())?;
    let id = path.into_inner();
    let message = db::run(&state.pool, move |conn| {
        db::outbox::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let base = state.base_url().to_string();
    // The guichet's own links, made relative so that they work whatever port the dev server got.
    let links = message
        .body_text
        .split_whitespace()
        .filter(|w| w.starts_with(&base))
        .map(|w| w.trim_start_matches(&base).to_string())
        .map(|w| if w.is_empty() { "/".to_string() } else { w })
        .collect();
    render(
        &state,
        &req,
        "dev/message.html",
        &MessagePage { message, links },
    )
}
