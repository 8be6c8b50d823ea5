//! Requests: filing (professionals), the request page (everyone allowed), the actions of
//! référents and partners, messages and attachments, and the inboxes.

pub mod actions;
pub mod api;
pub mod attachments;
pub mod consultations;
mod decisions;
pub mod filing;
pub mod form_again;
pub mod handover;
pub mod intake;
mod intake_document;
mod message_view;
pub mod messages;
pub mod new_draft;
pub mod partner_actions;
pub mod project_links;
pub mod referent_handling;
pub mod routing_actions;
mod seat;
pub mod shares;
pub mod snapshot;
pub mod view;

use actix_web::web;

use crate::auth::Viewer;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::web::AppState;
pub use crate::workflow::access::{actor, allowed, load, Loaded};
use crate::workflow::Context;

/// The frame of the request page's actions: loads request `id` with `viewer`'s access (404 out
/// of scope) and runs `work` on it, with the workflow's context, in one transaction.
pub(super) async fn on_request<T, F>(
    state: &web::Data<AppState>,
    viewer: Viewer,
    id: String,
    work: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, &Context, &Loaded, &Viewer) -> Result<T, AppError>
        + Send
        + 'static,
{
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &id)?;
            work(conn, &context(&st), &loaded, &viewer)
        })
    })
    .await
}

pub fn context(state: &AppState) -> Context<'_> {
    Context {
        templates: &state.templates,
        base_url: state.base_url(),
        deadlines: &state.settings.deadlines,
        now: state.clock.now(),
    }
}
