//! Changing an agent's role, disabling and re-enabling their account (from the agents' page or
//! an institution's page, which passes `retour` to come back to it).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::{self, users::User};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::see_other;
use crate::web::AppState;

/// Where to go back after the action: an admin page only (anything else: the agents' page).
#[derive(Deserialize)]
pub struct ReturnTo {
    #[serde(default)]
    retour: String,
}

impl ReturnTo {
    fn path(&self, ok: &str) -> String {
        let safe = self.retour.starts_with("/admin/institutions/")
            && self.retour[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
        let base = if safe {
            self.retour.as_str()
        } else {
            "/admin/utilisateurs"
        };
        format!("{base}?ok={ok}")
    }
}

async fn target(state: &AppState, viewer: &Viewer, id: String) -> Result<User, AppError> {
    let user = db::run(&state.pool, move |conn| {
        db::users::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    policy::manage_user(viewer, &user)?;
    Ok(user)
}

#[derive(Deserialize, Serialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let user = target(&state, &viewer, path.into_inner()).await?;
    let role = form
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| *r != Role::Professional);
    let Some(role) = role else {
        // The agents' page again, the message beside this agent's role.
        let again = FormState::with_values(&form.into_inner())
            .of_form(user.id)
            .error(
                "role",
                "Rôle inconnu : choisissez référent, agent partenaire ou administrateur.",
            );
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return super::users::list_page(&state, &req, &viewer, again, status).await;
    };
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            db::users::set_role(conn, &user.id, role.slug(), now)?;
            db::sessions::revoke_all_of_user(conn, &user.id, now)?;
            db::audit::record(
                conn,
                "role_change",
                Some(&viewer.user_id),
                Some(&user.id),
                None,
                &format!("{} → {}", user.role, role.slug()),
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(see_other("/admin/utilisateurs?ok=role-modifie"))
}

pub async fn disable(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    back: web::Form<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    set_disabled(state, viewer, path.into_inner(), true, back.into_inner()).await
}

pub async fn enable(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    back: web::Form<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    set_disabled(state, viewer, path.into_inner(), false, back.into_inner()).await
}

async fn set_disabled(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: String,
    disabled: bool,
    back: ReturnTo,
) -> Result<HttpResponse, AppError> {
    let user = target(&state, &viewer, id).await?;
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            db::users::set_disabled(conn, &user.id, disabled.then_some(now), now)?;
            if disabled {
                db::sessions::revoke_all_of_user(conn, &user.id, now)?;
            }
            let event = if disabled {
                "account_disabled"
            } else {
                "account_enabled"
            };
            db::audit::record(
                conn,
                event,
                Some(&viewer.user_id),
                Some(&user.id),
                None,
                event,
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(see_other(&back.path(if disabled {
        "compte-desactive"
    } else {
        "compte-reactive"
    })))
}
