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

use crate::web::AppState;
pub use crate::workflow::access::{actor, allowed, load, Loaded};
use crate::workflow::Context;

pub fn context(state: &AppState) -> Context<'_> {
    Context {
        templates: &state.templates,
        base_url: state.base_url(),
        deadlines: &state.settings.deadlines,
        now: state.clock.now(),
    }
}
