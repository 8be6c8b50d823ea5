//! "Mon projet" (issue 15): a professional's projects (`/projets`) and one project's page — the
//! checklist of the steps their profession and practice mode call for, each with the request
//! covering it and its state, and the référents in charge with a way to write to them.

pub mod forms;

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::policy::{self, ProjectAccess};
use crate::auth::Viewer;
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection};
use crate::domain::profession::Profession;
use crate::domain::project::{checklist, practice_mode, Member};
use crate::domain::request::RequestState;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::render_with_status;
use crate::web::AppState;
use crate::workflow::projects::{load, LoadedProject};

/// A request as the project pages show it.
#[derive(Serialize)]
struct RequestLine {
    id: String,
    number: String,
    /// A draft opens on its form.
    draft: bool,
    kind_label: &'static str,
    state_label: &'static str,
    badge: &'static str,
}

impl RequestLine {
    fn of(r: &RequestRow) -> Self {
        Self {
            id: r.id.clone(),
            number: r.number.clone(),
            draft: r.state == RequestState::Brouillon,
            kind_label: r.kind.label(),
            state_label: r.state.label(),
            badge: r.state.badge_class(),
        }
    }
}

#[derive(Serialize)]
struct StepView {
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    optional: bool,
    done: bool,
    request: Option<RequestLine>,
    /// "Déposer la demande": the new request page with this kind chosen.
    file_kind: &'static str,
}

#[derive(Serialize)]
struct ReferentView {
    name: String,
    /// The request on whose page (its messages) the professional writes to the guichet.
    request_id: String,
    number: String,
}

#[derive(Serialize)]
struct ProjectPage {
    id: String,
    title: String,
    owner: bool,
    /// The professional, named for a référent.
    professional: String,
    profession: Option<&'static str>,
    steps: Vec<StepView>,
    requests: Vec<RequestLine>,
    referents: Vec<ReferentView>,
    /// Where to write when no référent is named yet (a filed request, by id).
    write_to: Option<String>,
    /// The owner's requests in no project (to add one).
    loose: Vec<RequestLine>,
    form: FormState,
}

fn full_name(user: &db::users::User) -> String {
    format!("{} {}", user.first_name, user.last_name)
}

fn project_page(
    conn: &mut DbConnection,
    loaded: LoadedProject,
    form: FormState,
) -> Result<ProjectPage, AppError> {
    let LoadedProject {
        project,
        access,
        requests,
    } = loaded;
    let owner = db::users::find(conn, &project.owner_id)?.ok_or(AppError::NotFound)?;
    let kinds: Vec<_> = requests.iter().map(|r| r.kind).collect();
    let mode = practice_mode(&kinds, owner.situation);
    let members: Vec<Member> = requests
        .iter()
        .map(|r| Member {
            kind: r.kind,
            state: r.state,
        })
        .collect();
    let steps = checklist(owner.profession, mode, &members)
        .into_iter()
        .map(|s| StepView {
            key: s.key,
            label: s.label,
            hint: s.hint,
            optional: s.optional,
            done: s.done,
            request: s.request.and_then(|i| requests.get(i)).map(RequestLine::of),
            file_kind: s.files.slug(),
        })
        .collect();
    let mut referents = BTreeMap::new();
    for r in requests
        .iter()
        .filter(|r| r.state != RequestState::Brouillon)
    {
        if let Some(id) = r.referent_id.as_deref() {
            if !referents.contains_key(id) {
                if let Some(user) = db::users::find(conn, id)? {
                    referents.insert(
                        id.to_string(),
                        ReferentView {
                            name: full_name(&user),
                            request_id: r.id.clone(),
                            number: r.number.clone(),
                        },
                    );
                }
            }
        }
    }
    let is_owner = access == ProjectAccess::Owner;
    let loose = match is_owner {
        true => db::projects::loose_requests(conn, &owner.id)?
            .iter()
            .map(RequestLine::of)
            .collect(),
        false => Vec::new(),
    };
    Ok(ProjectPage {
        id: project.id,
        title: project.title,
        owner: is_owner,
        professional: full_name(&owner),
        profession: owner.profession.map(Profession::label),
        steps,
        write_to: requests
            .iter()
            .find(|r| r.state != RequestState::Brouillon)
            .map(|r| r.id.clone()),
        requests: requests.iter().map(RequestLine::of).collect(),
        referents: referents.into_values().collect(),
        loose,
        form,
    })
}

/// A project's page (404 for anybody but its professional and the référents of its requests).
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show_page(
        &state,
        &req,
        viewer,
        path.into_inner(),
        FormState::default(),
    )
    .await
}

pub(crate) async fn show_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    viewer: Viewer,
    id: String,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    let page = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        project_page(conn, loaded, form)
    })
    .await?;
    let status = match page.form.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    render_with_status(state, req, status, "projects/show.html", &page)
}

#[derive(Serialize)]
struct ProjectLine {
    id: String,
    title: String,
    requests: Vec<RequestLine>,
}

#[derive(Serialize)]
struct ListPage {
    projects: Vec<ProjectLine>,
    loose: Vec<RequestLine>,
    form: FormState,
}

/// The professional's projects, and the form to create one.
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    list_page(&state, &req, viewer, FormState::default()).await
}

pub(crate) async fn list_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    viewer: Viewer,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_projects(&viewer)?;
    let page = db::run(&state.pool, move |conn| {
        let mut projects = Vec::new();
        for p in db::projects::of_owner(conn, &viewer.user_id)? {
            let requests = db::projects::requests_of(conn, &p.id)?;
            projects.push(ProjectLine {
                requests: requests.iter().map(RequestLine::of).collect(),
                id: p.id,
                title: p.title,
            });
        }
        let loose = db::projects::loose_requests(conn, &viewer.user_id)?
            .iter()
            .map(RequestLine::of)
            .collect();
        Ok::<_, AppError>(ListPage {
            projects,
            loose,
            form,
        })
    })
    .await?;
    let status = match page.form.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    render_with_status(state, req, status, "projects/list.html", &page)
}
