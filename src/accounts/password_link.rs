//! Choosing a password from an e-mailed single-use link: a password reset, or an accepted
//! invitation (which also confirms the address).

use serde::Serialize;

use super::{Deps, LinkEmail};
use crate::auth::links::{issue_link, link_is_usable, redeem_link, LinkPurpose};
use crate::auth::throttle;
use crate::db;
use crate::domain::account::{check_password, Email};
use crate::error::AppError;

/// Why the password was not set.
#[derive(Debug)]
pub enum ChoosePasswordError {
    /// The password is refused (too short, too common…): the message for its field.
    Password(String),
    /// The link is unknown, used or expired.
    InvalidLink,
    /// Too many attempts from this address (429), or a fault.
    Failed(AppError),
}

impl From<AppError> for ChoosePasswordError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

#[derive(Serialize)]
struct Notice<'a> {
    first_name: &'a str,
}

/// Someone forgot the password of `email`: its account (if any, and not disabled) gets a reset
/// link. The answer is the same whether or not the account exists.
pub async fn request_reset(deps: &Deps<'_>, email: Email, ip: String) -> Result<(), AppError> {
    let (templates, base) = (deps.templates.clone(), deps.base_url.to_string());
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        throttle::check(conn, &throttle::RESET_IP, &ip, now)?;
        throttle::check(conn, &throttle::RESET_ACCOUNT, email.as_str(), now)?;
        crate::db::transaction(conn, |conn| {
            let Some(user) = db::users::find_by_email(conn, email.as_str())? else {
                return Ok(());
            };
            if user.disabled_at.is_some() {
                return Ok(());
            }
            let secret = issue_link(conn, &user.id, LinkPurpose::ResetPassword, None, now)?;
            let data = LinkEmail {
                first_name: &user.first_name,
                link: format!("{base}/mot-de-passe/nouveau?jeton={secret}"),
            };
            crate::mail::enqueue(
                conn,
                &templates,
                &base,
                &user.email,
                "reset_password",
                &data,
                now,
            )?;
            db::audit::record(
                conn,
                "password_reset_requested",
                None,
                Some(&user.id),
                Some(&ip),
                "lien de réinitialisation envoyé",
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await
}

/// The person whose password was forgotten chooses a new one with the link's secret.
pub async fn reset(
    deps: &Deps<'_>,
    secret: String,
    password: String,
    ip: String,
) -> Result<(), ChoosePasswordError> {
    choose_password(deps, LinkPurpose::ResetPassword, secret, password, ip).await
}

/// Sets the password of the link's account (`purpose`: a reset or an invitation), ends its
/// sessions and tells its owner by e-mail. The link is checked (and the address throttled)
/// before any hashing: an unknown or used link costs no argon2.
pub(super) async fn choose_password(
    deps: &Deps<'_>,
    purpose: LinkPurpose,
    secret: String,
    password: String,
    ip: String,
) -> Result<(), ChoosePasswordError> {
    check_password(&password, deps.common_passwords).map_err(ChoosePasswordError::Password)?;
    let checked = secret.clone();
    let now = deps.clock.now();
    let usable = db::run(deps.pool, move |conn| {
        throttle::check(conn, &throttle::LINK_IP, &ip, now)?;
        link_is_usable(conn, &checked, purpose, now)
    })
    .await?;
    if !usable {
        return Err(ChoosePasswordError::InvalidLink);
    }
    let hash = deps.hasher.hash(password).await?;
    let (templates, base) = (deps.templates.clone(), deps.base_url.to_string());
    let now = deps.clock.now();
    let done = db::run(deps.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let Some(token) = redeem_link(conn, &secret, purpose, now)? else {
                return Ok(false);
            };
            let user = db::users::find(conn, &token.user_id)?.ok_or(AppError::NotFound)?;
            db::users::set_password(conn, &user.id, &hash, now)?;
            let invitation = purpose == LinkPurpose::Invitation;
            if invitation {
                db::users::mark_verified(conn, &user.id, now)?;
            }
            db::sessions::revoke_all_of_user(conn, &user.id, now)?;
            crate::mail::enqueue(
                conn,
                &templates,
                &base,
                &user.email,
                "password_changed",
                &Notice {
                    first_name: &user.first_name,
                },
                now,
            )?;
            let event = if invitation {
                "invitation_accepted"
            } else {
                "password_reset"
            };
            db::audit::record(
                conn,
                event,
                Some(&user.id),
                Some(&user.id),
                None,
                "mot de passe défini par lien",
                now,
            )?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if done {
        Ok(())
    } else {
        Err(ChoosePasswordError::InvalidLink)
    }
}
