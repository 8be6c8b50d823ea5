//! Account use cases, one function per thing a person does: registering and confirming the
//! address, signing in (up to the session, which `web::account::signin::open_session` opens),
//! inviting an agent, and choosing a password from an e-mailed link (an accepted invitation or a
//! reset). The handlers call them and keep what is HTTP: cookies, CSRF, redirects and pages.

pub mod invite;
pub mod password_link;
pub mod profile;
pub mod register;
pub mod signin;

use std::sync::Arc;

use crate::auth::password::Hasher;
use crate::clock::Clock;
use crate::db::DbPool;
use crate::domain::account::CommonPasswords;

/// What the account use cases need besides their input.
pub struct Deps<'a> {
    pub pool: &'a DbPool,
    pub clock: &'a Clock,
    /// The argon2 queue every hash and check goes through (its bounds answer 503 when full).
    pub hasher: &'a Hasher,
    pub common_passwords: &'a CommonPasswords,
    /// The e-mail templates, shared with the blocking database tasks.
    pub templates: &'a Arc<tera::Tera>,
    /// The public address, for the links in e-mails.
    pub base_url: &'a str,
}

/// The e-mail of a single-use link: whom it greets and the link.
#[derive(serde::Serialize)]
struct LinkEmail<'a> {
    first_name: &'a str,
    link: String,
}
