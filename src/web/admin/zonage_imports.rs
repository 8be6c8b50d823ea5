//! Zonages of the région: the imports done, uploading a CSV (the parser of `guichet import
//! zonage`; nothing is recorded if any line is wrong) and the coverage of the région's communes.

use std::collections::HashSet;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, zonage::ZonageWriteError, zonage_imports::ListedZonage};
use crate::domain::profession::Profession;
use crate::domain::zonage::{parse_csv_lines, CsvError, EmptyZone, ZonageMeta};
use crate::domain::zonage_coverage::{coverage, Coverage};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;

/// Largest accepted file (a région's communes with their zones fit in a few hundred KB).
pub const MAX_CSV_BYTES: usize = 5 * 1024 * 1024;
/// Line errors shown at most.
const MAX_LINE_ERRORS: usize = 100;

#[derive(Serialize)]
struct ProfessionCoverage {
    label: &'static str,
    valid_from: String,
    coverage: Coverage,
}

#[derive(Serialize)]
struct ZonagePage {
    zonages: Vec<ListedZonage>,
    coverages: Vec<ProfessionCoverage>,
    professions: Vec<(&'static str, &'static str)>,
    form: FormState,
    line_errors: Vec<CsvError>,
    more_errors: usize,
    max_mb: usize,
}

async fn page_with(
    state: &AppState,
    req: &HttpRequest,
    region: String,
    form: FormState,
    mut line_errors: Vec<CsvError>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let today = state.clock.now().date().format("%Y-%m-%d").to_string();
    let (zonages, coverages) = db::run(&state.pool, move |conn| {
        let zonages = db::zonage_imports::list(conn, &region)?;
        let communes = db::territories::communes_of_region(conn, &region)?;
        let departements = db::territories::departements_of_region(conn, &region)?;
        let mut coverages = Vec::new();
        for profession in Profession::ALL {
            // The zonage in force today for this profession, if any.
            let current = zonages.iter().find(|z| {
                z.profession == profession.slug()
                    && z.valid_from <= today
                    && z.valid_to.as_ref().is_none_or(|to| to >= &today)
            });
            if let Some(z) = current {
                let zoned: HashSet<String> = db::zonage_imports::communes_of(conn, &z.id)?
                    .into_iter()
                    .collect();
                coverages.push(ProfessionCoverage {
                    label: profession.label(),
                    valid_from: z.valid_from.clone(),
                    coverage: coverage(&communes, &departements, &zoned),
                });
            }
        }
        Ok((zonages, coverages))
    })
    .await?;
    let more_errors = line_errors.len().saturating_sub(MAX_LINE_ERRORS);
    line_errors.truncate(MAX_LINE_ERRORS);
    let page = ZonagePage {
        zonages,
        coverages,
        professions: Profession::ALL
            .iter()
            .map(|p| (p.slug(), p.label()))
            .collect(),
        form,
        line_errors,
        more_errors,
        max_mb: MAX_CSV_BYTES / (1024 * 1024),
    };
    render_with_status(state, req, status, "admin/zonage.html", &page)
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_zonage(&viewer)?.to_string();
    page_with(
        &state,
        &req,
        region,
        FormState::default(),
        vec![],
        StatusCode::OK,
    )
    .await
}

/// The fields of the upload form, as typed.
#[derive(Default, Serialize)]
struct Upload {
    profession: String,
    valid_from: String,
    valid_to: String,
    source: String,
    empty_means_not_zip: String,
    #[serde(skip)]
    file_name: String,
    #[serde(skip)]
    bytes: Option<Vec<u8>>,
}

/// Reads the form; the file is refused as soon as it exceeds [`MAX_CSV_BYTES`].
async fn read_upload(mut payload: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|e| AppError::BadRequest(format!("envoi illisible : {e}")))?;
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == "fichier" {
            MAX_CSV_BYTES
        } else {
            4096
        };
        if name == "fichier" {
            upload.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::BadRequest(format!("envoi interrompu : {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::Validation(vec![crate::error::FieldError::new(
                    name,
                    format!("Le fichier dépasse {} Mo.", MAX_CSV_BYTES / (1024 * 1024)),
                )]));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "fichier" => upload.bytes = Some(bytes),
            "profession" => upload.profession = text(),
            "valid_from" => upload.valid_from = text(),
            "valid_to" => upload.valid_to = text(),
            "source" => upload.source = text(),
            "empty_means_not_zip" => upload.empty_means_not_zip = text(),
            _ => {}
        }
    }
    Ok(upload)
}

/// A text CSV: UTF-8 without NUL bytes (a PNG, a PDF or a spreadsheet is refused).
fn csv_text(bytes: &[u8]) -> Result<&str, &'static str> {
    if bytes.is_empty() {
        return Err("Choisissez un fichier CSV.");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Ok(text),
        _ => Err("Ce fichier n'est pas un fichier texte CSV (UTF-8) : enregistrez le tableau au format CSV avec les colonnes insee et zone."),
    }
}

fn date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_zonage(&viewer)?.to_string();
    let upload = read_upload(payload).await?;
    let mut form = FormState::with_values(&upload);
    let profession = upload.profession.parse::<Profession>().ok();
    if profession.is_none() {
        form = form.error("profession", "Choisissez la profession du zonage.");
    }
    let valid_from = date(&upload.valid_from);
    if valid_from.is_none() {
        form = form.error(
            "valid_from",
            "Indiquez la date d'entrée en vigueur (AAAA-MM-JJ).",
        );
    }
    let valid_to = match upload.valid_to.trim() {
        "" => None,
        raw => match date(raw) {
            Some(to) if valid_from.is_none_or(|from| to >= from) => Some(to),
            Some(_) => {
                form = form.error("valid_to", "La fin doit suivre l'entrée en vigueur.");
                None
            }
            None => {
                form = form.error(
                    "valid_to",
                    "Date de fin au format AAAA-MM-JJ, ou laissez vide.",
                );
                None
            }
        },
    };
    if upload.source.trim().is_empty() {
        form = form.error("source", "Citez l'arrêté ou l'extraction d'origine.");
    }
    let empty = if upload.empty_means_not_zip.is_empty() {
        EmptyZone::Reject
    } else {
        EmptyZone::NotZip
    };
    let mut line_errors = Vec::new();
    let mut rows = Vec::new();
    match csv_text(upload.bytes.as_deref().unwrap_or_default()) {
        Err(message) => form = form.error("fichier", message),
        Ok(text) => match parse_csv_lines(text, empty) {
            Ok(parsed) => rows = parsed,
            Err(errors) => line_errors = errors,
        },
    }
    let (r, parsed) = (region.clone(), rows.clone());
    let unknown = db::run(&state.pool, move |conn| {
        let known: HashSet<String> = db::territories::insee_codes_of_region(conn, &r)?
            .into_iter()
            .collect();
        Ok(parsed
            .iter()
            .filter(|(_, row)| !known.contains(&row.insee))
            .map(|(line, row)| CsvError {
                line: *line,
                message: format!(
                    "la commune {} n'est pas une commune de la région",
                    row.insee
                ),
            })
            .collect::<Vec<_>>())
    })
    .await?;
    line_errors.extend(unknown);
    if !line_errors.is_empty() {
        let n = line_errors.len();
        form = form.error(
            "fichier",
            format!("Le fichier contient {n} ligne(s) en erreur : rien n'a été importé."),
        );
    }
    let (Some(profession), Some(valid_from), false) = (profession, valid_from, form.has_errors())
    else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page_with(&state, &req, region, form, line_errors, status).await;
    };
    let meta = ZonageMeta {
        region_code: region.clone(),
        profession,
        valid_from,
        valid_to,
        source: upload.source.trim().to_string(),
    };
    let file_name = upload.file_name.clone();
    let actor = viewer.user_id.clone();
    let now = state.clock.now();
    let outcome = db::run(&state.pool, move |conn| {
        let rows: Vec<_> = rows.into_iter().map(|(_, row)| row).collect();
        crate::db::transaction(conn, |conn| {
            let recorded = match db::zonage::record(conn, &meta, &rows, now) {
                Ok(recorded) => recorded,
                Err(ZonageWriteError::LaterZonageExists(from)) => return Ok(Err(from)),
                Err(ZonageWriteError::Database(e)) => return Err(AppError::from(e)),
            };
            db::zonage_imports::insert(
                conn,
                &db::zonage_imports::NewZonageImport {
                    id: uuid::Uuid::now_v7().to_string(),
                    zonage_id: recorded.id.clone(),
                    file_name: file_name.clone(),
                    communes: recorded.communes as i32,
                    unknown_communes: 0,
                    actor_id: Some(actor.clone()),
                    imported_at: now,
                },
            )?;
            let detail = format!(
                "zonage {} {} du {} : {} communes ({}), {} zonage(s) clos",
                meta.region_code,
                meta.profession.slug(),
                meta.valid_from,
                recorded.communes,
                file_name,
                recorded.closed
            );
            db::audit::record(
                conn,
                "zonage_import",
                Some(&actor),
                None,
                None,
                &detail,
                now,
            )?;
            Ok(Ok(()))
        })
    })
    .await?;
    if let Err(later) = outcome {
        let form = form.error(
            "valid_from",
            format!("Un zonage de cette profession commence déjà le {later} : importez les zonages dans l'ordre chronologique."),
        );
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page_with(&state, &req, region, form, vec![], status).await;
    }
    if let Err(e) = state.zonages.refresh(&state.pool).await {
        tracing::warn!(error = %e, "rechargement des zonages impossible");
    }
    Ok(see_other("/admin/zonage?ok=zonage-importe"))
}
