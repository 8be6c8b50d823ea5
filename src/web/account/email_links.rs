//! Pages reached from e-mailed links that set a password: password reset and invitations.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{issue_link, link_is_usable, redeem_link, LinkPurpose, INVALID_LINK};
use crate::auth::throttle;
use crate::db;
use crate::domain::account::{check_password, Email};
use crate::error::AppError;
use crate::web::forms::{client_ip, FormState};
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

#[derive(Serialize)]
struct LinkEmail<'a> {
    first_name: &'a str,
    link: String,
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
    let ip = client_ip(&req);
    let st = state.clone();
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
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
            let base = st.base_url();
            let data = LinkEmail {
                first_name: &user.first_name,
                link: format!("{base}/mot-de-passe/nouveau?jeton={secret}"),
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                base,
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
    .await?;
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
}

#[derive(Deserialize, Serialize, Default)]
pub struct NewPasswordForm {
    #[serde(default)]
    jeton: String,
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
    show(state, req, q.into_inner().jeton, false).await
}

pub async fn invitation_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    show(state, req, q.into_inner().jeton, true).await
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

#[derive(Serialize)]
struct Notice<'a> {
    first_name: &'a str,
}

async fn set_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: NewPasswordForm,
    invitation: bool,
) -> Result<HttpResponse, AppError> {
    let (purpose, action) = purpose_of(invitation);
    if let Err(message) = check_password(&form.password, &state.common_passwords) {
        let page = NewPasswordPage {
            form: FormState::with_values(&form).error("password", message),
            invitation,
            action,
            invalid_link: None,
        };
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/new_password.html",
            &page,
        );
    }
    // The link is checked (and the address throttled) before any hashing: an unknown or used
    // link costs no argon2.
    let (secret, ip) = (form.jeton.clone(), client_ip(&req));
    let now = state.clock.now();
    let usable = db::run(&state.pool, move |conn| {
        throttle::check(conn, &throttle::LINK_IP, &ip, now)?;
        link_is_usable(conn, &secret, purpose, now)
    })
    .await?;
    let done = usable && set_hashed(&state, &form, invitation).await?;
    if done {
        Ok(see_other("/connexion?ok=mot-de-passe-modifie"))
    } else {
        let page = NewPasswordPage {
            form: FormState::with_values(&form),
            invitation,
            action,
            invalid_link: Some(INVALID_LINK),
        };
        render_with_status(
            &state,
            &req,
            StatusCode::GONE,
            "account/new_password.html",
            &page,
        )
    }
}

/// Hashes the new password and redeems the link (once: `false` when someone used it first).
async fn set_hashed(
    state: &web::Data<AppState>,
    form: &NewPasswordForm,
    invitation: bool,
) -> Result<bool, AppError> {
    let (purpose, _) = purpose_of(invitation);
    let hash = state.hasher.hash(form.password.clone()).await?;
    let (secret, st) = (form.jeton.clone(), state.clone());
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let Some(token) = redeem_link(conn, &secret, purpose, now)? else {
                return Ok(false);
            };
            let user = db::users::find(conn, &token.user_id)?.ok_or(AppError::NotFound)?;
            db::users::set_password(conn, &user.id, &hash, now)?;
            if invitation {
                db::users::mark_verified(conn, &user.id, now)?;
            }
            db::sessions::revoke_all_of_user(conn, &user.id, now)?;
            let base = st.base_url();
            crate::mail::enqueue(
                conn,
                &st.templates,
                base,
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
    .await
}
