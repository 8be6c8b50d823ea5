//! Agents of the région: list, invitation, role change, disabling.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::accounts::RoleAgain;
use crate::auth::{policy, Viewer};
use crate::db::{self, institutions::Institution, users::NewUser};
use crate::domain::account::{Email, Role};
use crate::error::AppError;
use crate::web::account::{issue_link, LinkPurpose};
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
    again: RoleAgain,
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
    let again = RoleAgain::default();
    list_page(&state, &req, &viewer, again, StatusCode::OK).await
}

/// The agents' page; `again`: a role change sent with a mistake (its message beside that
/// agent's role).
pub(super) async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    again: RoleAgain,
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

#[derive(Deserialize, Serialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    institution_id: String,
    /// Département codes separated by commas or spaces (référents).
    #[serde(default)]
    departements: String,
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

#[derive(Serialize)]
struct InvitationEmail<'a> {
    first_name: &'a str,
    role_label: &'static str,
    inviter: &'a str,
    link: String,
    /// How long the link lives, in words.
    validity: &'static str,
}

pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let region = policy::administer_region(&viewer)?.to_string();
    let form = form.into_inner();
    let mut errors = Vec::new();
    let email = Email::parse(&form.email)
        .map_err(|m| errors.push(crate::error::FieldError::new("email", m)))
        .ok();
    for (field, value, what) in [
        ("first_name", &form.first_name, "le prénom"),
        ("last_name", &form.last_name, "le nom"),
    ] {
        if value.trim().is_empty() {
            errors.push(crate::error::FieldError::new(
                field,
                format!("Indiquez {what} de la personne invitée."),
            ));
        }
    }
    let role = form
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| *r != Role::Professional);
    if role.is_none() {
        errors.push(crate::error::FieldError::new(
            "role",
            "Choisissez le rôle : référent, agent partenaire ou administrateur.",
        ));
    }
    let departements: Vec<String> = form
        .departements
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase)
        .collect();
    let (r2, inst, deps) = (
        region.clone(),
        form.institution_id.clone(),
        departements.clone(),
    );
    let (institution_ok, departements_ok) = db::run(&state.pool, move |conn| {
        let institutions = db::institutions::list_in_region(conn, &r2)?;
        let region_deps = db::territories::departements_of_region(conn, &r2)?;
        Ok((
            institutions.iter().any(|i| i.id == inst),
            deps.iter().all(|d| region_deps.iter().any(|(c, _)| c == d)),
        ))
    })
    .await?;
    match role {
        Some(Role::Partner) if !institution_ok => errors.push(crate::error::FieldError::new(
            "institution_id",
            "Choisissez l'institution de l'agent parmi celles de la région.",
        )),
        Some(Role::Referent) if departements.is_empty() => {
            errors.push(crate::error::FieldError::new(
                "departements",
                "Indiquez au moins un département suivi par le référent (ex. 13, 84).",
            ))
        }
        _ => {}
    }
    if !departements_ok {
        errors.push(crate::error::FieldError::new(
            "departements",
            "Ces départements ne sont pas tous dans votre région.",
        ));
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        let form = FormState::with_values(&form).with_errors(errors);
        return invite_page(&state, &req, region, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let st = state.clone();
    let values = form;
    let (inviter_id, inviter_name) = (viewer.user_id.clone(), viewer.display_name.clone());
    let now = state.clock.now();
    let invited = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            if db::users::email_taken(conn, email.as_str())? {
                return Ok(false);
            }
            let id = uuid::Uuid::now_v7().to_string();
            let user = NewUser {
                id: id.clone(),
                email: email.as_str().to_string(),
                password_hash: None,
                first_name: values.first_name.trim().to_string(),
                last_name: values.last_name.trim().to_string(),
                role,
                profession: None,
                situation: None,
                professional_number: None,
                institution_id: (role == Role::Partner).then(|| values.institution_id.clone()),
                region_code: Some(region.clone()),
                email_verified_at: None,
                disabled_at: None,
                created_at: now,
                updated_at: now,
            };
            db::users::insert(
                conn,
                &user,
                if role == Role::Referent {
                    &departements
                } else {
                    &[]
                },
            )?;
            let secret = issue_link(conn, &id, LinkPurpose::Invitation, None, now)?;
            let base = st.base_url();
            let data = InvitationEmail {
                first_name: &user.first_name,
                role_label: role.label(),
                inviter: &inviter_name,
                link: format!("{base}/invitation?jeton={secret}"),
                validity: "7 jours",
            };
            crate::mail::enqueue(
                conn,
                &st.templates,
                base,
                email.as_str(),
                "invitation",
                &data,
                now,
            )?;
            db::audit::record(
                conn,
                "invitation",
                Some(&inviter_id),
                Some(&id),
                None,
                &format!("{} invité comme {}", email.masked(), role.slug()),
                now,
            )?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if !invited {
        let form = FormState::default().error("email", "Un compte existe déjà avec cette adresse.");
        return invite_page(
            &state,
            &req,
            policy::administer_region(&viewer)?.to_string(),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Ok(see_other("/admin/utilisateurs?ok=invitation-envoyee"))
}
