//! "Mon projet" (issue 15): the professional groups their requests about one installation in a
//! project; a référent links two requests of the same professional, which puts them in one
//! project (created if neither was in one). Every request that joins a project says so in its
//! timeline (not shown to partners: `TimelineKind::Project`).

use chrono::NaiveDateTime;

use super::Actor;
use crate::auth::policy::{self, ProjectAccess, RequestAccess, RequestScope};
use crate::auth::Viewer;
use crate::db::projects::ProjectRow;
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection};
use crate::domain::project::{self, check_link, link_plan, LinkPlan, DEFAULT_TITLE};
use crate::domain::request::RequestState;
use crate::domain::request::TimelineKind;
use crate::error::AppError;

/// A project as one viewer may see it: the requests they may see, oldest first.
pub struct LoadedProject {
    pub project: ProjectRow,
    pub access: ProjectAccess,
    pub requests: Vec<RequestRow>,
}

/// Whether the viewer sees the request as its owner or a référent (partners and admins see
/// nothing of projects).
fn sees(viewer: &Viewer, request: &RequestRow) -> Option<RequestAccess> {
    let scope = RequestScope {
        professional_id: &request.professional_id,
        is_draft: request.state == RequestState::Brouillon,
        departement: request.departement_code.as_deref(),
        region: request.region_code.as_deref(),
        routed_institutions: &[],
        former_institutions: &[],
    };
    policy::view_request(viewer, &scope)
        .ok()
        .filter(|a| matches!(a, RequestAccess::Owner | RequestAccess::Referent))
}

/// Loads the project and decides access (404 when out of scope or unknown).
pub fn load(conn: &mut DbConnection, viewer: &Viewer, id: &str) -> Result<LoadedProject, AppError> {
    let project = db::projects::find(conn, id)?.ok_or(AppError::NotFound)?;
    let (requests, accesses): (Vec<_>, Vec<_>) = db::projects::requests_of(conn, id)?
        .into_iter()
        .filter_map(|r| sees(viewer, &r).map(|a| (r, a)))
        .unzip();
    let access = policy::view_project(viewer, &project.owner_id, &accesses)?;
    Ok(LoadedProject {
        project,
        access,
        requests,
    })
}

/// The project a request is in, for a viewer who sees the request as its owner or référent.
pub fn of_request(
    conn: &mut DbConnection,
    viewer: &Viewer,
    request: &RequestRow,
) -> Result<Option<ProjectRow>, AppError> {
    match sees(viewer, request) {
        Some(_) => Ok(db::projects::of_request(conn, &request.id)?),
        None => Ok(None),
    }
}

/// Creates a project for `owner_id`.
pub fn create(
    conn: &mut DbConnection,
    owner_id: &str,
    title: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<ProjectRow, AppError> {
    let row = ProjectRow {
        id: uuid::Uuid::now_v7().to_string(),
        owner_id: owner_id.to_string(),
        title: title.to_string(),
        created_by: Some(actor.user_id.clone()),
        created_at: now,
        updated_at: now,
    };
    db::projects::insert(conn, &row)?;
    Ok(row)
}

/// Puts one of the owner's requests in the project, with a line in its timeline.
pub fn attach(
    conn: &mut DbConnection,
    project: &ProjectRow,
    request: &RequestRow,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if request.professional_id != project.owner_id {
        return Err(AppError::NotFound);
    }
    db::projects::add_request(conn, &project.id, &request.id, &actor.user_id, now)?;
    let summary = format!("Demande ajoutée au projet « {} »", project.title);
    project_line(conn, &request.id, actor, &summary, now)
}

/// A référent links `first` to the request numbered `number` of the same professional: both end
/// in one project. A mistake is a `Validation` error on the number's field.
pub fn link(
    conn: &mut DbConnection,
    first: &RequestRow,
    number: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<ProjectRow, AppError> {
    let invalid = |e| AppError::Validation(vec![e]);
    let second = db::projects::request_by_number(conn, number.trim())?
        .ok_or_else(|| invalid(project::not_found()))?;
    check_link(
        &first.professional_id,
        &second.professional_id,
        second.state == RequestState::Brouillon,
        first.id == second.id,
    )
    .map_err(invalid)?;
    let of_first = db::projects::of_request(conn, &first.id)?;
    let of_second = db::projects::of_request(conn, &second.id)?;
    let plan = link_plan(
        of_first.as_ref().map(|p| p.id.as_str()),
        of_second.as_ref().map(|p| p.id.as_str()),
    );
    let project = match plan {
        LinkPlan::Together => {
            return Err(invalid(crate::domain::field_error::FieldError::new(
                project::LINK_FIELD,
                "Ces deux demandes font déjà partie du même projet.",
            )))
        }
        LinkPlan::Join { project } => {
            let loose = if of_first.is_some() { &second } else { first };
            db::projects::add_request(conn, &project, &loose.id, &actor.user_id, now)?;
            of_first.or(of_second)
        }
        LinkPlan::Merge { keep, absorb } => {
            db::projects::merge(conn, &keep, &absorb, now)?;
            of_first
        }
        LinkPlan::New => {
            let project = create(conn, &first.professional_id, DEFAULT_TITLE, actor, now)?;
            for r in [first, &second] {
                db::projects::add_request(conn, &project.id, &r.id, &actor.user_id, now)?;
            }
            Some(project)
        }
    }
    .ok_or(AppError::NotFound)?;
    for (one, other) in [(first, &second), (&second, first)] {
        let summary = format!(
            "Demande liée à la demande {} par le guichet (projet « {} »)",
            other.number, project.title
        );
        project_line(conn, &one.id, actor, &summary, now)?;
    }
    Ok(project)
}

/// The owner renames their project; each of its requests says so in its timeline. The same
/// title changes nothing (`false`).
pub fn rename(
    conn: &mut DbConnection,
    project: &ProjectRow,
    title: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    if project.title == title {
        return Ok(false);
    }
    db::projects::rename(conn, &project.id, title, now)?;
    let summary = project::renamed_summary(&project.title, title);
    for request in db::projects::requests_of(conn, &project.id)? {
        project_line(conn, &request.id, actor, &summary, now)?;
    }
    Ok(true)
}

/// The owner takes one of the project's requests out of it (the request itself stays as it
/// is); its timeline says so. Any other request is a `Validation` error on the choice's field.
pub fn detach(
    conn: &mut DbConnection,
    project: &ProjectRow,
    request_id: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if !db::projects::remove_request(conn, &project.id, request_id, now)? {
        return Err(AppError::Validation(vec![project::not_in_project()]));
    }
    project_line(
        conn,
        request_id,
        actor,
        &project::removed_summary(&project.title),
        now,
    )
}

/// A line of a request's timeline about its project (not shown to partners).
fn project_line(
    conn: &mut DbConnection,
    request_id: &str,
    actor: &Actor,
    summary: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    super::append(
        conn,
        request_id,
        actor,
        TimelineKind::Project,
        summary,
        None,
        false,
        now,
    )
}
