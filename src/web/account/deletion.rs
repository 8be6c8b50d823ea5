//! A professional deletes their account: a confirmation page says which requests are kept
//! under a pseudonym and why, and which data goes; the form asks the password again and an
//! explicit confirmation (`workflow::account_erasure` does the work).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::profile::{current_password_ok, load_user};
use crate::auth::{policy, session, Viewer};
use crate::db;
use crate::error::AppError;
use crate::jobs::retention::remove_files;
use crate::web::forms::FormState;
use crate::web::page::render_with_status;
use crate::web::AppState;
use crate::workflow::account_erasure::{self, ErasurePreview};

#[derive(Serialize)]
struct DeletionPage {
    preview: ErasurePreview,
    kept_years: u32,
    form: FormState,
}

#[derive(Deserialize)]
pub struct DeletionForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

async fn page_with(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    status: StatusCode,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    let id = viewer.user_id.clone();
    let preview = db::run(&state.pool, move |conn| account_erasure::preview(conn, &id)).await?;
    let page = DeletionPage {
        preview,
        kept_years: state.settings.retention.policy.closed_request_years,
        form,
    };
    render_with_status(state, req, status, "account/delete.html", &page)
}

pub async fn confirm_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::own_personal_data(&viewer)?;
    page_with(&state, &req, &viewer, StatusCode::OK, FormState::default()).await
}

pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<DeletionForm>,
) -> Result<HttpResponse, AppError> {
    policy::own_personal_data(&viewer)?;
    let form = form.into_inner();
    let user = load_user(&state, viewer.user_id.clone()).await?;
    let mut errors = FormState::default();
    if form.confirmation != "oui" {
        errors = errors.error(
            "confirmation",
            "Cochez la case pour confirmer la suppression de votre compte.",
        );
    }
    if !current_password_ok(&state, &req, &user, form.password).await? {
        errors = errors.error("password", "Le mot de passe est incorrect.");
    }
    if errors.has_errors() {
        return page_with(
            &state,
            &req,
            &viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        )
        .await;
    }
    let now = state.clock.now();
    let id = user.id.clone();
    let files = db::run(&state.pool, move |conn| {
        account_erasure::erase(conn, &id, now)
    })
    .await?;
    let uploads = state.settings.uploads.dir.clone();
    web::block(move || remove_files(&uploads, &files))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("suppression interrompue : {e}")))?;
    let mut response = render_with_status(
        &state,
        &req,
        StatusCode::OK,
        "account/deleted.html",
        &serde_json::json!({}),
    )?;
    response
        .add_cookie(&session::removal(crate::web::forms::secure_cookies(&req)))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}
