//! Single-use links sent by e-mail (verification, password reset, invitation, new address):
//! issued and redeemed here, for the web pages and the command line alike.

use chrono::{Duration, NaiveDateTime};

use crate::auth::token;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// The e-mail templates that carry a single-use link.
pub const LINK_TEMPLATES: [&str; 4] = [
    "verify_email",
    "reset_password",
    "invitation",
    "email_change_confirm",
];

/// What a single-use e-mail link is for, and how long it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
    ChangeEmail,
}

impl LinkPurpose {
    pub fn slug(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::Invitation => "invitation",
            Self::ChangeEmail => "change_email",
        }
    }

    /// The longest lifetime of any link: after it, no link sent can be used.
    pub fn longest_lifetime() -> Duration {
        [
            Self::VerifyEmail,
            Self::ResetPassword,
            Self::Invitation,
            Self::ChangeEmail,
        ]
        .into_iter()
        .map(Self::lifetime)
        .max()
        .unwrap_or_default()
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail | Self::ChangeEmail => Duration::hours(24),
            Self::ResetPassword => Duration::minutes(30),
            Self::Invitation => Duration::days(7),
        }
    }
}

/// Creates a link token (replacing older open ones of the same purpose); returns the secret.
pub fn issue_link(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: LinkPurpose,
    new_email: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    issue_link_valid_for(conn, user_id, purpose, new_email, now, purpose.lifetime())
}

/// [`issue_link`] with another lifetime than the purpose's (the first administrator's link: 24 h).
pub fn issue_link_valid_for(
    conn: &mut DbConnection,
    user_id: &str,
    purpose: LinkPurpose,
    new_email: Option<&str>,
    now: NaiveDateTime,
    lifetime: Duration,
) -> Result<String, AppError> {
    db::tokens::revoke_open(conn, user_id, purpose.slug(), now)?;
    let secret = token::generate();
    db::tokens::insert(
        conn,
        &token::hash(&secret),
        user_id,
        purpose.slug(),
        new_email,
        now,
        now + lifetime,
    )?;
    Ok(secret)
}

/// Uses a link once: `None` when it is unknown, already used or expired.
pub fn redeem_link(
    conn: &mut DbConnection,
    secret: &str,
    purpose: LinkPurpose,
    now: NaiveDateTime,
) -> Result<Option<db::tokens::UserToken>, AppError> {
    let hash = token::hash(secret.trim());
    let Some(found) = db::tokens::find_usable(conn, &hash, purpose.slug(), now)? else {
        return Ok(None);
    };
    Ok(db::tokens::consume(conn, &hash, now)?.then_some(found))
}

/// Is the link still usable (for the page that shows the form before redeeming)?
pub fn link_is_usable(
    conn: &mut DbConnection,
    secret: &str,
    purpose: LinkPurpose,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(db::tokens::find_usable(conn, &token::hash(secret.trim()), purpose.slug(), now)?.is_some())
}
