//! Secrets at rest: the e-mails that carry a single-use link (verification, password reset,
//! invitation, new address) keep their bodies only while the link can be used. Once the longest
//! link lifetime has passed, their bodies are emptied, whatever became of the message; the
//! SMTP worker already empties a body as soon as it is delivered.

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::auth::links::{LinkPurpose, LINK_TEMPLATES};
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// How often the job runs.
pub const PERIOD: Duration = Duration::from_secs(3600);

/// Empties the bodies of link e-mails older than every link's lifetime; returns how many.
pub fn run_once(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    let before = now - LinkPurpose::longest_lifetime();
    Ok(db::outbox::forget_bodies(conn, &LINK_TEMPLATES, before)?)
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every("courriels à lien expiré", PERIOD, deps, |conn, _, now| {
        run_once(conn, now)
    })
    .await;
}
