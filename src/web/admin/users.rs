//! Agents of the région: list, invitation, role change, disabling.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::accounts::invite::{self, InviteError, InviteForm, Inviter};
use crate::auth::{policy, Viewer};
use crate::db::{self, institutions::Institution};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::web::account::deps;
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::page_rows::AccountCard;
use crate::web::AppState;

#[derive(Serialize)]
struct UserRow {
    user: AccountCard,
    role_label: &'static str,
    institution: Option<String>,
    pending: bool,
}

#[derive(Serialize)]
struct UsersPage {
    rows: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    again: FormState,
}

fn agent_roles() -> Vec<(&'static str, &'static str)> {
    [Role::Referent, Role::Partner, Role::Admin]
        .iter()
        .map(|r| (r.slug(), r.label()))
        .collect()
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let again = FormState::default();
    list_page(&state, &req, &viewer, again, StatusCode::OK).await
}

/// The agents' page; `again`: a role change sent with a mistake (its message beside that
/// agent's role).
pub(super) async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    again: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let region = policy::administer_region(viewer)?.to_string();
    let rows = db::run(&state.pool, move |conn| {
        let institutions = db::institutions::list_in_region(conn, &region)?;
        let users = db::users::list_agents_in_region(conn, &region)?;
        Ok(users
            .into_iter()
            .map(|u| UserRow {
                role_label: u.role.label(),
                institution: u
                    .institution_id
                    .as_ref()
                    .and_then(|id| institutions.iter().find(|i| &i.id == id))
                    .map(|i| i.name.clone()),
                pending: u.password_hash.is_none(),
                user: AccountCard::from(&u),
            })
            .collect())
    })
    .await?;
    render_with_status(
        state,
        req,
        status,
        "admin/users.html",
        &UsersPage {
            rows,
            roles: agent_roles(),
            again,
        },
    )
}

#[derive(Serialize)]
struct InvitePage {
    form: FormState,
    roles: Vec<(&'static str, &'static str)>,
    institutions: Vec<Institution>,
    departement_codes: String,
}

async fn invite_page(
    state: &AppState,
    req: &HttpRequest,
    region: String,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (institutions, departements) = db::run(&state.pool, move |conn| {
        Ok((
            db::institutions::list_in_region(conn, &region)?,
            db::territories::departements_of_region(conn, &region)?,
        ))
    })
    .await?;
    let departement_codes = departements
        .iter()
        .map(|(code, name)| format!("{code} ({name})"))
        .collect::<Vec<_>>()
        .join(", ");
    render_with_status(
        state,
        req,
        status,
        "admin/invite.html",
        &InvitePage {
            form,
            roles: agent_roles(),
            institutions,
            departement_codes,
        },
    )
}

/// `?institution=<id>` prefills an invitation of a partner agent of that institution.
#[derive(Deserialize)]
pub struct InvitePrefill {
    #[serde(default)]
    institution: String,
}

pub async fn invite_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<InvitePrefill>,
) -> Result<HttpResponse, AppError> {
    let region = policy::administer_region(&viewer)?.to_string();
    let form = if query.institution.is_empty() {
        FormState::default()
    } else {
        FormState::with_values(&InviteForm {
            role: Role::Partner.slug().to_string(),
            institution_id: query.institution.clone(),
            ..InviteForm::default()
        })
    };
    invite_page(&state, &req, region, form, StatusCode::OK).await
}

pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let region = policy::administer_region(&viewer)?.to_string();
    let form = form.into_inner();
    let inviter = Inviter {
        user_id: viewer.user_id.clone(),
        name: viewer.display_name.clone(),
        region: region.clone(),
    };
    let form = match invite::invite(&deps(&state), inviter, &form).await {
        Ok(()) => return Ok(see_other("/admin/utilisateurs?ok=invitation-envoyee")),
        Err(InviteError::Failed(e)) => return Err(e),
        Err(InviteError::Invalid(errors)) => FormState::with_values(&form).with_errors(errors),
        Err(InviteError::EmailTaken) => {
            FormState::default().error("email", "Un compte existe déjà avec cette adresse.")
        }
    };
    invite_page(&state, &req, region, form, StatusCode::UNPROCESSABLE_ENTITY).await
}
