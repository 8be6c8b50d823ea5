//! A professional registers and confirms their address with the e-mailed link.

use super::{Deps, LinkEmail};
use crate::auth::links::{issue_link, redeem_link, LinkPurpose};
use crate::auth::{policy, throttle};
use crate::db::{self, users::NewUser};
use crate::domain::account::{NewProfessional, RegistrationForm};
use crate::domain::field_error::FieldError;
use crate::error::AppError;

/// Why a registration was not taken.
#[derive(Debug)]
pub enum RegisterError {
    /// Mistakes in the form, each for its field.
    Invalid(Vec<FieldError>),
    /// Too many registrations from this address (429), or a fault.
    Failed(AppError),
}

impl From<AppError> for RegisterError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// Registers the professional of `form`, sent from `ip`, and e-mails the link confirming the
/// address. An address already registered gets the same answer (its owner is told by e-mail).
pub async fn register(
    deps: &Deps<'_>,
    form: &RegistrationForm,
    ip: String,
) -> Result<(), RegisterError> {
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        throttle::check(conn, &throttle::REGISTER_IP, &ip, now)
    })
    .await?;
    let new = form
        .parse(deps.common_passwords)
        .map_err(RegisterError::Invalid)?;
    let hash = deps.hasher.hash(new.password.clone()).await?;
    let (templates, base) = (deps.templates.clone(), deps.base_url.to_string());
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            create(conn, &templates, &base, &new, hash, now)
        })
    })
    .await?;
    Ok(())
}

/// Creates the account (or tells the owner of an existing one), in the caller's transaction.
fn create(
    conn: &mut db::DbConnection,
    templates: &tera::Tera,
    base: &str,
    new: &NewProfessional,
    hash: String,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    if let Some(existing) = db::users::find_by_email(conn, new.email.as_str())? {
        let data = LinkEmail {
            first_name: &existing.first_name,
            link: format!("{base}/connexion"),
        };
        crate::mail::enqueue(
            conn,
            templates,
            base,
            &existing.email,
            "register_existing",
            &data,
            now,
        )?;
        return Ok(());
    }
    let id = uuid::Uuid::now_v7().to_string();
    db::users::insert(
        conn,
        &NewUser {
            id: id.clone(),
            email: new.email.as_str().to_string(),
            password_hash: Some(hash),
            first_name: new.first_name.clone(),
            last_name: new.last_name.clone(),
            role: policy::self_register_role(),
            profession: Some(new.profession),
            situation: Some(new.situation),
            professional_number: new
                .professional_number
                .as_ref()
                .map(|n| n.as_str().to_string()),
            institution_id: None,
            region_code: None,
            email_verified_at: None,
            disabled_at: None,
            created_at: now,
            updated_at: now,
        },
        &[],
    )?;
    let secret = issue_link(conn, &id, LinkPurpose::VerifyEmail, None, now)?;
    let data = LinkEmail {
        first_name: &new.first_name,
        link: format!("{base}/compte/verifier?jeton={secret}"),
    };
    crate::mail::enqueue(
        conn,
        templates,
        base,
        new.email.as_str(),
        "verify_email",
        &data,
        now,
    )?;
    let detail = format!("inscription {}", new.email.masked());
    db::audit::record(
        conn,
        "registration",
        Some(&id),
        Some(&id),
        None,
        &detail,
        now,
    )?;
    Ok(())
}

/// Confirms the address of the account the link was sent to; `false` when the link is unknown,
/// used or expired.
pub async fn verify_email(deps: &Deps<'_>, secret: String) -> Result<bool, AppError> {
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let Some(token) = redeem_link(conn, &secret, LinkPurpose::VerifyEmail, now)? else {
                return Ok(false);
            };
            db::users::mark_verified(conn, &token.user_id, now)?;
            db::audit::record(
                conn,
                "email_verified",
                Some(&token.user_id),
                Some(&token.user_id),
                None,
                "adresse confirmée",
                now,
            )?;
            Ok::<_, AppError>(true)
        })
    })
    .await
}
