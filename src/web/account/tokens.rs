//! The signed-in person's API tokens (bearer tokens for the JSON API) and `GET /api/v1/moi`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, token, Viewer};
use crate::db::{self, sessions::ApiToken};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct TokensPage {
    tokens: Vec<ApiToken>,
    created: Option<String>,
    form: FormState,
}

pub async fn api_tokens(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let id = viewer.user_id.clone();
    let tokens = db::run(&state.pool, move |conn| {
        Ok(db::sessions::api_tokens_of_user(conn, &id)?)
    })
    .await?;
    render(
        &state,
        &req,
        "account/api_tokens.html",
        &TokensPage {
            tokens,
            created: None,
            form: FormState::default(),
        },
    )
}

#[derive(Deserialize, Serialize)]
pub struct NewTokenForm {
    #[serde(default)]
    name: String,
}

/// Creates a bearer token for the JSON API; the secret is shown once, only its hash is kept.
pub async fn create_api_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<NewTokenForm>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let name = form.name.trim().to_string();
    let id = viewer.user_id.clone();
    if name.is_empty() || name.chars().count() > 80 {
        let tokens = db::run(&state.pool, move |conn| {
            Ok(db::sessions::api_tokens_of_user(conn, &id)?)
        })
        .await?;
        let form = FormState::with_values(&form.into_inner()).error(
            "name",
            "Donnez un nom de 1 à 80 caractères à ce jeton (par exemple « logiciel du cabinet »).",
        );
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/api_tokens.html",
            &TokensPage {
                tokens,
                created: None,
                form,
            },
        );
    }
    let secret = token::generate();
    let hash = token::hash(&secret);
    let now = state.clock.now();
    let tokens = db::run(&state.pool, move |conn| {
        db::sessions::insert_api_token(
            conn,
            &uuid::Uuid::now_v7().to_string(),
            &hash,
            &id,
            &name,
            now,
        )?;
        db::audit::record(
            conn,
            "api_token_created",
            Some(&id),
            Some(&id),
            None,
            &format!("jeton « {name} »"),
            now,
        )?;
        Ok(db::sessions::api_tokens_of_user(conn, &id)?)
    })
    .await?;
    render(
        &state,
        &req,
        "account/api_tokens.html",
        &TokensPage {
            tokens,
            created: Some(secret),
            form: FormState::default(),
        },
    )
}

pub async fn revoke_api_token(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let token_id = path.into_inner();
    let now = state.clock.now();
    let revoked = db::run(&state.pool, move |conn| {
        let n = db::sessions::revoke_api_token(conn, &token_id, &viewer.user_id, now)?;
        if n > 0 {
            db::audit::record(
                conn,
                "api_token_revoked",
                Some(&viewer.user_id),
                Some(&viewer.user_id),
                None,
                "jeton révoqué",
                now,
            )?;
        }
        Ok(n)
    })
    .await?;
    if revoked == 0 {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/compte/jetons?ok=jeton-revoque"))
}

/// `GET /api/v1/moi`: who the bearer token belongs to.
pub async fn api_me(viewer: Viewer) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "id": viewer.user_id,
        "email": viewer.email,
        "name": viewer.display_name,
        "role": viewer.role,
        "institution_id": viewer.institution_id,
        "region": viewer.region_code,
        "departements": viewer.departements,
    })))
}
