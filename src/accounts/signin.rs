//! Signing in, up to the session: the address and password are checked (throttled, through the
//! argon2 queue, with the same work for an unknown address), then the second step is prepared
//! when the account has or needs a second factor (`auth::second_factor`); then
//! [`open_session`], the only place a session opens.

use super::Deps;
use crate::auth::second_factor::{self, Need};
use crate::auth::{session, throttle};
use crate::config::SecuritySettings;
use crate::db;
use crate::domain::account::{Email, Role};
use crate::error::AppError;

/// What the person typed, and where from.
pub struct Credentials {
    pub email: String,
    pub password: String,
    pub ip: String,
}

/// The second factor's settings (`[security]`).
pub struct SecondFactorSettings {
    /// The server secret the enrolment secret is sealed with.
    pub server_secret: String,
    /// Administrators must use a second factor.
    pub admins: bool,
}

/// A correct password, on an account that may sign in.
#[derive(Debug)]
pub enum SignedIn {
    /// Nothing more to check: the session may open.
    Open { user_id: String },
    /// A second step first: the secret naming it (for its cookie), and whether an application
    /// must be set up (`true`) or a code typed (`false`).
    SecondStep { pending: String, enrolment: bool },
}

/// Why the sign-in failed.
#[derive(Debug)]
pub enum SignInError {
    /// A wrong address or password (an unknown address says the same).
    WrongCredentials,
    /// The right password, but the address was never confirmed.
    Unverified,
    /// The right password, on a disabled account.
    Disabled,
    /// Too many attempts (429), or a fault.
    Failed(AppError),
}

impl From<AppError> for SignInError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// Checks the credentials. Every refusal is audited (`signin_failure`, the address masked).
pub async fn sign_in(
    deps: &Deps<'_>,
    credentials: Credentials,
    settings: SecondFactorSettings,
) -> Result<SignedIn, SignInError> {
    let Credentials {
        email: typed,
        password,
        ip,
    } = credentials;
    let email = Email::parse(&typed)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| typed.trim().to_lowercase());
    let (ip2, email2) = (ip.clone(), email.clone());
    let now = deps.clock.now();
    let user = db::run(deps.pool, move |conn| {
        throttle::check(conn, &throttle::SIGNIN_IP, &ip2, now)?;
        throttle::password_gate(conn, &email2, &ip2, now)?;
        Ok(db::users::find_by_email(conn, &email2)?)
    })
    .await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = deps.hasher.verify(password, stored).await?;
    if !password_ok {
        let (ip2, email2) = (ip.clone(), email.clone());
        db::run(deps.pool, move |conn| {
            throttle::password_failed(conn, &email2, &ip2, now)
        })
        .await?;
    }
    let refusal = match &user {
        Some(u) if password_ok && u.disabled_at.is_some() => Some(SignInError::Disabled),
        Some(u) if password_ok && u.email_verified_at.is_none() => Some(SignInError::Unverified),
        Some(_) if password_ok => None,
        _ => Some(SignInError::WrongCredentials),
    };
    let user = match (refusal, user) {
        (None, Some(user)) => user,
        (refusal, user) => {
            let subject = user.map(|u| u.id);
            let masked = Email::parse(&typed)
                .map(|e| e.masked())
                .unwrap_or_else(|_| "adresse invalide".into());
            let now = deps.clock.now();
            db::run(deps.pool, move |conn| {
                let detail = format!("échec de connexion pour {masked}");
                db::audit::record(
                    conn,
                    "signin_failure",
                    None,
                    subject.as_deref(),
                    Some(&ip),
                    &detail,
                    now,
                )?;
                Ok(())
            })
            .await?;
            return Err(refusal.unwrap_or(SignInError::WrongCredentials));
        }
    };
    let user_id = user.id.clone();
    let (need, pending) = db::run(deps.pool, move |conn| {
        throttle::password_succeeded(conn, &email, &ip)?;
        let need = second_factor::need(conn, &user, settings.admins)?;
        if need == Need::Enrolment {
            second_factor::begin_enrolment(conn, &settings.server_secret, &user.id, now)?;
        }
        let pending = match need {
            Need::Nothing => None,
            _ => Some(second_factor::begin_pending(conn, &user.id, now)?),
        };
        Ok::<_, AppError>((need, pending))
    })
    .await?;
    Ok(match pending {
        None => SignedIn::Open { user_id },
        Some(pending) => SignedIn::SecondStep {
            pending,
            enrolment: need == Need::Enrolment,
        },
    })
}

/// Where a checked sign-in comes from: the browser's previous session (its token's hash), its
/// user agent and address.
pub struct Browser {
    pub previous_session: Option<String>,
    pub user_agent: String,
    pub ip: String,
}

/// Opens the session of an account whose password (and second factor, if it has one) was
/// checked: the browser's previous session ends in the same transaction, and the sign-in is
/// audited. Returns the session's token (the cookie's value) and the account's role (where to
/// send them).
pub async fn open_session(
    deps: &Deps<'_>,
    security: SecuritySettings,
    user_id: String,
    browser: Browser,
) -> Result<(String, Role), AppError> {
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let user = db::users::find(conn, &user_id)?.ok_or(AppError::NotFound)?;
            let role = user.role;
            if let Some(previous) = &browser.previous_session {
                db::sessions::revoke_by_hash(conn, previous, now)?;
            }
            let token = session::open(conn, &user.id, role, &browser.user_agent, &security, now)?;
            db::audit::record(
                conn,
                "signin_success",
                Some(&user.id),
                Some(&user.id),
                Some(&browser.ip),
                "connexion réussie",
                now,
            )?;
            Ok::<_, AppError>((token, role))
        })
    })
    .await
}
