//! Zonages of the région: the imports done, uploading a file (the guichet's CSV or a
//! CartoSanté export, read by the same import as `guichet import zonage`; nothing is recorded
//! if any line is wrong) and the coverage of the région's communes for every profession.

use std::collections::HashSet;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, zonage_imports::ListedZonage, DbConnection};
use crate::domain::arrondissement;
use crate::domain::profession::Profession;
use crate::domain::zonage::{CsvError, EmptyZone, ZonageMeta};
use crate::domain::zonage_coverage::{coverage, Coverage};
use crate::domain::zone::{of_profession, ZoneCategory};
use crate::error::{AppError, FieldError};
use crate::import::zonage::{import_zonage, ImportError, ZonageFile};
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::uploads::{self, FileField, UploadForm};
use crate::web::AppState;

/// Largest accepted file (a national CartoSanté export is about 1.3 MB).
pub const MAX_CSV_BYTES: usize = 5 * 1024 * 1024;
/// Line errors shown at most.
const MAX_LINE_ERRORS: usize = 100;

/// The coverage of one profession: its zonage in force today, or why there is none.
#[derive(Serialize)]
struct ProfessionCoverage {
    label: &'static str,
    /// "des infirmiers"…
    of: &'static str,
    has_scale: bool,
    valid_from: Option<String>,
    coverage: Option<Coverage>,
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

/// The coverage of the région for every profession on `today` (ISO date).
fn coverages(
    conn: &mut DbConnection,
    region: &str,
    zonages: &[ListedZonage],
    today: &str,
) -> Result<Vec<ProfessionCoverage>, AppError> {
    let communes = db::territories::communes_of_region(conn, region)?;
    let departements = db::territories::departements_of_region(conn, region)?;
    let mut out = Vec::new();
    for profession in Profession::ALL {
        let current = zonages.iter().find(|z| {
            z.profession == *profession
                && z.valid_from.as_str() <= today
                && z.valid_to.as_deref().is_none_or(|to| to >= today)
        });
        let coverage = match current {
            None => None,
            Some(z) => {
                let mut zoned: HashSet<String> = db::zonage_imports::communes_of(conn, &z.id)?
                    .into_iter()
                    .collect();
                // Paris, Lyon and Marseille are zoned by arrondissement.
                let whole: Vec<String> = communes
                    .iter()
                    .map(|(insee, _)| insee)
                    .filter(|insee| {
                        let parts = arrondissement::of_commune(insee);
                        !parts.is_empty() && parts.iter().all(|a| zoned.contains(&a.insee))
                    })
                    .cloned()
                    .collect();
                zoned.extend(whole);
                Some(coverage(&communes, &departements, &zoned))
            }
        };
        out.push(ProfessionCoverage {
            label: profession.label(),
            of: of_profession(*profession),
            has_scale: !ZoneCategory::scale(*profession).is_empty(),
            valid_from: current.map(|z| z.valid_from.clone()),
            coverage,
        });
    }
    Ok(out)
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
        let coverages = coverages(conn, &region, &zonages, &today)?;
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
            .filter(|p| !ZoneCategory::scale(**p).is_empty())
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
    /// A file over the limit: not read, its message.
    #[serde(skip)]
    refused: Option<FieldError>,
}

/// Reads the form; the file is refused as soon as it exceeds [`MAX_CSV_BYTES`].
async fn read_upload(
    state: &AppState,
    req: &HttpRequest,
    payload: Multipart,
) -> Result<(Upload, UploadForm), AppError> {
    let mut form = uploads::read_keeping_fields(
        state,
        req,
        payload,
        FileField {
            name: "fichier",
            max_bytes: MAX_CSV_BYTES as u64,
            too_large: format!("Le fichier dépasse {} Mo.", MAX_CSV_BYTES / (1024 * 1024)),
        },
    )
    .await?;
    let file = form.take_file();
    let upload = Upload {
        profession: form.text("profession"),
        valid_from: form.text("valid_from"),
        valid_to: form.text("valid_to"),
        source: form.text("source"),
        empty_means_not_zip: form.text("empty_means_not_zip"),
        file_name: file
            .as_ref()
            .map(|f| f.name.chars().take(200).collect())
            .unwrap_or_default(),
        bytes: file.map(|f| f.bytes),
        refused: form.refused.take(),
    };
    Ok((upload, form))
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
    let (mut upload, _held) = read_upload(&state, &req, payload).await?;
    // A file too large or infected: the page again with its message (the file is not kept).
    let mut file_refused = upload.refused.take();
    if let (None, Some(bytes)) = (&file_refused, &upload.bytes) {
        let sent = uploads::Sent {
            field: "fichier",
            file_name: &upload.file_name,
            actor_id: &viewer.user_id,
            subject_id: None,
        };
        match uploads::scan(&state, sent, bytes).await {
            Ok(()) => {}
            Err(AppError::Validation(errors)) => file_refused = errors.into_iter().next(),
            Err(e) => return Err(e),
        }
    }
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
        EmptyZone::Unknown
    } else {
        EmptyZone::NotZip
    };
    let bytes = upload.bytes.clone().unwrap_or_default();
    if let Some(refused) = file_refused {
        form = form.with_errors(vec![refused]);
    } else if bytes.is_empty() {
        form = form.error("fichier", "Choisissez un fichier CSV.");
    }
    let (Some(profession), Some(valid_from), false) = (profession, valid_from, form.has_errors())
    else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page_with(&state, &req, region, form, vec![], status).await;
    };
    let meta = ZonageMeta {
        region_code: region.clone(),
        profession,
        valid_from,
        valid_to,
        source: upload.source.trim().to_string(),
        last_checked: None,
    };
    let (file_name, actor_id) = (upload.file_name.clone(), Some(viewer.user_id.clone()));
    let now = state.clock.now();
    let outcome = db::run(&state.pool, move |conn| {
        let file = ZonageFile {
            meta,
            bytes: &bytes,
            empty,
            file_name,
            actor_id,
        };
        match import_zonage(conn, &file, now) {
            Ok(_) => Ok(Ok(())),
            Err(ImportError::Database(e)) => Err(AppError::from(e)),
            Err(other) => Ok(Err(other)),
        }
    })
    .await?;
    let line_errors = match outcome {
        Ok(()) => {
            if let Err(e) = state.zonages.refresh(&state.pool).await {
                tracing::warn!(error = %e, "rechargement des zonages impossible");
            }
            return Ok(see_other("/admin/zonage?ok=zonage-importe"));
        }
        Err(ImportError::Lines(errors)) => {
            let n = errors.len();
            form = form.error(
                "fichier",
                format!("Le fichier contient {n} ligne(s) en erreur : rien n'a été importé."),
            );
            errors
        }
        Err(ImportError::Field { field, message }) => {
            let field = if field == "region" { "fichier" } else { field };
            form = form.error(field, message);
            vec![]
        }
        Err(ImportError::LaterZonageExists(later)) => {
            form = form.error(
                "valid_from",
                format!("Un zonage de cette profession commence déjà le {later} : importez les zonages dans l'ordre chronologique."),
            );
            vec![]
        }
        Err(ImportError::Database(e)) => return Err(AppError::from(e)),
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    page_with(&state, &req, region, form, line_errors, status).await
}
