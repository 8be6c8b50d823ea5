//! The signed-in person's own pages: account, sessions, password (the e-mail address is in
//! `email_change`, API tokens in `tokens`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, session, throttle, Viewer};
use crate::db::{self, sessions::Session, users::User};
use crate::domain::account::check_password;
use crate::error::AppError;
use crate::web::forms::{client_ip, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::page_rows::AccountCard;
use crate::web::AppState;

#[derive(Serialize)]
struct AccountPage {
    user: AccountCard,
    role_label: &'static str,
    departements: Vec<String>,
    masked_number: Option<String>,
    /// The professional's profile and its history (`None` for agents).
    profile: Option<super::profession::ProfilePanel>,
}

pub(super) async fn load_user(state: &AppState, id: String) -> Result<User, AppError> {
    db::run(&state.pool, move |conn| {
        db::users::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// Checks the signed-in person's current password (asked again before a sensitive change),
/// throttled like a sign-in: 429 while this client must wait, before any hashing.
pub(super) async fn current_password_ok(
    state: &AppState,
    req: &HttpRequest,
    user: &User,
    password: String,
) -> Result<bool, AppError> {
    let (account, ip, now) = (user.email.clone(), client_ip(req), state.clock.now());
    let (a, i) = (account.clone(), ip.clone());
    db::run(&state.pool, move |conn| {
        throttle::password_gate(conn, &a, &i, now)
    })
    .await?;
    let ok = state
        .hasher
        .verify(password, user.password_hash.clone())
        .await?;
    db::run(&state.pool, move |conn| {
        if ok {
            throttle::password_succeeded(conn, &account, &ip)
        } else {
            throttle::password_failed(conn, &account, &ip, now)
        }
    })
    .await?;
    Ok(ok)
}

pub async fn account(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    account_page(&state, &req, &viewer, None, StatusCode::OK).await
}

/// « Mon compte »; `profile_form`: the profile form typed again with its errors (422).
pub(super) async fn account_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    profile_form: Option<FormState>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(viewer)?;
    let user = load_user(state, viewer.user_id.clone()).await?;
    let masked_number = user.professional_number.as_deref().map(|n| {
        format!(
            "{}{}",
            "•".repeat(n.len().saturating_sub(4)),
            &n[n.len().saturating_sub(4)..]
        )
    });
    let profile = super::profession::panel(state, viewer, profile_form).await?;
    render_with_status(
        state,
        req,
        status,
        "account/account.html",
        &AccountPage {
            user: AccountCard::from(&user),
            role_label: viewer.role.label(),
            departements: viewer.departements.clone(),
            masked_number,
            profile,
        },
    )
}

#[derive(Serialize)]
struct SessionRow {
    session: Session,
    current: bool,
}

#[derive(Serialize)]
struct SessionsPage {
    sessions: Vec<SessionRow>,
}

pub async fn sessions(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let id = viewer.user_id.clone();
    let now = state.clock.now();
    let list = db::run(&state.pool, move |conn| {
        Ok(db::sessions::live_of_user(conn, &id, now)?)
    })
    .await?;
    let sessions = list
        .into_iter()
        .map(|s| SessionRow {
            current: Some(&s.id) == viewer.session_id.as_ref(),
            session: s,
        })
        .collect();
    render(
        &state,
        &req,
        "account/sessions.html",
        &SessionsPage { sessions },
    )
}

fn signed_out_to(req: &HttpRequest, location: &str) -> Result<HttpResponse, AppError> {
    let mut response = see_other(location);
    response
        .add_cookie(&session::removal(crate::web::forms::secure_cookies(req)))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}

pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        let n = db::sessions::revoke_all_of_user(conn, &viewer.user_id, now)?;
        db::audit::record(
            conn,
            "signout_everywhere",
            Some(&viewer.user_id),
            Some(&viewer.user_id),
            None,
            &format!("{n} session(s) fermée(s)"),
            now,
        )?;
        Ok(())
    })
    .await?;
    signed_out_to(&req, "/connexion?ok=sessions-fermees")
}

#[derive(Deserialize, Serialize, Default)]
pub struct ChangePasswordForm {
    #[serde(default, skip_serializing)]
    current_password: String,
    #[serde(default, skip_serializing)]
    new_password: String,
}

#[derive(Serialize)]
pub(super) struct FormPage {
    pub(super) form: FormState,
}

pub async fn password_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    render(
        &state,
        &req,
        "account/change_password.html",
        &FormPage {
            form: FormState::default(),
        },
    )
}

#[derive(Serialize)]
pub(super) struct Notice<'a> {
    pub(super) first_name: &'a str,
    pub(super) new_email: Option<&'a str>,
    pub(super) link: Option<String>,
}

pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<ChangePasswordForm>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let form = form.into_inner();
    let user = load_user(&state, viewer.user_id.clone()).await?;
    let mut errors = FormState::default();
    if !current_password_ok(&state, &req, &user, form.current_password.clone()).await? {
        errors = errors.error("current_password", "Le mot de passe actuel est incorrect.");
    }
    if let Err(message) = check_password(&form.new_password, &state.common_passwords) {
        errors = errors.error("new_password", message);
    }
    if errors.has_errors() {
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/change_password.html",
            &FormPage { form: errors },
        );
    }
    let hash = state.hasher.hash(form.new_password).await?;
    let st = state.clone();
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            db::users::set_password(conn, &user.id, &hash, now)?;
            db::sessions::revoke_all_of_user(conn, &user.id, now)?;
            let data = Notice {
                first_name: &user.first_name,
                new_email: None,
                link: None,
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                st.base_url(),
                &user.email,
                "password_changed",
                &data,
                now,
            )?;
            db::audit::record(
                conn,
                "password_changed",
                Some(&user.id),
                Some(&user.id),
                None,
                "mot de passe modifié ; sessions fermées",
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    signed_out_to(&req, "/connexion?ok=mot-de-passe-modifie")
}
