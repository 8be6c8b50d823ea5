//! The history of a regional text: every version (who, when), one version read as it was, and
//! restoring it (a new version, copied from the old one). A version of another région is a 404.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::regional_texts::{editor, parse_key, render_editor};
use crate::auth::{policy, Viewer};
use crate::content::aid_codes;
use crate::db::{self, regional_texts::Version};
use crate::domain::content::regional::{check_body, TextKey};
use crate::domain::content::render;
use crate::error::AppError;
use crate::regional_content::{self, Change};
use crate::web::forms::client_ip;
use crate::web::page::{render as render_page, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct VersionRow {
    id: String,
    version: i32,
    saved_at: NaiveDateTime,
    author: String,
    restored_from: Option<i32>,
    latest: bool,
}

fn row(v: &Version, latest: bool) -> VersionRow {
    VersionRow {
        id: v.id.clone(),
        version: v.version,
        saved_at: v.created_at,
        author: format!(
            "{} {} ({})",
            v.author_first_name, v.author_last_name, v.author_email
        ),
        restored_from: v.restored_from,
        latest,
    }
}

#[derive(Serialize)]
struct HistoryPage {
    slug: String,
    label: String,
    versions: Vec<VersionRow>,
}

pub async fn history(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let region = policy::edit_regional_texts(&viewer)?.to_string();
    let key = parse_key(&path)?;
    let slug = key.slug();
    let versions = db::run(&state.pool, move |conn| {
        Ok(db::regional_texts::history(conn, &region, &slug)?)
    })
    .await?;
    let page = HistoryPage {
        slug: key.slug(),
        label: key.label(),
        versions: versions
            .iter()
            .enumerate()
            .map(|(i, v)| row(v, i == 0))
            .collect(),
    };
    render_page(&state, &req, "admin/regional_history.html", &page)
}

/// The version `id` of `key`, if it belongs to the viewer's région (404 otherwise).
async fn load(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    id: String,
) -> Result<(String, TextKey, Version), AppError> {
    let region = policy::edit_regional_texts(viewer)?.to_string();
    let key = parse_key(slug)?;
    let version = db::run(&state.pool, move |conn| {
        db::regional_texts::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    if version.region_code != region || version.text_key != key.slug() {
        return Err(AppError::NotFound);
    }
    Ok((region, key, version))
}

#[derive(Serialize)]
struct VersionPage {
    slug: String,
    label: String,
    version: VersionRow,
    body: String,
    html: String,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let (region, key, version) = load(&state, &viewer, &slug, id).await?;
    let latest_slug = key.slug();
    let latest = db::run(&state.pool, move |conn| {
        Ok(db::regional_texts::latest(conn, &region, &latest_slug)?)
    })
    .await?;
    let is_latest = latest.is_some_and(|l| l.id == version.id);
    // Shown safely whatever happened since; a text the renderer now refuses is shown as source only.
    let html = render(&version.body).map(|r| r.html).unwrap_or_default();
    let page = VersionPage {
        slug: key.slug(),
        label: key.label(),
        version: row(&version, is_latest),
        body: version.body.clone(),
        html,
    };
    render_page(&state, &req, "admin/regional_version.html", &page)
}

/// Restores version `id`: a new version with its text. If the text no longer passes the checks
/// (an aid left the catalogue…), the editor opens on it with the error (422).
pub async fn restore(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let (region, key, version) = load(&state, &viewer, &slug, id).await?;
    if let Err(e) = check_body(&version.body, &aid_codes(&state.catalogue.current())) {
        let mut page = editor(&state, region, key, Some(version.body)).await?;
        page.form = page.form.error("body", e.to_string());
        return render_editor(&state, &req, StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let (actor, ip, now) = (viewer.user_id.clone(), client_ip(&req), state.clock.now());
    db::run(&state.pool, move |conn| {
        regional_content::save(
            conn,
            &Change {
                region: &region,
                key,
                body: &version.body,
                actor_id: &actor,
                ip: &ip,
                restored_from: Some(version.version),
                now,
            },
        )
    })
    .await?;
    Ok(see_other(&format!(
        "/admin/contenus/{}/historique?ok=version-retablie",
        key.slug()
    )))
}
