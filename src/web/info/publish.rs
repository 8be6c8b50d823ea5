//! Publishing a permanence: `/permanences/nouvelle` (form) and `POST /permanences`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::Choice;
use crate::auth::policy::{self, PermanenceScope};
use crate::auth::Viewer;
use crate::db;
use crate::domain::permanence::{parse_session, Mode, SessionForm};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct PublishPage {
    form: FormState,
    departements: Vec<Choice>,
    modes: Vec<Choice>,
    institutions: Vec<Choice>,
    selected_institutions: Vec<String>,
}

/// The région, the départements (code, name) and the institutions the viewer may publish with.
struct Options {
    region: String,
    departements: Vec<Choice>,
    institutions: Vec<Choice>,
}

async fn options(state: &AppState, viewer: &Viewer) -> Result<Options, AppError> {
    let scope = policy::publish_permanences(viewer)?;
    db::run(&state.pool, move |conn| {
        let (region, allowed) = match scope {
            PermanenceScope::Departements {
                region,
                departements,
            } => (region, Some(departements)),
            PermanenceScope::Region(region) => (region, None),
        };
        let departements = db::territories::departements_of_region(conn, &region)?
            .into_iter()
            .filter(|(code, _)| allowed.as_ref().is_none_or(|a| a.contains(code)))
            .map(|(code, name)| Choice {
                label: format!("{name} ({code})"),
                value: code,
            })
            .collect();
        let institutions = db::institutions::list_in_region(conn, &region)?
            .into_iter()
            .map(|i| Choice {
                label: format!("{} — {}", i.name, i.kind.label()),
                value: i.id,
            })
            .collect();
        Ok(Options {
            region,
            departements,
            institutions,
        })
    })
    .await
}

fn page(form: FormState, options: &Options, selected: Vec<String>) -> PublishPage {
    PublishPage {
        form,
        departements: options.departements.clone(),
        modes: Mode::ALL
            .iter()
            .map(|m| Choice {
                value: m.slug().to_string(),
                label: m.label().to_string(),
            })
            .collect(),
        institutions: options.institutions.clone(),
        selected_institutions: selected,
    }
}

pub async fn form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let options = options(&state, &viewer).await?;
    let mut form = FormState::default();
    form.values.insert("slot_minutes".into(), "30".into());
    form.values.insert("slot_count".into(), "6".into());
    form.values.insert("capacity".into(), "1".into());
    form.values.insert("start_time".into(), "09:00".into());
    render_with_status(
        &state,
        &req,
        StatusCode::OK,
        "permanences/new.html",
        &page(form, &options, Vec::new()),
    )
}

/// Reads the urlencoded body: every field once, `institutions` repeated.
fn session_form(pairs: Vec<(String, String)>) -> SessionForm {
    let mut form = SessionForm::default();
    for (key, value) in pairs {
        match key.as_str() {
            "title" => form.title = value,
            "departement" => form.departement = value,
            "mode" => form.mode = value,
            "address" => form.address = value,
            "video_url" => form.video_url = value,
            "date" => form.date = value,
            "start_time" => form.start_time = value,
            "slot_minutes" => form.slot_minutes = value,
            "slot_count" => form.slot_count = value,
            "capacity" => form.capacity = value,
            "details" => form.details = value,
            "institutions" => form.institutions.push(value),
            _ => {}
        }
    }
    form
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let options = options(&state, &viewer).await?;
    let form = session_form(body.into_inner());
    let now = state.clock.now();
    let departements: Vec<String> = options
        .departements
        .iter()
        .map(|d| d.value.clone())
        .collect();
    let institutions: Vec<String> = options
        .institutions
        .iter()
        .map(|i| i.value.clone())
        .collect();
    let plan = match parse_session(&form, &departements, &institutions, now) {
        Ok(plan) => plan,
        Err(errors) => {
            let state_form = FormState::with_values(&form).with_errors(errors);
            return render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "permanences/new.html",
                &page(state_form, &options, form.institutions.clone()),
            );
        }
    };
    let region = options.region.clone();
    let author = viewer.user_id.clone();
    let id = db::run(&state.pool, move |conn| {
        Ok(db::permanences::insert_session(
            conn, &plan, &region, &author, now,
        )?)
    })
    .await?;
    Ok(see_other(&format!("/permanences/{id}")))
}
