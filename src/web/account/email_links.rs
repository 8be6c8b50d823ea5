//! Pages reached from e-mailed links that set a password: password reset and invitations.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{deps, link_is_usable, LinkPurpose, INVALID_LINK};
use crate::accounts::invite;
use crate::accounts::password_link::{self, ChoosePasswordError};
use crate::db;
use crate::domain::account::Email;
use crate::error::AppError;
use crate::web::forms::{client_ip, safe_next, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Deserialize, Serialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Serialize)]
struct ForgotPage {
    form: FormState,
}

pub async fn forgot_form(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    render(
        &state,
        &req,
        "account/forgot.html",
        &ForgotPage {
            form: FormState::default(),
        },
    )
}

/// Same answer whether or not the account exists.
pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let email = match Email::parse(&form.email) {
        Ok(e) => e,
        Err(message) => {
            let page = ForgotPage {
                form: FormState::with_values(&form).error("email", message),
            };
            return render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "account/forgot.html",
                &page,
            );
        }
    };
    password_link::request_reset(&deps(&state), email, client_ip(&req)).await?;
    render(
        &state,
        &req,
        "account/forgot_sent.html",
        &ForgotPage {
            form: FormState::default(),
        },
    )
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    jeton: String,
    /// Where to go once signed in (an invitation to take over a request: its page).
    #[serde(default)]
    suite: String,
}

#[derive(Deserialize, Serialize, Default)]
pub struct NewPasswordForm {
    #[serde(default)]
    jeton: String,
    #[serde(default)]
    suite: String,
    #[serde(default, skip_serializing)]
    password: String,
}

#[derive(Serialize)]
struct NewPasswordPage {
    form: FormState,
    invitation: bool,
    action: &'static str,
    invalid_link: Option<&'static str>,
}

fn purpose_of(invitation: bool) -> (LinkPurpose, &'static str) {
    if invitation {
        (LinkPurpose::Invitation, "/invitation")
    } else {
        (LinkPurpose::ResetPassword, "/mot-de-passe/nouveau")
    }
}

async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    jeton: String,
    suite: String,
    invitation: bool,
) -> Result<HttpResponse, AppError> {
    let (purpose, action) = purpose_of(invitation);
    let secret = jeton.clone();
    let now = state.clock.now();
    let usable = db::run(&state.pool, move |conn| {
        link_is_usable(conn, &secret, purpose, now)
    })
    .await?;
    let values = NewPasswordForm {
        jeton,
        suite,
        password: String::new(),
    };
    let page = NewPasswordPage {
        form: FormState::with_values(&values),
        invitation,
        action,
        invalid_link: (!usable).then_some(INVALID_LINK),
    };
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    render_with_status(&state, &req, status, "account/new_password.html", &page)
}

pub async fn reset_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    show(state, req, q.jeton, q.suite, false).await
}

pub async fn invitation_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    show(state, req, q.jeton, q.suite, true).await
}

pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, AppError> {
    set_password(state, req, form.into_inner(), false).await
}

pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<NewPasswordForm>,
) -> Result<HttpResponse, AppError> {
    set_password(state, req, form.into_inner(), true).await
}

/// The sign-in page after a new password, then the page of `suite` when it is one of the
/// guichet's (the request an invitation is about), else the account.
fn signin_then(suite: &str) -> String {
    let next = safe_next(Some(suite));
    if suite.is_empty() || next == "/compte" {
        return "/connexion?ok=mot-de-passe-modifie".to_string();
    }
    let query = serde_urlencoded::to_string([("suite", next.as_str())]).unwrap_or_default();
    format!("/connexion?ok=mot-de-passe-modifie&{query}")
}

/// The new password of a reset or an invitation: the sign-in page, the form again beside the
/// password (422), or the link refused (410).
async fn set_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: NewPasswordForm,
    invitation: bool,
) -> Result<HttpResponse, AppError> {
    let (_, action) = purpose_of(invitation);
    let deps = deps(&state);
    let (secret, password, ip) = (form.jeton.clone(), form.password.clone(), client_ip(&req));
    let chosen = if invitation {
        invite::accept(&deps, secret, password, ip).await
    } else {
        password_link::reset(&deps, secret, password, ip).await
    };
    let (values, invalid_link, status) = match chosen {
        Ok(()) => return Ok(see_other(&signin_then(&form.suite))),
        Err(ChoosePasswordError::Failed(e)) => return Err(e),
        Err(ChoosePasswordError::Password(message)) => (
            FormState::with_values(&form).error("password", message),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ChoosePasswordError::InvalidLink) => (
            FormState::with_values(&form),
            Some(INVALID_LINK),
            StatusCode::GONE,
        ),
    };
    let page = NewPasswordPage {
        form: values,
        invitation,
        action,
        invalid_link,
    };
    render_with_status(&state, &req, status, "account/new_password.html", &page)
}
