//! `/admin/contenus`: the texts of the région — the body of every information page (profession ×
//! step) and the "Qui contacter ?" introduction. The editor opens on the région's latest version,
//! else the national text of `content/`; "Prévisualiser" renders what was typed with the rules of
//! the national pages, "Enregistrer" appends a version (history: `regional_history`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::content::aid_codes;
use crate::db;
use crate::domain::content::regional::{check_body, normalize_body, TextKey};
use crate::error::AppError;
use crate::regional_content::{self, Change};
use crate::web::forms::{client_ip, FormState};
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

/// The text of `slug`, or a 404.
pub(super) fn parse_key(slug: &str) -> Result<TextKey, AppError> {
    TextKey::parse(slug).ok_or(AppError::NotFound)
}

/// The national text of `key` (the page shown to the profession: its own, or the common one).
pub(super) fn national(state: &AppState, key: TextKey) -> String {
    match key {
        TextKey::ContactsIntro => state.library.contacts_intro().markdown.clone(),
        TextKey::Page(p, s) => state
            .library
            .page(p, s)
            .map(|(page, _)| page.markdown.clone())
            .unwrap_or_default(),
    }
}

#[derive(Serialize)]
struct TextRow {
    label: String,
    href: String,
    public_path: String,
    version: Option<i32>,
    saved_at: Option<NaiveDateTime>,
}

#[derive(Serialize)]
struct ListPage {
    region_name: String,
    rows: Vec<TextRow>,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::edit_regional_texts(&viewer)?.to_string();
    let (region_name, latest) = db::run(&state.pool, move |conn| {
        let name = db::territories::region_name(conn, &region)?.unwrap_or(region.clone());
        Ok((name, db::regional_texts::latest_of_region(conn, &region)?))
    })
    .await?;
    let rows = TextKey::all()
        .into_iter()
        .map(|key| {
            let slug = key.slug();
            let mine = latest.iter().find(|(k, _, _)| *k == slug);
            TextRow {
                label: key.label(),
                href: format!("/admin/contenus/{slug}"),
                public_path: key.public_path(),
                version: mine.map(|m| m.1),
                saved_at: mine.map(|m| m.2),
            }
        })
        .collect();
    render(
        &state,
        &req,
        "admin/regional_texts.html",
        &ListPage { region_name, rows },
    )
}

#[derive(Deserialize, Serialize, Default)]
pub struct TextForm {
    #[serde(default)]
    body: String,
    /// `previsualiser` or `enregistrer` (the button pressed).
    #[serde(default, skip_serializing)]
    action: String,
}

/// The editor: what is typed, its preview, and what the visitors read now.
#[derive(Serialize)]
pub(super) struct EditorPage {
    pub slug: String,
    pub label: String,
    pub public_path: String,
    pub region_name: String,
    pub form: FormState,
    pub preview: Option<String>,
    /// The latest regional version: its number, date and author; none = the national text.
    pub current: Option<CurrentVersion>,
    pub national: String,
}

#[derive(Serialize)]
pub(super) struct CurrentVersion {
    pub version: i32,
    pub saved_at: NaiveDateTime,
    pub author: String,
}

/// The editor of `key` for the viewer's région, `body` typed (or the current text when `None`).
pub(super) async fn editor(
    state: &AppState,
    region: String,
    key: TextKey,
    body: Option<String>,
) -> Result<EditorPage, AppError> {
    let slug = key.slug();
    let (region_name, latest) = db::run(&state.pool, move |conn| {
        let name = db::territories::region_name(conn, &region)?.unwrap_or(region.clone());
        Ok((name, db::regional_texts::latest(conn, &region, &slug)?))
    })
    .await?;
    let national = national(state, key);
    let body = body.unwrap_or_else(|| {
        latest
            .as_ref()
            .map_or_else(|| national.clone(), |v| v.body.clone())
    });
    Ok(EditorPage {
        slug: key.slug(),
        label: key.label(),
        public_path: key.public_path(),
        region_name,
        form: FormState::with_values(&TextForm {
            body,
            action: String::new(),
        }),
        preview: None,
        current: latest.map(|v| CurrentVersion {
            version: v.version,
            saved_at: v.created_at,
            author: format!(
                "{} {} ({})",
                v.author_first_name, v.author_last_name, v.author_email
            ),
        }),
        national,
    })
}

pub(super) fn render_editor(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    page: &EditorPage,
) -> Result<HttpResponse, AppError> {
    render_with_status(state, req, status, "admin/regional_text_edit.html", page)
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let region = policy::edit_regional_texts(&viewer)?.to_string();
    let key = parse_key(&path)?;
    let page = editor(&state, region, key, None).await?;
    render_editor(&state, &req, StatusCode::OK, &page)
}

/// "Prévisualiser" (the form again, with the text rendered) or "Enregistrer" (a new version).
/// A text the rules refuse is a 422: the form again, with what was typed and the line at fault.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<TextForm>,
) -> Result<HttpResponse, AppError> {
    let region = policy::edit_regional_texts(&viewer)?.to_string();
    let key = parse_key(&path)?;
    let form = form.into_inner();
    let body = normalize_body(&form.body);
    let checked = check_body(&body, &aid_codes(&state.catalogue.current()));
    let saving = form.action == "enregistrer";
    if !saving || checked.is_err() {
        let mut page = editor(&state, region, key, Some(body)).await?;
        let status = match checked {
            Ok(rendered) => {
                page.preview = Some(rendered.html);
                StatusCode::OK
            }
            Err(e) => {
                page.form = page.form.error("body", e.to_string());
                StatusCode::UNPROCESSABLE_ENTITY
            }
        };
        return render_editor(&state, &req, status, &page);
    }
    let (actor, ip, now) = (viewer.user_id.clone(), client_ip(&req), state.clock.now());
    db::run(&state.pool, move |conn| {
        regional_content::save(
            conn,
            &Change {
                region: &region,
                key,
                body: &body,
                actor_id: &actor,
                ip: &ip,
                restored_from: None,
                now,
            },
        )
    })
    .await?;
    Ok(see_other(&format!(
        "/admin/contenus/{}?ok=texte-enregistre",
        key.slug()
    )))
}
