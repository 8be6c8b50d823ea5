//! The institutions of the admin's région and, for each, its agents (invite, disable, re-enable
//! through the agents' handlers, coming back here).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, institutions::Institution};
use crate::domain::profession::Profession;
use crate::error::AppError;
use crate::web::page::render;
use crate::web::page_rows::AccountCard;
use crate::web::AppState;

#[derive(Serialize)]
struct InstitutionRow {
    institution: Institution,
    kind_label: &'static str,
    profession_label: Option<&'static str>,
    active_agents: i64,
    commune_count: usize,
}

fn row(institution: Institution, active_agents: i64) -> InstitutionRow {
    InstitutionRow {
        kind_label: institution.kind.label(),
        profession_label: institution.profession.map(Profession::label),
        commune_count: institution.commune_list().len(),
        institution,
        active_agents,
    }
}

#[derive(Serialize)]
struct ListPage {
    rows: Vec<InstitutionRow>,
    /// Institutions without a contact mailbox ("à compléter").
    to_complete: usize,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let rows: Vec<InstitutionRow> = db::run(&state.pool, move |conn| {
        let counts = db::institutions::active_agent_counts(conn, &region)?;
        Ok(db::institutions::list_in_region(conn, &region)?
            .into_iter()
            .map(|i| {
                let n = counts
                    .iter()
                    .find(|(id, _)| id == &i.id)
                    .map_or(0, |(_, n)| *n);
                row(i, n)
            })
            .collect())
    })
    .await?;
    let to_complete = rows
        .iter()
        .filter(|r| r.institution.email.is_empty() && r.institution.is_active())
        .count();
    render(
        &state,
        &req,
        "admin/institutions.html",
        &ListPage { rows, to_complete },
    )
}

#[derive(Serialize)]
struct AgentRow {
    user: AccountCard,
    role_label: &'static str,
    pending: bool,
}

#[derive(Serialize)]
struct ShowPage {
    row: InstitutionRow,
    agents: Vec<AgentRow>,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    policy::view_admin_hub(&viewer)?;
    let id = path.into_inner();
    let (institution, members) = db::run(&state.pool, move |conn| {
        let institution = db::institutions::find(conn, &id)?.ok_or(AppError::NotFound)?;
        let members = db::users::members_of_institution(conn, &id)?;
        Ok((institution, members))
    })
    .await?;
    policy::manage_institution(&viewer, institution.region_code.as_deref())?;
    let active = members
        .iter()
        .filter(|u| u.disabled_at.is_none() && u.password_hash.is_some())
        .count() as i64;
    let agents = members
        .into_iter()
        .map(|u| AgentRow {
            role_label: u.role.label(),
            pending: u.password_hash.is_none(),
            user: AccountCard::from(&u),
        })
        .collect();
    render(
        &state,
        &req,
        "admin/institution.html",
        &ShowPage {
            row: row(institution, active),
            agents,
        },
    )
}
