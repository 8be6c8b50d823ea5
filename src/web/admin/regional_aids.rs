//! A région's own aid rules, from the browser: paste or upload a rule file (TOML, same format
//! as `config/aides`), get the errors with their line beside the field, try the draft on the
//! simulator (`/simulateur?essai=<id>`), publish it (it joins the catalogue at once) or
//! withdraw it. Every change goes to the audit log.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::{self, regional_aids::RegionalRule};
use crate::domain::eligibility::parse_regional;
use crate::domain::eligibility::regional::RuleState;
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::page_rows::RuleLine;
use crate::web::AppState;

/// The largest rule file accepted (the biggest national one is under 10 KiB).
const MAX_BODY: usize = 64 * 1024;

#[derive(Deserialize, Serialize, Default)]
pub struct RuleForm {
    #[serde(default)]
    body: String,
}

#[derive(Serialize)]
struct ListPage {
    rules: Vec<RuleLine>,
}

#[derive(Serialize)]
struct FormPage {
    form: FormState,
    region: String,
}

#[derive(Serialize)]
struct ShowPage {
    rule: RuleLine,
    name: String,
}

/// A rule of the viewer's région (404 otherwise).
async fn load(state: &AppState, viewer: &Viewer, id: String) -> Result<RegionalRule, AppError> {
    let region = policy::view_admin_hub(viewer)?.to_string();
    let rule = db::run(&state.pool, move |conn| {
        db::regional_aids::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    if rule.region_code != region {
        return Err(AppError::NotFound);
    }
    Ok(rule)
}

/// The published rules of every région, checked again, into the live catalogue.
pub(crate) async fn reload_catalogue(state: &AppState) -> Result<(), AppError> {
    let national = state.catalogue.national().clone();
    let aids = db::run(&state.pool, move |conn| {
        Ok(crate::web::live_catalogue::published_aids(conn, &national)?)
    })
    .await?;
    state.catalogue.reload(aids);
    Ok(())
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let rules = db::run(&state.pool, move |conn| {
        Ok(db::regional_aids::list(conn, &region)?)
    })
    .await?;
    render(
        &state,
        &req,
        "admin/regional_aids.html",
        &ListPage {
            rules: rules.iter().map(RuleLine::from).collect(),
        },
    )
}

#[derive(Deserialize)]
pub struct FromQuery {
    depuis: Option<String>,
}

/// The form, empty or holding the text of an earlier rule of the région (`?depuis=<id>`).
pub async fn new_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<FromQuery>,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let body = match query.into_inner().depuis {
        Some(id) => load(&state, &viewer, id).await?.body,
        None => String::new(),
    };
    let page = FormPage {
        form: FormState::with_values(&RuleForm { body }),
        region,
    };
    render(&state, &req, "admin/regional_aid_form.html", &page)
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<RuleForm>,
) -> Result<HttpResponse, AppError> {
    save(state, req, viewer, form.into_inner()).await
}

/// The same, from an uploaded `.toml` file (field `fichier`, UTF-8, 64 Kio at most); a file
/// refused (too large, infected, not UTF-8) gives the form again with the message beside it.
pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    match rule_file(&state, &req, &viewer, payload).await {
        Ok(body) => save(state, req, viewer, RuleForm { body }).await,
        Err(AppError::Validation(errors)) => {
            let form = FormState::default().with_errors(errors);
            form_again(&state, &req, region, form)
        }
        Err(e) => Err(e),
    }
}

/// The text of the uploaded rule file, scanned.
async fn rule_file(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    payload: actix_multipart::Multipart,
) -> Result<String, AppError> {
    let mut form = crate::web::uploads::read(
        state,
        req,
        payload,
        crate::web::uploads::FileField {
            name: "fichier",
            max_bytes: MAX_BODY as u64,
            too_large: "Fichier trop long : 64 Kio au plus.".into(),
        },
    )
    .await?;
    let (name, bytes) = form
        .take_file()
        .map(|f| (f.name, f.bytes))
        .unwrap_or_default();
    let sent = crate::web::uploads::Sent {
        field: "fichier",
        file_name: &name,
        actor_id: &viewer.user_id,
        subject_id: None,
    };
    crate::web::uploads::scan(state, sent, &bytes).await?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::Validation(vec![FieldError::new(
            "fichier",
            "Le fichier n'est pas un texte UTF-8 : enregistrez-le en UTF-8 (fichier .toml).",
        )])
    })
}

/// The form again (422), with what was sent and the messages beside their fields.
fn form_again(
    state: &AppState,
    req: &HttpRequest,
    region: String,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    let page = FormPage { form, region };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_with_status(state, req, status, "admin/regional_aid_form.html", &page)
}

async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: RuleForm,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let checked = if form.body.len() > MAX_BODY {
        Err("Fichier trop long : 64 Kio au plus.".to_string())
    } else {
        parse_regional(&form.body, &region, state.catalogue.national()).map_err(|e| e.to_string())
    };
    let aid = match checked {
        Ok(aid) => aid,
        Err(message) => {
            let errors = vec![FieldError::new("body", message)];
            return form_again(
                &state,
                &req,
                region,
                FormState::with_values(&form).with_errors(errors),
            );
        }
    };
    let now = state.clock.now();
    let rule = RegionalRule {
        id: uuid::Uuid::now_v7().to_string(),
        region_code: region,
        code: aid.code.clone(),
        body: form.body,
        state: RuleState::Brouillon,
        author_id: Some(viewer.user_id.clone()),
        created_at: now,
        published_at: None,
    };
    let id = rule.id.clone();
    let detail = format!("règle régionale « {} » enregistrée (brouillon)", rule.code);
    super::audited(
        &state,
        &req,
        &viewer,
        "regle-regionale-enregistree",
        detail,
        move |conn| {
            db::regional_aids::insert(conn, &rule)?;
            Ok(())
        },
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/aides/regionales/{id}?ok=regle-enregistree"
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let rule = load(&state, &viewer, path.into_inner()).await?;
    let name = parse_regional(&rule.body, &rule.region_code, state.catalogue.national())
        .map(|aid| aid.name)
        .unwrap_or_else(|e| format!("(règle refusée aujourd'hui : {e})"));
    let page = ShowPage {
        rule: RuleLine::from(&rule),
        name,
    };
    render(&state, &req, "admin/regional_aid.html", &page)
}

async fn change(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: String,
    publish: bool,
) -> Result<HttpResponse, AppError> {
    let rule = load(&state, &viewer, id).await?;
    if publish {
        // The national catalogue may have changed since the draft was saved.
        if let Err(e) = parse_regional(&rule.body, &rule.region_code, state.catalogue.national()) {
            return Err(AppError::Conflict(format!(
                "règle refusée, non publiée : {e}"
            )));
        }
    }
    let now = state.clock.now();
    let (event, verb, ok) = if publish {
        ("regle-regionale-publiee", "publiée", "regle-publiee")
    } else {
        ("regle-regionale-retiree", "retirée", "regle-retiree")
    };
    let detail = format!("règle régionale « {} » {verb}", rule.code);
    let target = rule.clone();
    super::audited(&state, &req, &viewer, event, detail, move |conn| {
        if publish {
            db::regional_aids::publish(conn, &target, now)?;
        } else {
            db::regional_aids::withdraw(conn, &target.id)?;
        }
        Ok(())
    })
    .await?;
    reload_catalogue(&state).await?;
    Ok(see_other(&format!(
        "/admin/aides/regionales/{}?ok={ok}",
        rule.id
    )))
}

pub async fn publish(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    change(state, req, viewer, path.into_inner(), true).await
}

pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    change(state, req, viewer, path.into_inner(), false).await
}
