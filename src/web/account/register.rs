//! Professional self-registration and e-mail verification.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{deps, INVALID_LINK};
use crate::accounts::register::{self, RegisterError};
use crate::domain::account::RegistrationForm;
use crate::domain::profession::{Profession, Situation};
use crate::error::AppError;
use crate::web::forms::{choices, client_ip, Choice, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct RegisterPage {
    form: FormState,
    professions: Vec<Choice>,
    situations: Vec<Choice>,
}

fn page(form: FormState) -> RegisterPage {
    RegisterPage {
        form,
        professions: choices(Profession::ALL, Profession::slug, Profession::label),
        situations: choices(Situation::ALL, Situation::slug, Situation::label),
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

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<RegistrationForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    match register::register(&deps(&state), &form, client_ip(&req)).await {
        Ok(()) => Ok(see_other("/inscription/envoyee")),
        Err(RegisterError::Invalid(errors)) => render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/register.html",
            &page(FormState::with_values(&form).with_errors(errors)),
        ),
        Err(RegisterError::Failed(e)) => Err(e),
    }
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
    let verified = register::verify_email(&deps(&state), secret.clone()).await?;
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
