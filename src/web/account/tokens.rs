//! The signed-in person's API tokens (bearer tokens for the JSON API) and `GET /api/v1/moi`.
//! A token has a scope (read, or act for the account) and an expiry (90 days unless chosen, a
//! year at most); creating one asks for the password again.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::profile::{current_password_ok, load_user};
use crate::auth::{policy, token, Viewer};
use crate::db::{self, sessions::ApiToken, sessions::NewApiToken};
use crate::domain::api_token::{self, ApiScope};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::info::Choice;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct TokenRow {
    id: String,
    name: String,
    scope: &'static str,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
}

fn row(t: ApiToken) -> TokenRow {
    TokenRow {
        scope: t.scope.label(),
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
    }
}

#[derive(Serialize)]
struct TokensPage {
    tokens: Vec<TokenRow>,
    created: Option<String>,
    form: FormState,
    lifetimes: Vec<Choice>,
    scopes: Vec<Choice>,
}

fn page(tokens: Vec<ApiToken>, created: Option<String>, form: FormState) -> TokensPage {
    let lifetimes = api_token::LIFETIMES_DAYS
        .iter()
        .map(|d| {
            let label = match d {
                365 => "1 an".to_string(),
                90 => "90 jours (recommandé)".to_string(),
                d => format!("{d} jours"),
            };
            Choice {
                value: d.to_string(),
                label,
            }
        })
        .collect();
    let scopes = ApiScope::ALL
        .iter()
        .map(|s| Choice {
            value: s.slug().to_string(),
            label: s.label().to_string(),
        })
        .collect();
    TokensPage {
        tokens: tokens.into_iter().map(row).collect(),
        created,
        form,
        lifetimes,
        scopes,
    }
}

fn defaults() -> FormState {
    FormState::with_values(&NewTokenForm {
        name: String::new(),
        duree: api_token::DEFAULT_LIFETIME_DAYS.to_string(),
        portee: ApiScope::Read.slug().to_string(),
        current_password: String::new(),
    })
}

async fn tokens_of(state: &AppState, user_id: String) -> Result<Vec<ApiToken>, AppError> {
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        Ok(db::sessions::api_tokens_of_user(conn, &user_id, now)?)
    })
    .await
}

pub async fn api_tokens(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let tokens = tokens_of(&state, viewer.user_id.clone()).await?;
    render(
        &state,
        &req,
        "account/api_tokens.html",
        &page(tokens, None, defaults()),
    )
}

#[derive(Deserialize, Serialize)]
pub struct NewTokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    duree: String,
    #[serde(default)]
    portee: String,
    #[serde(default, skip_serializing)]
    current_password: String,
}

/// Creates a bearer token for the JSON API; the secret is shown once, only its hash is kept.
pub async fn create_api_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<NewTokenForm>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_account(&viewer)?;
    let form = form.into_inner();
    let name = form.name.trim().to_string();
    let mut errors = FormState::with_values(&form);
    if name.is_empty() || name.chars().count() > 80 {
        errors = errors.error(
            "name",
            "Donnez un nom de 1 à 80 caractères à ce jeton (par exemple « logiciel du cabinet »).",
        );
    }
    let days = api_token::parse_lifetime_days(&form.duree)
        .map_err(|m| errors.errors.insert("duree".into(), m.into()))
        .ok();
    // Least privilege when nothing is chosen: read only.
    let scope = match form.portee.trim() {
        "" => Some(ApiScope::Read),
        slug => slug.parse::<ApiScope>().ok(),
    };
    if scope.is_none() {
        errors = errors.error("portee", "Choisissez ce que ce jeton permet de faire.");
    }
    let user = load_user(&state, viewer.user_id.clone()).await?;
    if !current_password_ok(&state, &req, &user, form.current_password.clone()).await? {
        errors = errors.error("current_password", "Le mot de passe actuel est incorrect.");
    }
    let (Some(days), Some(scope), false) = (days, scope, errors.has_errors()) else {
        let tokens = tokens_of(&state, viewer.user_id.clone()).await?;
        return render_with_status(
            &state,
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            "account/api_tokens.html",
            &page(tokens, None, errors),
        );
    };
    let secret = token::generate();
    let hash = token::hash(&secret);
    let now = state.clock.now();
    let id = viewer.user_id.clone();
    let tokens = db::run(&state.pool, move |conn| {
        db::sessions::insert_api_token(
            conn,
            &NewApiToken {
                id: &uuid::Uuid::now_v7().to_string(),
                token_hash: &hash,
                user_id: &id,
                name: &name,
                scope,
                expires_at: now + Duration::days(days),
            },
            now,
        )?;
        db::audit::record(
            conn,
            "api_token_created",
            Some(&id),
            Some(&id),
            None,
            &format!("jeton « {name} » ({}, {days} jours)", scope.slug()),
            now,
        )?;
        Ok(db::sessions::api_tokens_of_user(conn, &id, now)?)
    })
    .await?;
    render(
        &state,
        &req,
        "account/api_tokens.html",
        &page(tokens, Some(secret), defaults()),
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
