//! A new request: the kind chooser (or the confirmation of a draft prefilled by the simulator)
//! and the creation of the draft; a creation refused shows the page again with its message.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::profile::ProfileField;
use crate::domain::request::{form_for, Draft, RequestKind, AID_CODE, COMMUNE};
use crate::error::{AppError, FieldError};
use crate::web::account::profession::{current_of, fill_defaults};
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;
use crate::workflow;

#[derive(Serialize)]
struct KindChoice {
    slug: &'static str,
    label: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct NewPage {
    kinds: Vec<KindChoice>,
    chosen: Option<KindChoice>,
    prefill: Vec<(String, String, String)>,
    /// The simulator's parameters, carried to the creation (the snapshot is recomputed there).
    simulation: Option<String>,
    /// A creation refused (`type`: no such kind, too many drafts), shown with the form.
    form: FormState,
}

/// The kind chooser, or, with `?type=…` (e.g. from the simulator), a confirmation of the
/// prefilled draft to create.
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    policy::file_requests(&viewer)?;
    let mut query = query.into_inner();
    // The current profile as the defaults of the chosen kind's form; the parameters win.
    if query.iter().any(|(k, _)| k == "type") {
        if let Some(profile) = current_of(&state, &viewer).await? {
            let names = [
                (ProfileField::InstallationCommune, COMMUNE),
                (ProfileField::InstallationDate, "date_installation"),
            ];
            fill_defaults(&mut query, &profile, &names, "%d/%m/%Y");
        }
    }
    new_page(&state, &req, query, FormState::default())
}

/// The new request page; with errors, answered 422 (the choice and simulation kept).
fn new_page(
    state: &AppState,
    req: &HttpRequest,
    query: Vec<(String, String)>,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    let chosen = query
        .iter()
        .find(|(k, _)| k == "type")
        .and_then(|(_, v)| v.parse::<RequestKind>().ok());
    let prefill = chosen
        .map(|kind| {
            let spec = form_for(kind);
            query
                .iter()
                .filter_map(|(k, v)| {
                    spec.field(k)
                        .map(|f| (k.clone(), f.label.to_string(), v.clone()))
                })
                .filter(|(_, _, v)| !v.trim().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let choice = |k: RequestKind| KindChoice {
        slug: k.slug(),
        label: k.label(),
        description: k.description(),
    };
    let simulation = query
        .iter()
        .find(|(k, _)| k == "simulation")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    let page = NewPage {
        kinds: RequestKind::ALL.into_iter().map(choice).collect(),
        chosen: chosen.map(choice),
        prefill,
        simulation,
        form,
    };
    let status = match page.form.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    render_with_status(state, req, status, "requests/new.html", &page)
}

/// Creates the draft (fields the kind's form knows only) and opens it.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    policy::file_requests(&viewer)?;
    let pairs = form.into_inner();
    match create_draft(&state, viewer, pairs.clone()).await {
        Err(AppError::Validation(errors)) => {
            let form = FormState::default().with_errors(errors);
            new_page(&state, &req, pairs, form)
        }
        other => other,
    }
}

async fn create_draft(
    state: &web::Data<AppState>,
    viewer: Viewer,
    pairs: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let kind = pairs
        .iter()
        .find(|(k, _)| k == "type")
        .and_then(|(_, v)| v.parse::<RequestKind>().ok())
        .ok_or_else(|| {
            let message = "Choisissez l'objet de votre demande dans la liste.";
            AppError::Validation(vec![FieldError::new("type", message)])
        })?;
    let spec = form_for(kind);
    let simulation = pairs
        .iter()
        .find(|(k, _)| k == "simulation")
        .map(|(_, v)| v.clone());
    let mut draft = Draft::from_pairs(pairs.into_iter().filter(|(k, _)| spec.field(k).is_some()));
    let mut snapshot = None;
    let aid = draft.get(AID_CODE).map(str::to_string);
    if let (Some(simulation), Some(aid)) = (simulation, aid) {
        if let Some((commune, json)) = super::snapshot::compute(state, &simulation, &aid).await {
            if let Some(insee) = commune.filter(|_| spec.field(COMMUNE).is_some()) {
                draft.set(COMMUNE, insee);
            }
            snapshot = Some(json);
        }
    }
    let now = state.clock.now();
    let id = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            workflow::submit::create_draft(conn, &viewer.user_id, kind, &draft, snapshot, now)
        })
    })
    .await?;
    Ok(see_other(&format!("/demandes/{id}/modifier")))
}
