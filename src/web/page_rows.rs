//! What pages show of database rows: small `Serialize` structs built from the rows, so that a
//! template sees only what it needs (never a password hash, a storage name or a search column)
//! and compares booleans, not slugs.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::regional_aids::RegionalRule;
use crate::db::requests::RequestRow;
use crate::db::timeline::Attachment;
use crate::db::users::User;
use crate::domain::account::Role;
use crate::domain::attachment::scan::ScanState;
use crate::domain::eligibility::regional::RuleState;
use crate::domain::request::{Coordination, Priority, RequestState};

/// The head of a request: its number and what its page's forms pre-select.
#[derive(Debug, Serialize)]
pub struct RequestHead {
    pub id: String,
    pub number: String,
    pub aid_code: Option<String>,
    /// Still a draft: its link opens the form.
    pub is_draft: bool,
    pub priority: Priority,
    pub coordination: Coordination,
    pub created_at: NaiveDateTime,
    /// "téléphone"…: recorded by the guichet (référent intake); `None`: filed online.
    pub channel: Option<&'static str>,
}

impl From<&RequestRow> for RequestHead {
    fn from(r: &RequestRow) -> Self {
        Self {
            id: r.id.clone(),
            number: r.number.clone(),
            aid_code: r.aid_code.clone(),
            is_draft: r.state == RequestState::Brouillon,
            priority: r.priority,
            coordination: r.coordination,
            created_at: r.created_at,
            channel: r.channel.map(|c| c.label()),
        }
    }
}

/// An account as pages show it.
#[derive(Debug, Serialize)]
pub struct AccountCard {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// For the role selector.
    pub role: Role,
    pub is_professional: bool,
    pub disabled_at: Option<NaiveDateTime>,
}

impl From<&User> for AccountCard {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            role: u.role,
            is_professional: u.role == Role::Professional,
            disabled_at: u.disabled_at,
        }
    }
}

/// A document as a list shows it: a link while it is clean, a badge otherwise.
#[derive(Debug, Serialize)]
pub struct DocumentLine {
    pub id: String,
    pub display_name: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
    /// Served for download (scanned clean).
    pub downloadable: bool,
    /// The antivirus found a virus: the file is gone.
    pub infected: bool,
}

impl From<&Attachment> for DocumentLine {
    fn from(a: &Attachment) -> Self {
        Self {
            id: a.id.clone(),
            display_name: a.display_name.clone(),
            size_bytes: a.size_bytes,
            created_at: a.created_at,
            downloadable: a.scan_state == ScanState::Clean,
            infected: a.scan_state == ScanState::Infected,
        }
    }
}

/// A région's own aid rule as its pages show it: the state as booleans and its label.
#[derive(Debug, Serialize)]
pub struct RuleLine {
    pub id: String,
    pub code: String,
    pub body: String,
    pub state_label: &'static str,
    pub published: bool,
    pub withdrawn: bool,
    pub created_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl From<&RegionalRule> for RuleLine {
    fn from(r: &RegionalRule) -> Self {
        Self {
            id: r.id.clone(),
            code: r.code.clone(),
            body: r.body.clone(),
            state_label: r.state.label(),
            published: r.state == RuleState::Publiee,
            withdrawn: r.state == RuleState::Retiree,
            created_at: r.created_at,
            published_at: r.published_at,
        }
    }
}
