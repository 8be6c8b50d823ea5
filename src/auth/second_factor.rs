//! Second-factor use cases, for the sign-in pages, the account page and the administrators:
//! whether an account needs a code, the pending sign-in between the password and the code,
//! enrolment, checking a code or a recovery code, new recovery codes, removal and reset.

use chrono::{Duration, NaiveDateTime};

use super::{throttle, token, totp};
use crate::db::{self, users::User, DbConnection};
use crate::domain::second_factor::{display_recovery, Requirement, Typed};
use crate::error::AppError;

/// What the person must do after a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing more: the session opens.
    Nothing,
    /// Type a code of their application (or a recovery code).
    Code,
    /// Set an application up first (a second factor is required and there is none yet).
    Enrolment,
}

/// How long the step between the password and the code may last.
pub const PENDING_LIFETIME_MIN: i64 = 10;
const PENDING_PURPOSE: &str = "second_factor";

/// Wrong codes an account may receive in a window, from everywhere, before waiting (10⁶
/// possible codes, three accepted at a time: ten tries in 15 minutes give an attacker holding
/// the password about one chance in 33 000).
pub const CODE_ACCOUNT: throttle::Limit = throttle::Limit {
    name: "second-factor-account",
    max: 10,
    window_s: 15 * 60,
};

/// The région whose rule applies: the account's, else that of its first département.
fn region_of(conn: &mut DbConnection, user: &User) -> Result<Option<String>, AppError> {
    if let Some(region) = &user.region_code {
        return Ok(Some(region.clone()));
    }
    let departements = db::users::departements_of(conn, &user.id)?;
    let Some(first) = departements.first() else {
        return Ok(None);
    };
    Ok(db::territories::departement_regions(conn)?
        .into_iter()
        .find(|(d, _)| d == first)
        .map(|(_, r)| r))
}

/// `admins`: `security.admin_second_factor`.
pub fn requirement(
    conn: &mut DbConnection,
    user: &User,
    admins: bool,
) -> Result<Requirement, AppError> {
    let role = user.role;
    let region_requires = match region_of(conn, user)? {
        Some(region) => db::second_factor::region_requires_staff(conn, &region)?,
        None => false,
    };
    Ok(Requirement::of(role, region_requires, admins))
}

pub fn is_confirmed(conn: &mut DbConnection, user_id: &str) -> Result<bool, AppError> {
    Ok(db::second_factor::find(conn, user_id)?.is_some_and(|r| r.confirmed_at.is_some()))
}

pub fn need(conn: &mut DbConnection, user: &User, admins: bool) -> Result<Need, AppError> {
    if is_confirmed(conn, &user.id)? {
        Ok(Need::Code)
    } else if requirement(conn, user, admins)?.is_required() {
        Ok(Need::Enrolment)
    } else {
        Ok(Need::Nothing)
    }
}

/// Opens the step between the password and the code; returns the secret for the cookie.
pub fn begin_pending(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    db::tokens::revoke_open(conn, user_id, PENDING_PURPOSE, now)?;
    let secret = token::generate();
    let expires = now + Duration::minutes(PENDING_LIFETIME_MIN);
    db::tokens::insert(
        conn,
        &token::hash(&secret),
        user_id,
        PENDING_PURPOSE,
        None,
        now,
        expires,
    )?;
    Ok(secret)
}

/// The account waiting for its code, if the step is still open.
pub fn pending_user(
    conn: &mut DbConnection,
    secret: &str,
    now: NaiveDateTime,
) -> Result<Option<User>, AppError> {
    let Some(pending) = db::tokens::find_usable(conn, &token::hash(secret), PENDING_PURPOSE, now)?
    else {
        return Ok(None);
    };
    Ok(db::users::find(conn, &pending.user_id)?.filter(|u| u.disabled_at.is_none()))
}

/// Closes the step (once): `false` if another request closed it first.
pub fn end_pending(
    conn: &mut DbConnection,
    secret: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(db::tokens::consume(conn, &token::hash(secret), now)?)
}

/// What a person needs to set their application up.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Enrolment {
    /// An inline SVG element.
    pub qr_svg: String,
    /// The secret in base 32, in groups of four.
    pub secret_text: String,
}

/// Starts an enrolment (a new secret, unless one is waiting to be confirmed); `false` when the
/// account's factor is confirmed already.
pub fn begin_enrolment(
    conn: &mut DbConnection,
    server_secret: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    match db::second_factor::find(conn, user_id)? {
        Some(row) if row.confirmed_at.is_some() => Ok(false),
        Some(_) => Ok(true),
        None => {
            let sealed = totp::seal(server_secret, user_id, &totp::generate_secret())?;
            Ok(db::second_factor::start(conn, user_id, &sealed, now)?)
        }
    }
}

/// The enrolment waiting to be confirmed, if any (read only).
pub fn pending_enrolment(
    conn: &mut DbConnection,
    server_secret: &str,
    user: &User,
) -> Result<Option<Enrolment>, AppError> {
    let Some(row) = db::second_factor::find(conn, &user.id)? else {
        return Ok(None);
    };
    if row.confirmed_at.is_some() {
        return Ok(None);
    }
    let secret = totp::open(server_secret, &user.id, &row.secret_sealed)?;
    Ok(Some(Enrolment {
        qr_svg: totp::qr_svg(&secret, &user.email)?,
        secret_text: totp::secret_text(&secret),
    }))
}

fn audit(
    conn: &mut DbConnection,
    event: &str,
    actor: &str,
    subject: &str,
    ip: Option<&str>,
    detail: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    Ok(db::audit::record(
        conn,
        event,
        Some(actor),
        Some(subject),
        ip,
        detail,
        now,
    )?)
}

/// Confirms an enrolment with a first code; returns the recovery codes to show once, or `None`
/// for a wrong code.
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    server_secret: &str,
    user_id: &str,
    typed: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<Option<Vec<String>>, AppError> {
    throttle::refuse_if_full(conn, &CODE_ACCOUNT, user_id, now)?;
    let step = first_code_step(conn, server_secret, user_id, typed, now)?;
    let Some(step) = step else {
        throttle::count_failure(conn, &CODE_ACCOUNT, user_id, now)?;
        return Ok(None);
    };
    if !db::second_factor::accept_step(conn, user_id, step)? {
        return Ok(None);
    }
    db::second_factor::confirm(conn, user_id, now)?;
    let codes = new_recovery_codes(conn, user_id, now)?;
    audit(
        conn,
        "second_factor_enabled",
        user_id,
        user_id,
        ip,
        "double authentification activée",
        now,
    )?;
    Ok(Some(codes))
}

/// The time step of the first code typed for an enrolment waiting to be confirmed.
fn first_code_step(
    conn: &mut DbConnection,
    server_secret: &str,
    user_id: &str,
    typed: &str,
    now: NaiveDateTime,
) -> Result<Option<i64>, AppError> {
    let Some(row) = db::second_factor::find(conn, user_id)?.filter(|r| r.confirmed_at.is_none())
    else {
        return Ok(None);
    };
    let Some(Typed::Code(code)) = Typed::parse(typed) else {
        return Ok(None);
    };
    let secret = totp::open(server_secret, user_id, &row.secret_sealed)?;
    totp::matching_step(&secret, &code, now, row.last_step)
}

/// How a sign-in's second step was passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    Code,
    /// A recovery code; how many are left.
    Recovery {
        left: i64,
    },
}

/// Checks a code or a recovery code of an account whose factor is confirmed; `None` if wrong.
pub fn verify(
    conn: &mut DbConnection,
    server_secret: &str,
    user_id: &str,
    typed: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<Option<Passed>, AppError> {
    throttle::refuse_if_full(conn, &CODE_ACCOUNT, user_id, now)?;
    let Some(row) = db::second_factor::find(conn, user_id)?.filter(|r| r.confirmed_at.is_some())
    else {
        return Ok(None);
    };
    let passed = match Typed::parse(typed) {
        Some(Typed::Code(code)) => {
            let secret = totp::open(server_secret, user_id, &row.secret_sealed)?;
            match totp::matching_step(&secret, &code, now, row.last_step)? {
                Some(step) if db::second_factor::accept_step(conn, user_id, step)? => {
                    Some(Passed::Code)
                }
                _ => None,
            }
        }
        Some(Typed::Recovery(code)) => {
            if db::second_factor::use_recovery_code(conn, user_id, &token::hash(&code), now)? {
                let left = db::second_factor::unused_recovery_codes(conn, user_id)?;
                audit(
                    conn,
                    "recovery_code_used",
                    user_id,
                    user_id,
                    ip,
                    &format!("code de secours utilisé ({left} restants)"),
                    now,
                )?;
                Some(Passed::Recovery { left })
            } else {
                None
            }
        }
        None => None,
    };
    if passed.is_none() {
        throttle::count_failure(conn, &CODE_ACCOUNT, user_id, now)?;
        audit(
            conn,
            "second_factor_failure",
            user_id,
            user_id,
            ip,
            "code de double authentification incorrect",
            now,
        )?;
    }
    Ok(passed)
}

/// Replaces the account's recovery codes; returns them as shown to the person.
pub fn new_recovery_codes(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<String>, AppError> {
    let codes = totp::generate_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| token::hash(c)).collect();
    db::second_factor::replace_recovery_codes(conn, user_id, &hashes, now)?;
    Ok(codes.iter().map(|c| display_recovery(c)).collect())
}

/// Removes an account's second factor, by its owner (`actor == subject`) or by an administrator
/// (a lost device); the sessions of the account end when an administrator does it.
pub fn remove(
    conn: &mut DbConnection,
    actor_id: &str,
    user_id: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let removed = db::second_factor::remove(conn, user_id)?;
    let (event, detail) = if actor_id == user_id {
        (
            "second_factor_disabled",
            "double authentification désactivée",
        )
    } else {
        db::sessions::revoke_all_of_user(conn, user_id, now)?;
        (
            "second_factor_reset",
            "double authentification réinitialisée par un administrateur",
        )
    };
    audit(conn, event, actor_id, user_id, ip, detail, now)?;
    Ok(removed)
}
