//! The second step of a sign-in, between a correct password and the session: typing a code of
//! one's application (or a recovery code), or setting an application up when a second factor is
//! required and the account has none yet. The step is named by a short-lived cookie, never by
//! the address.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::signin::{open_session, NextQuery};
use crate::auth::second_factor::{self, Enrolment, Passed};
use crate::db::{self, users::User};
use crate::error::AppError;
use crate::web::forms::{client_ip, safe_next, secure_cookies, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

const COOKIE: &str = "guichet_second_facteur";
const PATH: &str = "/connexion";

/// The cookie naming the pending step (HttpOnly, Strict, only sent to the sign-in pages).
pub fn pending_cookie(secret: String, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, secret)
        .path(PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(time::Duration::minutes(second_factor::PENDING_LIFETIME_MIN))
        .finish()
}

fn pending_removal(secure: bool) -> Cookie<'static> {
    let mut cookie = pending_cookie(String::new(), secure);
    cookie.set_max_age(time::Duration::ZERO);
    cookie
}

const EXPIRED: &str = "/connexion?suite=&etape=expiree";

/// The account whose step is open in this browser.
async fn pending(state: &AppState, req: &HttpRequest) -> Result<Option<(String, User)>, AppError> {
    let Some(secret) = req.cookie(COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    let now = state.clock.now();
    let s = secret.clone();
    let user = db::run(&state.pool, move |conn| {
        second_factor::pending_user(conn, &s, now)
    })
    .await?;
    Ok(user.map(|u| (secret, u)))
}

#[derive(Deserialize, Serialize, Default)]
pub struct CodeForm {
    #[serde(default, skip_serializing)]
    code: String,
    #[serde(default)]
    suite: String,
}

#[derive(Serialize)]
struct CodePage {
    form: FormState,
}

pub async fn code_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    if pending(&state, &req).await?.is_none() {
        return Ok(see_other(EXPIRED));
    }
    let values = CodeForm {
        suite: safe_next(query.suite.as_deref()),
        ..Default::default()
    };
    let form = FormState::with_values(&values);
    render(
        &state,
        &req,
        "account/second_factor_code.html",
        &CodePage { form },
    )
}

const WRONG_CODE: &str = "Code incorrect ou déjà utilisé. Saisissez le code à 6 chiffres affiché maintenant par votre application, ou l'un de vos codes de secours.";

pub async fn code_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some((secret, user)) = pending(&state, &req).await? else {
        return Ok(see_other(EXPIRED));
    };
    let passed = check(
        &state,
        &req,
        secret,
        &user,
        &form.code,
        second_factor::verify,
    )
    .await?;
    let Some(passed) = passed else {
        let form = FormState::with_values(&form.into_inner()).error("code", WRONG_CODE);
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/second_factor_code.html",
            &CodePage { form },
        );
    };
    let opened = open_session(&state, &req, user.id, &form.suite).await?;
    let response = match passed {
        // Few recovery codes left: the account page says so and offers new ones.
        Passed::Recovery { left } if left <= 3 => {
            see_other("/compte/double-authentification?ok=codes-de-secours-bientot-epuises")
        }
        _ => see_other(&opened.target),
    };
    signed_in(response, &opened, &req)
}

#[derive(Serialize)]
struct EnrolPage {
    form: FormState,
    enrolment: Enrolment,
    /// Where the form goes: the sign-in step or the account page.
    action: &'static str,
    required: bool,
}

/// The enrolment of an account that must have a second factor and has none (set up by the
/// password step).
async fn enrol_page(
    state: &AppState,
    req: &HttpRequest,
    user: User,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let key = state.settings.security.secret_key.clone();
    let enrolment = db::run(&state.pool, move |conn| {
        second_factor::pending_enrolment(conn, &key, &user)
    })
    .await?;
    let Some(enrolment) = enrolment else {
        return Ok(see_other(EXPIRED));
    };
    let page = EnrolPage {
        form,
        enrolment,
        action: "/connexion/activation",
        required: true,
    };
    render_with_status(
        state,
        req,
        status,
        "account/second_factor_enrol.html",
        &page,
    )
}

pub async fn enrol_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let Some((_, user)) = pending(&state, &req).await? else {
        return Ok(see_other(EXPIRED));
    };
    let values = CodeForm {
        suite: safe_next(query.suite.as_deref()),
        ..Default::default()
    };
    let form = FormState::with_values(&values);
    enrol_page(&state, &req, user, form, StatusCode::OK).await
}

/// The recovery codes, shown once, with the way on.
#[derive(Serialize)]
pub(super) struct RecoveryPage {
    pub codes: Vec<String>,
    pub next: String,
}

pub async fn enrol_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some((secret, user)) = pending(&state, &req).await? else {
        return Ok(see_other(EXPIRED));
    };
    let confirm = second_factor::confirm_enrolment;
    let codes = check(&state, &req, secret, &user, &form.code, confirm).await?;
    let Some(codes) = codes else {
        let form = FormState::with_values(&form.into_inner()).error("code", WRONG_CODE);
        return enrol_page(&state, &req, user, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let opened = open_session(&state, &req, user.id, &form.suite).await?;
    let page = RecoveryPage {
        codes,
        next: opened.target.clone(),
    };
    let response = render(&state, &req, "account/recovery_codes.html", &page)?;
    signed_in(response, &opened, &req)
}

/// What the second step checks: a code of the account (`verify`) or the first code of an
/// enrolment (`confirm_enrolment`); `None` when wrong.
type Check<T> = fn(
    &mut crate::db::DbConnection,
    &str,
    &str,
    &str,
    Option<&str>,
    chrono::NaiveDateTime,
) -> Result<Option<T>, AppError>;

/// Runs `check` on what was typed and, when it passes, closes the pending step (once: a second
/// request with the same step gets `None`), in one transaction.
async fn check<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    pending_secret: String,
    user: &User,
    typed: &str,
    check: Check<T>,
) -> Result<Option<T>, AppError> {
    let (key, ip, now) = (
        state.settings.security.secret_key.clone(),
        client_ip(req),
        state.clock.now(),
    );
    let (typed, user_id) = (typed.to_string(), user.id.clone());
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let passed = check(conn, &key, &user_id, &typed, Some(&ip), now)?;
            if passed.is_some() && !second_factor::end_pending(conn, &pending_secret, now)? {
                return Ok(None);
            }
            Ok::<_, AppError>(passed)
        })
    })
    .await
}

/// The response once the second step is passed: the session's cookies, the step's cookie gone.
fn signed_in(
    mut response: HttpResponse,
    opened: &super::signin::Opened,
    req: &HttpRequest,
) -> Result<HttpResponse, AppError> {
    opened.set_on(&mut response)?;
    response
        .add_cookie(&pending_removal(secure_cookies(req)))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}
