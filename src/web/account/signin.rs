//! Sign-in and sign-out.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{deps, second_step};
use crate::accounts::signin::{
    self, sign_in, Credentials, SecondFactorSettings, SignInError, SignedIn,
};
use crate::auth::{csrf, session, Viewer};
use crate::db;
use crate::domain::account::Role;
use crate::error::AppError;
use crate::web::forms::{client_ip, safe_next, user_agent, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Deserialize, Serialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    suite: String,
}

#[derive(Serialize)]
struct SignInPage {
    form: FormState,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    pub(super) suite: Option<String>,
    /// `expiree` when the second step of a sign-in was not finished in time.
    #[serde(default)]
    etape: Option<String>,
}

pub async fn form(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let values = SignInForm {
        suite: safe_next(query.suite.as_deref()),
        ..Default::default()
    };
    render(
        &state,
        &req,
        "account/signin.html",
        &SignInPage {
            form: FormState::with_values(&values),
            error: (query.etape.as_deref() == Some("expiree")).then_some(STEP_EXPIRED),
        },
    )
}

const STEP_EXPIRED: &str = "Le délai pour saisir votre code de double authentification est dépassé, ou la connexion a été ouverte dans un autre navigateur : saisissez à nouveau vos identifiants.";
const WRONG: &str = "Adresse électronique ou mot de passe incorrect.";
const UNVERIFIED: &str = "Confirmez d'abord votre adresse électronique avec le lien que nous vous avons envoyé (pensez à vos courriers indésirables).";
const DISABLED: &str =
    "Ce compte est désactivé. Contactez le guichet si vous pensez qu'il s'agit d'une erreur.";

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let credentials = Credentials {
        email: form.email.clone(),
        password: form.password.clone(),
        ip: client_ip(&req),
    };
    let security = &state.settings.security;
    let settings = SecondFactorSettings {
        server_secret: security.secret_key.clone(),
        admins: security.admin_second_factor,
    };
    let refusal = match sign_in(&deps(&state), credentials, settings).await {
        Ok(SignedIn::Open { user_id }) => {
            let opened = open_session(&state, &req, user_id, &form.suite).await?;
            return opened.redirect();
        }
        Ok(SignedIn::SecondStep { pending, enrolment }) => {
            let page = if enrolment {
                "/connexion/activation"
            } else {
                "/connexion/code"
            };
            let suite = safe_next(Some(&form.suite));
            let target = format!(
                "{page}?{}",
                serde_urlencoded::to_string([("suite", suite.as_str())]).unwrap_or_default()
            );
            let mut response = see_other(&target);
            response
                .add_cookie(&second_step::pending_cookie(
                    pending,
                    crate::web::forms::secure_cookies(&req),
                ))
                .map_err(|e| AppError::Internal(e.into()))?;
            return Ok(response);
        }
        Err(SignInError::Failed(e)) => return Err(e),
        Err(SignInError::WrongCredentials) => WRONG,
        Err(SignInError::Unverified) => UNVERIFIED,
        Err(SignInError::Disabled) => DISABLED,
    };
    let page = SignInPage {
        form: FormState::with_values(&form),
        error: Some(refusal),
    };
    render_with_status(
        &state,
        &req,
        StatusCode::UNPROCESSABLE_ENTITY,
        "account/signin.html",
        &page,
    )
}

/// Where each role lands after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin/utilisateurs",
        _ => "/compte",
    }
}

/// A session just opened: its cookies and where the browser goes.
pub(super) struct Opened {
    cookies: [actix_web::cookie::Cookie<'static>; 2],
    pub target: String,
}

impl Opened {
    /// Sets the cookies on `response`.
    pub fn set_on(&self, response: &mut HttpResponse) -> Result<(), AppError> {
        for cookie in &self.cookies {
            response
                .add_cookie(cookie)
                .map_err(|e| AppError::Internal(e.into()))?;
        }
        Ok(())
    }

    pub fn redirect(&self) -> Result<HttpResponse, AppError> {
        let mut response = see_other(&self.target);
        self.set_on(&mut response)?;
        Ok(response)
    }
}

/// Opens the session of an account whose password (and second factor, if it has one) was
/// checked: the browser's previous session ends, and a new pre-session CSRF cookie comes too,
/// so that nothing from before the sign-in stays valid.
pub(super) async fn open_session(
    state: &AppState,
    req: &HttpRequest,
    user_id: String,
    next: &str,
) -> Result<Opened, AppError> {
    let mut security = state.settings.security.clone();
    security.secure_cookies = crate::web::forms::secure_cookies(req);
    let secure = security.secure_cookies;
    let browser = signin::Browser {
        previous_session: req
            .cookie(session::COOKIE)
            .map(|c| crate::auth::token::hash(c.value())),
        user_agent: user_agent(req),
        ip: client_ip(req),
    };
    let (token, role) = signin::open_session(&deps(state), security, user_id, browser).await?;
    let cookie = session::cookie(token, secure, None);
    let target = if next.is_empty() || next == "/compte" {
        home_of(role).to_string()
    } else {
        safe_next(Some(next))
    };
    Ok(Opened {
        cookies: [cookie, csrf::fresh_cookie(secure)],
        target,
    })
}

pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    if let Some(id) = viewer.session_id.clone() {
        let now = state.clock.now();
        db::run(&state.pool, move |conn| {
            db::sessions::revoke(conn, &id, now)?;
            db::audit::record(
                conn,
                "signout",
                Some(&viewer.user_id),
                Some(&viewer.user_id),
                None,
                "déconnexion",
                now,
            )?;
            Ok(())
        })
        .await?;
    }
    let mut response = see_other("/?ok=deconnecte");
    response
        .add_cookie(&session::removal(crate::web::forms::secure_cookies(&req)))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}
