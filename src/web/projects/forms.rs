//! What the professional does with their projects: create one (optionally with one of their
//! requests), add a request from the project's page or from the request's page.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::auth::policy::{self, ProjectAccess};
use crate::auth::Viewer;
use crate::db::projects::ProjectRow;
use crate::db::{self, DbConnection};
use crate::domain::project::parse_title;
use crate::domain::request::ActorRole;
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow::projects::{
    attach, create as create_project, detach, load, rename as rename_project,
};
use crate::workflow::Actor;

#[derive(Deserialize, Serialize, Default)]
pub struct ProjectForm {
    #[serde(default)]
    titre: String,
    /// A request id (of the professional's) to put in the project.
    #[serde(default)]
    demande: String,
    /// On the request page: an existing project's id, or `nouveau`.
    #[serde(default)]
    projet: String,
    /// On the project's page: the id of one of its requests, to take out of it.
    #[serde(default)]
    retirer: String,
}

/// The project, for its owner only (404 for anybody else, a référent who sees it included).
fn owned(conn: &mut DbConnection, viewer: &Viewer, id: &str) -> Result<ProjectRow, AppError> {
    let loaded = load(conn, viewer, id)?;
    match loaded.access {
        ProjectAccess::Owner => Ok(loaded.project),
        ProjectAccess::Referent => Err(AppError::NotFound),
    }
}

fn owner_actor(viewer: &Viewer) -> Actor {
    Actor {
        user_id: viewer.user_id.clone(),
        role: ActorRole::Professionnel,
        label: format!(
            "{} ({})",
            viewer.display_name,
            ActorRole::Professionnel.label()
        ),
    }
}

/// One of the professional's own requests, by id; anything else is a mistake on `field`.
fn own_request(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: &str,
    field: &str,
) -> Result<db::requests::RequestRow, AppError> {
    db::requests::find(conn, id)?
        .filter(|r| r.professional_id == viewer.user_id)
        .ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                field,
                "Choisissez une de vos demandes dans la liste.",
            )])
        })
}

fn again(form: &ProjectForm, errors: Vec<FieldError>) -> FormState {
    FormState::with_values(form).with_errors(errors)
}

/// Creates a project (with the chosen request, if any) and opens it; a mistake shows the list
/// again (422) with the message beside the field.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    policy::manage_own_projects(&viewer)?;
    let form = form.into_inner();
    let now = state.clock.now();
    let (v, titre, demande) = (viewer.clone(), form.titre.clone(), form.demande.clone());
    let created = db::run(&state.pool, move |conn| {
        let title = parse_title("titre", &titre).map_err(|e| AppError::Validation(vec![e]))?;
        crate::db::transaction(conn, |conn| {
            let request = match demande.is_empty() {
                true => None,
                false => Some(own_request(conn, &v, &demande, "demande")?),
            };
            let actor = owner_actor(&v);
            let project = create_project(conn, &v.user_id, &title, &actor, now)?;
            if let Some(request) = request {
                attach(conn, &project, &request, &actor, now)?;
            }
            Ok(project.id)
        })
    })
    .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/projets/{id}"))),
        Err(AppError::Validation(errors)) => {
            super::list_page(&state, &req, viewer, again(&form, errors)).await
        }
        Err(e) => Err(e),
    }
}

/// Adds one of the professional's requests to their project, from the project's page.
pub async fn add_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let demande = form.demande.clone();
    let page = Page::new(state, req, viewer, path.into_inner(), form);
    page.on_own_project(
        None,
        "demande-ajoutee",
        move |conn, v, project, actor, now| {
            let request = own_request(conn, v, &demande, "demande")?;
            attach(conn, project, &request, actor, now)
        },
    )
    .await
}

/// From the request's page: the owner puts the request in one of their projects, or in a new one.
pub async fn from_request(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    let request_id = path.into_inner();
    let form = form.into_inner();
    let now = state.clock.now();
    let project_id = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = crate::workflow::access::load(conn, &viewer, &request_id)?;
            policy::act_as_owner(&loaded.access)?;
            let actor = owner_actor(&viewer);
            let project = match form.projet.as_str() {
                "nouveau" => create_project(
                    conn,
                    &viewer.user_id,
                    crate::domain::project::DEFAULT_TITLE,
                    &actor,
                    now,
                )?,
                id => db::projects::find(conn, id)?
                    .filter(|p| p.owner_id == viewer.user_id)
                    .ok_or(AppError::NotFound)?,
            };
            attach(conn, &project, &loaded.request, &actor, now)?;
            Ok(project.id)
        })
    })
    .await?;
    Ok(see_other(&format!(
        "/projets/{project_id}?ok=demande-ajoutee"
    )))
}

/// The owner renames their project; a mistake shows the project again (422) with the title
/// typed and the message beside it.
pub async fn rename(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let titre = form.titre.clone();
    let page = Page::new(state, req, viewer, path.into_inner(), form);
    let notice = "projet-renomme";
    page.on_own_project(
        Some("renommer"),
        notice,
        move |conn, _, project, actor, now| {
            let title = parse_title("titre", &titre).map_err(|e| AppError::Validation(vec![e]))?;
            rename_project(conn, project, &title, actor, now).map(|_| ())
        },
    )
    .await
}

/// The owner takes one of the project's requests out of it.
pub async fn remove_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<ProjectForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let retirer = form.retirer.clone();
    let page = Page::new(state, req, viewer, path.into_inner(), form);
    let notice = "demande-retiree-du-projet";
    page.on_own_project(
        Some("retirer"),
        notice,
        move |conn, _, project, actor, now| detach(conn, project, &retirer, actor, now),
    )
    .await
}

/// A form posted on the project's page, with what it needs to answer.
struct Page {
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: String,
    form: ProjectForm,
}

impl Page {
    fn new(
        state: web::Data<AppState>,
        req: HttpRequest,
        viewer: Viewer,
        id: String,
        form: ProjectForm,
    ) -> Page {
        Page {
            state,
            req,
            viewer,
            id,
            form,
        }
    }

    /// Runs `work` on the viewer's own project (404 otherwise) in one transaction, then goes
    /// back to the project with `notice`; a mistake shows the project again (422) with what was
    /// typed and the message beside the field of form `form_name`.
    async fn on_own_project<F>(
        self,
        form_name: Option<&'static str>,
        notice: &'static str,
        work: F,
    ) -> Result<HttpResponse, AppError>
    where
        F: FnOnce(
                &mut DbConnection,
                &Viewer,
                &ProjectRow,
                &Actor,
                NaiveDateTime,
            ) -> Result<(), AppError>
            + Send
            + 'static,
    {
        let Page {
            state,
            req,
            viewer,
            id,
            form,
        } = self;
        let now = state.clock.now();
        let (v, project_id) = (viewer.clone(), id.clone());
        let done = db::run(&state.pool, move |conn| {
            crate::db::transaction(conn, |conn| {
                let project = owned(conn, &v, &project_id)?;
                work(conn, &v, &project, &owner_actor(&v), now)
            })
        })
        .await;
        match done {
            Ok(()) => Ok(see_other(&format!("/projets/{id}?ok={notice}"))),
            Err(AppError::Validation(errors)) => {
                let again = again(&form, errors);
                let again = match form_name {
                    Some(name) => again.of_form(name),
                    None => again,
                };
                super::show_page(&state, &req, viewer, id, again).await
            }
            Err(e) => Err(e),
        }
    }
}
