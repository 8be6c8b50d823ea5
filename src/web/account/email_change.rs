//! Changing one's e-mail address: the form (password asked again), the link sent to the new
//! address, its confirmation.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::profile::{current_password_ok, load_user, FormPage, Notice};
use super::{issue_link, redeem_link, LinkPurpose, INVALID_LINK};
use crate::auth::{policy, MaybeViewer, Viewer};
use crate::db;
use crate::domain::account::Email;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

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
    if !current_password_ok(&state, &req, &user, form.current_password.clone()).await? {
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
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let base = st.base_url();
            if let Some(owner) = db::users::find_by_email(conn, new_email.as_str())? {
                // Same answer as for a free address, so that the form tells nobody whether an
                // address has an account; its owner is told by e-mail.
                let data = Notice {
                    first_name: &owner.first_name,
                    new_email: None,
                    link: Some(format!("{base}/connexion")),
                };
                crate::mail::enqueue(
                    conn,
                    &st.templates,
                    base,
                    &owner.email,
                    "email_change_taken",
                    &data,
                    now,
                )?;
                return Ok(());
            }
            let secret = issue_link(
                conn,
                &user.id,
                LinkPurpose::ChangeEmail,
                Some(new_email.as_str()),
                now,
            )?;
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
            Ok::<_, AppError>(())
        })
    })
    .await?;
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
    viewer: MaybeViewer,
    form: web::Form<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    let secret = form.into_inner().jeton;
    // The session confirming the change (if signed in) stays open; every other one closes.
    let current = viewer.0.and_then(|v| v.session_id.map(|s| (v.user_id, s)));
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
            let keep = current
                .as_ref()
                .filter(|(owner, _)| *owner == user.id)
                .map(|(_, session)| session.as_str());
            db::sessions::revoke_sessions_of_user_except(conn, &user.id, keep, now)?;
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
                "adresse électronique modifiée ; autres sessions fermées",
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
