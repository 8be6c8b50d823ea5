//! « Mes données » (RGPD art. 15 and 20): a professional downloads everything the guichet
//! holds about them in one ZIP archive (`workflow::personal_data`), from a form sent with its
//! CSRF token; nothing personal travels in the URL.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db;
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;
use crate::workflow::personal_data;

/// The audit event of a download (no content in its detail).
pub const EXPORT_EVENT: &str = "personal_data_export";
/// The archive's name: the same for everyone, nothing personal in it.
const ARCHIVE_NAME: &str = "mes-donnees-guichet.zip";

#[derive(Serialize)]
struct PersonalDataPage {
    requests: usize,
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::own_personal_data(&viewer)?;
    let id = viewer.user_id.clone();
    let requests = db::run(&state.pool, move |conn| {
        Ok(db::requests::list_of_professional(conn, &id)?.len())
    })
    .await?;
    render(
        &state,
        &req,
        "account/personal_data.html",
        &PersonalDataPage { requests },
    )
}

pub async fn download(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::own_personal_data(&viewer)?;
    let now = state.clock.now();
    let id = viewer.user_id.clone();
    let (export, files) = db::run(&state.pool, move |conn| {
        let collected = personal_data::collect(conn, &id, now)?;
        db::audit::record(
            conn,
            EXPORT_EVENT,
            Some(&id),
            Some(&id),
            None,
            "téléchargement de ses données",
            now,
        )?;
        Ok(collected)
    })
    .await?;
    let uploads = state.settings.uploads.dir.clone();
    let bytes = web::block(move || personal_data::archive(&export, &files, &uploads))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("archive interrompue : {e}")))??;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/zip"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ARCHIVE_NAME}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}
