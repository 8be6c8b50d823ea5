//! The référent links the request to another of the same professional (by its number): both
//! join one project ("Mon projet"). A number of another professional's request, or of none, is
//! refused beside the field (422).

use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::actions::{Form, Id};
use super::form_again::page_again_handler;
use super::{actor, load, Loaded};
use crate::auth::policy::{self, RequestAccess};
use crate::auth::Viewer;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::web::page::see_other;
use crate::web::AppState;

page_again_handler! {
    /// Links the request to the one whose number is typed (référents).
    link => link_checked, Id
}

async fn link_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let number = form.into_inner().text;
    let now = state.clock.now();
    let request_id = id.clone();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &request_id)?;
            policy::act_as_referent(&loaded.access)?;
            let who = actor(&viewer, &loaded.access);
            crate::workflow::projects::link(conn, &loaded.request, &number, &who, now)
        })
    })
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=demandes-liees")))
}

/// The request page's "Projet" panel: the project the request is in, and what the viewer may do.
#[derive(Serialize, Default)]
pub struct ProjectPanel {
    /// Shown to the owner and the référents only (partners see nothing of projects).
    pub shown: bool,
    /// The project (id, title) the request is in.
    pub current: Option<(String, String)>,
    /// The owner's projects (id, title), to put the request in one.
    pub own_projects: Vec<(String, String)>,
    pub can_attach: bool,
    pub can_link: bool,
}

pub fn panel(
    conn: &mut DbConnection,
    viewer: &Viewer,
    loaded: &Loaded,
) -> Result<ProjectPanel, AppError> {
    let owner = loaded.access == RequestAccess::Owner;
    let referent = loaded.access == RequestAccess::Referent;
    if !owner && !referent {
        return Ok(ProjectPanel::default());
    }
    let current = crate::workflow::projects::of_request(conn, viewer, &loaded.request)?
        .map(|p| (p.id, p.title));
    let own_projects = match owner {
        true => db::projects::of_owner(conn, &viewer.user_id)?
            .into_iter()
            .filter(|p| current.as_ref().is_none_or(|(id, _)| *id != p.id))
            .map(|p| (p.id, p.title))
            .collect(),
        false => Vec::new(),
    };
    Ok(ProjectPanel {
        shown: true,
        current,
        own_projects,
        can_attach: owner,
        can_link: referent,
    })
}
