//! Sign-in and sign-out.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{csrf, session, throttle, Viewer};
use crate::db;
use crate::domain::account::{Email, Role};
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
    suite: Option<String>,
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
            error: None,
        },
    )
}

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
    let ip = client_ip(&req);
    let email = Email::parse(&form.email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| form.email.trim().to_lowercase());
    let (ip2, email2) = (ip.clone(), email.clone());
    let now = state.clock.now();
    let user = db::run(&state.pool, move |conn| {
        throttle::check(conn, &throttle::SIGNIN_IP, &ip2, now)?;
        throttle::password_gate(conn, &email2, &ip2, now)?;
        Ok(db::users::find_by_email(conn, &email2)?)
    })
    .await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = state.hasher.verify(form.password.clone(), stored).await?;
    if !password_ok {
        let (ip2, email2) = (ip.clone(), email.clone());
        db::run(&state.pool, move |conn| {
            throttle::password_failed(conn, &email2, &ip2, now)
        })
        .await?;
    }
    let problem = match &user {
        Some(u) if password_ok && u.disabled_at.is_some() => Some(DISABLED),
        Some(u) if password_ok && u.email_verified_at.is_none() => Some(UNVERIFIED),
        Some(_) if password_ok => None,
        _ => Some(WRONG),
    };
    let mut security = state.settings.security.clone();
    security.secure_cookies = crate::web::forms::secure_cookies(&req);
    let security_cookies = security.secure_cookies;
    let (ua, next) = (user_agent(&req), form.suite.clone());
    // The session this browser had until now (if any) ends with the new sign-in.
    let previous = req
        .cookie(session::COOKIE)
        .map(|c| crate::auth::token::hash(c.value()));
    match (problem, user) {
        (None, Some(user)) => {
            let role = Role::from_slug(&user.role)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("rôle inconnu")))?;
            let now = state.clock.now();
            let cookie = db::run(&state.pool, move |conn| {
                crate::db::transaction(conn, |conn| {
                    if let Some(previous) = &previous {
                        db::sessions::revoke_by_hash(conn, previous, now)?;
                    }
                    let cookie = session::open(conn, &user.id, role, &ua, &security, now)?;
                    throttle::password_succeeded(conn, &email, &ip)?;
                    db::audit::record(
                        conn,
                        "signin_success",
                        Some(&user.id),
                        Some(&user.id),
                        Some(&ip),
                        "connexion réussie",
                        now,
                    )?;
                    Ok::<_, AppError>(cookie)
                })
            })
            .await?;
            let target = if next.is_empty() || next == "/compte" {
                home_of(role).to_string()
            } else {
                safe_next(Some(&next))
            };
            let mut response = see_other(&target);
            response
                .add_cookie(&cookie)
                .map_err(|e| AppError::Internal(e.into()))?;
            // A new pre-session CSRF cookie too: nothing from before the sign-in stays valid.
            response
                .add_cookie(&csrf::fresh_cookie(security_cookies))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(response)
        }
        (problem, user) => {
            let subject = user.map(|u| u.id);
            let masked = Email::parse(&form.email)
                .map(|e| e.masked())
                .unwrap_or_else(|_| "adresse invalide".into());
            let now = state.clock.now();
            db::run(&state.pool, move |conn| {
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
            let page = SignInPage {
                form: FormState::with_values(&form),
                error: problem,
            };
            render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "account/signin.html",
                &page,
            )
        }
    }
}

/// Where each role lands after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin/utilisateurs",
        _ => "/compte",
    }
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
