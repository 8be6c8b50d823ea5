//! A professional deletes their account (RGPD art. 17). What was never sent to anyone (drafts)
//! is deleted; the requests filed with the guichet are kept, pseudonymised, for the legal
//! obligations of the institutions that handled them, until their own retention period ends
//! (`[retention] closed_request_years` after closure). Name, e-mail, professional number,
//! sessions, tokens and pending e-mails go; the account can no longer sign in and the e-mail
//! address can register again. Their projects (issue 15) go too, and the timelines no longer
//! name them; what goes with a kept request stays with it: the commitments a grant created and
//! their milestones (the institution follows them: five years in the zone, repayment), the
//! référents' next actions.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::{self, retention as sql, DbConnection};
use crate::domain::request::RequestState;
use crate::domain::retention::kept_after_account_deletion;
use crate::error::AppError;

/// Why an account was pseudonymised at its owner's request (`erased_accounts.reason`).
pub const AT_OWNER_REQUEST: &str = "demande-titulaire";
/// The audit event of a deletion (its subject is the pseudonymous account id).
pub const ERASURE_EVENT: &str = "account_erased";

/// A request as the confirmation page lists it.
#[derive(Debug, Serialize)]
pub struct RequestLine {
    pub number: String,
    pub state_label: &'static str,
    /// Still being handled (neither closed nor withdrawn).
    pub open: bool,
}

/// What deleting the account would keep and delete.
#[derive(Debug, Serialize)]
pub struct ErasurePreview {
    pub kept: Vec<RequestLine>,
    pub drafts: Vec<RequestLine>,
    pub open: usize,
}

pub fn preview(conn: &mut DbConnection, user_id: &str) -> Result<ErasurePreview, AppError> {
    let mut kept = Vec::new();
    let mut drafts = Vec::new();
    for request in db::requests::list_of_professional(conn, user_id)? {
        let state = request.state;
        let line = RequestLine {
            number: request.number,
            state_label: state.label(),
            open: state != RequestState::Brouillon && !state.is_final(),
        };
        if kept_after_account_deletion(state) {
            kept.push(line);
        } else {
            drafts.push(line);
        }
    }
    let open = kept.iter().filter(|l| l.open).count();
    Ok(ErasurePreview { kept, drafts, open })
}

/// Pseudonymises the account in one transaction and records the audit entry; returns the
/// storage names of the drafts' files, to remove once committed.
pub fn erase(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<String>, AppError> {
    Ok(sql::with_purge_permit(conn, |conn| {
        let files = sql::pseudonymise_account(conn, user_id, AT_OWNER_REQUEST, now)?;
        db::audit::record(
            conn,
            ERASURE_EVENT,
            Some(user_id),
            Some(user_id),
            None,
            "compte supprimé à la demande de son titulaire (demandes transmises conservées sous pseudonyme)",
            now,
        )?;
        Ok(files)
    })?)
}
