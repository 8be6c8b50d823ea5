//! The signed-in person's second factor: its state, setting an application up, new recovery
//! codes and turning it off (the last two ask for the password again; turning it off is refused
//! where it is required).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::profile::{current_password_ok, load_user};
use super::second_step::RecoveryPage;
use crate::auth::second_factor::{self, Enrolment};
use crate::auth::Viewer;
use crate::db;
use crate::error::AppError;
use crate::web::forms::{client_ip, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

const PAGE: &str = "account/second_factor.html";

#[derive(Serialize)]
struct StatePage {
    confirmed_at: Option<NaiveDateTime>,
    required: bool,
    recovery_left: i64,
    enrolment: Option<Enrolment>,
    /// Where the enrolment form goes (shared with the sign-in step's template).
    action: &'static str,
    form: FormState,
}

async fn state_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user = load_user(state, viewer.user_id.clone()).await?;
    let key = state.settings.security.secret_key.clone();
    let admins = state.settings.security.admin_second_factor;
    let page = db::run(&state.pool, move |conn| {
        let row = db::second_factor::find(conn, &user.id)?;
        let required = second_factor::requirement(conn, &user, admins)?.is_required();
        let recovery_left = db::second_factor::unused_recovery_codes(conn, &user.id)?;
        let enrolment = second_factor::pending_enrolment(conn, &key, &user)?;
        Ok::<_, AppError>(StatePage {
            confirmed_at: row.and_then(|r| r.confirmed_at),
            required,
            recovery_left,
            enrolment,
            action: "/compte/double-authentification/confirmer",
            form,
        })
    })
    .await?;
    render_with_status(state, req, status, PAGE, &page)
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    state_page(&state, &req, &viewer, FormState::default(), StatusCode::OK).await
}

/// Starts setting an application up (a new secret, kept until confirmed).
pub async fn start(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let (key, now, id) = (
        state.settings.security.secret_key.clone(),
        state.clock.now(),
        viewer.user_id.clone(),
    );
    db::run(&state.pool, move |conn| {
        second_factor::begin_enrolment(conn, &key, &id, now)
    })
    .await?;
    Ok(see_other("/compte/double-authentification#activation"))
}

#[derive(Deserialize, Serialize, Default)]
pub struct CodeForm {
    #[serde(default, skip_serializing)]
    code: String,
}

pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let (key, ip, now) = (
        state.settings.security.secret_key.clone(),
        client_ip(&req),
        state.clock.now(),
    );
    let (id, typed) = (viewer.user_id.clone(), form.code.clone());
    let codes = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            second_factor::confirm_enrolment(conn, &key, &id, &typed, Some(&ip), now)
        })
    })
    .await?;
    match codes {
        Some(codes) => {
            let page = RecoveryPage {
                codes,
                next: "/compte/double-authentification".into(),
            };
            render(&state, &req, "account/recovery_codes.html", &page)
        }
        None => refused(&state, &req, &viewer, "code", WRONG_FIRST_CODE).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct PasswordForm {
    #[serde(default, skip_serializing)]
    current_password: String,
}

/// Whether the account has a confirmed second factor (nothing to renew or turn off otherwise).
async fn confirmed(state: &AppState, user_id: &str) -> Result<bool, AppError> {
    let id = user_id.to_string();
    db::run(&state.pool, move |conn| {
        second_factor::is_confirmed(conn, &id)
    })
    .await
}

/// The page again (422) with `message` beside `field`.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    field: &str,
    message: &str,
) -> Result<HttpResponse, AppError> {
    let form = FormState::default().error(field, message);
    state_page(state, req, viewer, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

const REQUIRED: &str = "La double authentification est obligatoire pour votre rôle : elle ne peut pas être désactivée. En cas de perte de votre téléphone, utilisez un code de secours ou demandez à un administrateur de la réinitialiser.";
const WRONG_FIRST_CODE: &str = "Code incorrect : saisissez le code à 6 chiffres affiché maintenant par l'application que vous venez de configurer.";
const WRONG_PASSWORD: &str = "Le mot de passe actuel est incorrect.";

/// New recovery codes (the old ones stop working).
pub async fn recovery_codes(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let user = load_user(&state, viewer.user_id.clone()).await?;
    if !confirmed(&state, &user.id).await? {
        return Ok(see_other("/compte/double-authentification"));
    }
    if !current_password_ok(&state, &req, &user, form.current_password.clone()).await? {
        return refused(&state, &req, &viewer, "current_password", WRONG_PASSWORD).await;
    }
    let (now, ip) = (state.clock.now(), client_ip(&req));
    let codes = db::run(&state.pool, move |conn| {
        if !second_factor::is_confirmed(conn, &user.id)? {
            return Ok(None);
        }
        let codes = second_factor::new_recovery_codes(conn, &user.id, now)?;
        db::audit::record(
            conn,
            "recovery_codes_renewed",
            Some(&user.id),
            Some(&user.id),
            Some(&ip),
            "nouveaux codes de secours",
            now,
        )?;
        Ok::<_, AppError>(Some(codes))
    })
    .await?;
    let Some(codes) = codes else {
        return Ok(see_other("/compte/double-authentification"));
    };
    let page = RecoveryPage {
        codes,
        next: "/compte/double-authentification".into(),
    };
    render(&state, &req, "account/recovery_codes.html", &page)
}

/// Turns the second factor off, where it is not required.
pub async fn turn_off(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let user = load_user(&state, viewer.user_id.clone()).await?;
    if !confirmed(&state, &user.id).await? {
        return Ok(see_other("/compte/double-authentification"));
    }
    let (u, admins) = (user.clone(), state.settings.security.admin_second_factor);
    let required = db::run(&state.pool, move |conn| {
        second_factor::requirement(conn, &u, admins)
    })
    .await?
    .is_required();
    if required {
        return refused(&state, &req, &viewer, "current_password", REQUIRED).await;
    }
    if !current_password_ok(&state, &req, &user, form.current_password.clone()).await? {
        return refused(&state, &req, &viewer, "current_password", WRONG_PASSWORD).await;
    }
    let (now, ip) = (state.clock.now(), client_ip(&req));
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            second_factor::remove(conn, &user.id, &user.id, Some(&ip), now)
        })
    })
    .await?;
    Ok(see_other(
        "/compte/double-authentification?ok=double-authentification-desactivee",
    ))
}
