//! The signed-in person's own pages: account, sessions, password, e-mail address, API tokens.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{issue_link, redeem_link, LinkPurpose, INVALID_LINK};
use crate::auth::{policy, session, Viewer};
use crate::db::{self, sessions::Session, users::User};
use crate::domain::account::{check_password, Email};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct AccountPage {
    user: User,
    role_label: &'static str,
    departements: Vec<String>,
    masked_number: Option<String>,
}

async fn load_user(state: &AppState, id: String) -> Result<User, AppError> {
    db::run(&state.pool, move |conn| {
        db::users::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await
}

pub async fn account(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let user = load_user(&state, viewer.user_id.clone()).await?;
    let masked_number = user.professional_number.as_deref().map(|n| {
        format!(
            "{}{}",
            "•".repeat(n.len().saturating_sub(4)),
            &n[n.len().saturating_sub(4)..]
        )
    });
    render(
        &state,
        &req,
        "account/account.html",
        &AccountPage {
            user,
            role_label: viewer.role.label(),
            departements: viewer.departements.clone(),
            masked_number,
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
struct FormPage {
    form: FormState,
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
struct Notice<'a> {
    first_name: &'a str,
    new_email: Option<&'a str>,
    link: Option<String>,
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
    if !state
        .hasher
        .verify(form.current_password.clone(), user.password_hash.clone())
        .await?
    {
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

#[derive(Deserialize, Serialize, Default)]
pub struct ChangeEmailForm {
    #[serde(default)]
    new_email: String,
    #[serde(default, skip_serializing)]
    current_password: String,
}

pub async fn email_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    render(
        &state,
        &req,
        "account/change_email.html",
        &FormPage {
            form: FormState::default(),
        },
    )
}

pub async fn change_email(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<ChangeEmailForm>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let form = form.into_inner();
    let user = load_user(&state, viewer.user_id.clone()).await?;
    let mut errors = FormState::with_values(&form);
    let new_email = Email::parse(&form.new_email)
        .map_err(|m| errors.errors.insert("new_email".into(), m))
        .ok();
    if !state
        .hasher
        .verify(form.current_password.clone(), user.password_hash.clone())
        .await?
    {
        errors = errors.error("current_password", "Le mot de passe actuel est incorrect.");
    }
    let Some(new_email) = new_email.filter(|_| !errors.has_errors()) else {
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/change_email.html",
            &FormPage { form: errors },
        );
    };
    let st = state.clone();
    let now = state.clock.now();
    let taken = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            if db::users::email_taken(conn, new_email.as_str())? {
                return Ok(true);
            }
            let secret = issue_link(
                conn,
                &user.id,
                LinkPurpose::ChangeEmail,
                Some(new_email.as_str()),
                now,
            )?;
            let base = st.base_url();
            let data = Notice {
                first_name: &user.first_name,
                new_email: Some(new_email.as_str()),
                link: Some(format!("{base}/compte/courriel/confirmer?jeton={secret}")),
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                base,
                new_email.as_str(),
                "email_change_confirm",
                &data,
                now,
            )?;
            db::audit::record(
                conn,
                "email_change_requested",
                Some(&user.id),
                Some(&user.id),
                None,
                &format!("vers {}", new_email.masked()),
                now,
            )?;
            Ok::<_, AppError>(false)
        })
    })
    .await?;
    if taken {
        let page = FormPage {
            form: FormState::with_values(&form).error(
                "new_email",
                "Cette adresse est déjà utilisée par un autre compte.",
            ),
        };
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/change_email.html",
            &page,
        );
    }
    Ok(see_other("/compte?ok=courriel-envoye"))
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    jeton: String,
}

#[derive(Serialize)]
struct ConfirmPage {
    jeton: String,
    error: Option<&'static str>,
}

pub async fn confirm_email_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    render(
        &state,
        &req,
        "account/confirm_email.html",
        &ConfirmPage {
            jeton: q.into_inner().jeton,
            error: None,
        },
    )
}

pub async fn confirm_email(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    let secret = form.into_inner().jeton;
    let (s, st) = (secret.clone(), state.clone());
    let now = state.clock.now();
    let done = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let Some(token) = redeem_link(conn, &s, LinkPurpose::ChangeEmail, now)? else {
                return Ok(false);
            };
            let Some(new_email) = token.new_email.clone() else {
                return Ok(false);
            };
            if db::users::email_taken(conn, &new_email)? {
                return Ok(false);
            }
            let user = db::users::find(conn, &token.user_id)?.ok_or(AppError::NotFound)?;
            db::users::set_email(conn, &user.id, &new_email, now)?;
            let data = Notice {
                first_name: &user.first_name,
                new_email: Some(&new_email),
                link: None,
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                st.base_url(),
                &user.email,
                "email_changed",
                &data,
                now,
            )?;
            db::audit::record(
                conn,
                "email_changed",
                Some(&user.id),
                Some(&user.id),
                None,
                "adresse électronique modifiée",
                now,
            )?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if done {
        Ok(see_other("/compte?ok=adresse-modifiee"))
    } else {
        render_with_status(
            &state,
            &req,
            StatusCode::GONE,
            "account/confirm_email.html",
            &ConfirmPage {
                jeton: secret,
                error: Some(INVALID_LINK),
            },
        )
    }
}
