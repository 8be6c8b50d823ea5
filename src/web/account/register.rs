//! Professional self-registration and e-mail verification.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{issue_link, redeem_link, LinkPurpose, INVALID_LINK};
use crate::auth::{policy, throttle};
use crate::db::{self, users::NewUser};
use crate::domain::account::RegistrationForm;
use crate::domain::profession::{Profession, Situation};
use crate::error::AppError;
use crate::web::forms::{client_ip, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct RegisterPage {
    form: FormState,
    professions: Vec<Choice>,
    situations: Vec<Choice>,
}

fn page(form: FormState) -> RegisterPage {
    RegisterPage {
        form,
        professions: Profession::ALL
            .iter()
            .map(|p| Choice {
                value: p.slug(),
                label: p.label(),
            })
            .collect(),
        situations: Situation::ALL
            .iter()
            .map(|s| Choice {
                value: s.slug(),
                label: s.label(),
            })
            .collect(),
    }
}

pub async fn form(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    render(
        &state,
        &req,
        "account/register.html",
        &page(FormState::default()),
    )
}

#[derive(Serialize)]
struct EmailData<'a> {
    first_name: &'a str,
    link: String,
}

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<RegistrationForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let ip = client_ip(&req);
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        throttle::check(conn, &throttle::REGISTER_IP, &ip, now)
    })
    .await?;
    let new = match form.parse(&state.common_passwords) {
        Ok(new) => new,
        Err(errors) => {
            let state_form = FormState::with_values(&form).with_errors(errors);
            return render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "account/register.html",
                &page(state_form),
            );
        }
    };
    let hash = state.hasher.hash(new.password.clone()).await?;
    let st = state.clone();
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        let base = st.base_url().to_string();
        crate::db::transaction(conn, |conn| {
            if let Some(existing) = db::users::find_by_email(conn, new.email.as_str())? {
                // Same answer as for a new address; the owner is told by e-mail.
                let data = EmailData {
                    first_name: &existing.first_name,
                    link: format!("{base}/connexion"),
                };
                crate::mail::enqueue(
                    conn,
                    &st.templates,
                    &base,
                    &existing.email,
                    "register_existing",
                    &data,
                    now,
                )?;
                return Ok(());
            }
            let id = uuid::Uuid::now_v7().to_string();
            db::users::insert(
                conn,
                &NewUser {
                    id: id.clone(),
                    email: new.email.as_str().to_string(),
                    password_hash: Some(hash),
                    first_name: new.first_name.clone(),
                    last_name: new.last_name.clone(),
                    role: policy::self_register_role(),
                    profession: Some(new.profession),
                    situation: Some(new.situation),
                    professional_number: new
                        .professional_number
                        .as_ref()
                        .map(|n| n.as_str().to_string()),
                    institution_id: None,
                    region_code: None,
                    email_verified_at: None,
                    disabled_at: None,
                    created_at: now,
                    updated_at: now,
                },
                &[],
            )?;
            let secret = issue_link(conn, &id, LinkPurpose::VerifyEmail, None, now)?;
            let data = EmailData {
                first_name: &new.first_name,
                link: format!("{base}/compte/verifier?jeton={secret}"),
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                &base,
                new.email.as_str(),
                "verify_email",
                &data,
                now,
            )?;
            let detail = format!("inscription {}", new.email.masked());
            db::audit::record(
                conn,
                "registration",
                Some(&id),
                Some(&id),
                None,
                &detail,
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(see_other("/inscription/envoyee"))
}

#[derive(Serialize)]
struct Empty {}

pub async fn sent(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    render(&state, &req, "account/register_sent.html", &Empty {})
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    jeton: String,
}

#[derive(Serialize)]
struct VerifyPage {
    jeton: String,
    error: Option<&'static str>,
}

/// The link from the e-mail shows a confirmation button: a mail scanner following links does
/// not consume the token.
pub async fn verify_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    render(
        &state,
        &req,
        "account/verify.html",
        &VerifyPage {
            jeton: query.into_inner().jeton,
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    jeton: String,
}

pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<LinkForm>,
) -> Result<HttpResponse, AppError> {
    let secret = form.into_inner().jeton;
    let secret_for_db = secret.clone();
    let now = state.clock.now();
    let verified = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let Some(token) = redeem_link(conn, &secret_for_db, LinkPurpose::VerifyEmail, now)?
            else {
                return Ok(false);
            };
            db::users::mark_verified(conn, &token.user_id, now)?;
            db::audit::record(
                conn,
                "email_verified",
                Some(&token.user_id),
                Some(&token.user_id),
                None,
                "adresse confirmée",
                now,
            )?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if verified {
        Ok(see_other("/connexion?ok=adresse-verifiee"))
    } else {
        render_with_status(
            &state,
            &req,
            StatusCode::GONE,
            "account/verify.html",
            &VerifyPage {
                jeton: secret,
                error: Some(INVALID_LINK),
            },
        )
    }
}
