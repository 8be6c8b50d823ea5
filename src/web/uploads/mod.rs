//! Reading upload bodies (multipart forms): the one place that bounds how long a body may take
//! to arrive (idle and total timeouts: 408) and how many bytes of uploads the server holds at
//! once ([`UploadBudget`]: 503), and scans what arrived with the antivirus ([`scan`]). Used by
//! every upload form (documents, zonages, regional rules).

mod budget;
mod scan;

use std::time::Duration;

use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::HttpRequest;
use futures_util::{Stream, StreamExt};

pub use budget::{Reservation, UploadBudget};
pub use scan::{scan, scan_or_quarantine, Sent};

use crate::error::{AppError, FieldError};
use crate::web::AppState;

/// Room for the multipart framing and the small text fields, beyond the file itself.
const FRAMING: u64 = 64 * 1024;
/// Longest text field of an upload form.
const MAX_TEXT: usize = 4096;
/// Most parts an upload form may have.
const MAX_PARTS: usize = 32;

/// The file field of a form and its size limit, with the message shown beside it beyond.
pub struct FileField {
    pub name: &'static str,
    pub max_bytes: u64,
    pub too_large: String,
}

pub struct UploadedFile {
    /// The name the browser gave (unchecked).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An upload form read in full; its bytes stay counted in the budget while it lives.
pub struct UploadForm {
    pub file: Option<UploadedFile>,
    texts: Vec<(String, String)>,
    /// A file over its limit ([`read_keeping_fields`] only): the message beside the file field;
    /// the file is dropped and the fields after it are not read.
    pub refused: Option<FieldError>,
    _held: Reservation,
}

impl UploadForm {
    /// The file part, taken out (the bytes stay counted until the form is dropped).
    pub fn take_file(&mut self) -> Option<UploadedFile> {
        self.file.take()
    }

    /// Every text field, as sent, in order.
    pub fn texts(&self) -> &[(String, String)] {
        &self.texts
    }

    /// A text field, trimmed (empty when absent).
    pub fn text(&self, name: &str) -> String {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }
}

fn timed_out() -> AppError {
    AppError::RequestTimeout
}

fn malformed() -> AppError {
    AppError::BadRequest("L'envoi est incomplet ou mal formé : recommencez l'envoi.".into())
}

/// Reads the whole form, within the budget and the timeouts of `[uploads]`; a file over its
/// limit is a 422 beside the file field.
pub async fn read(
    state: &AppState,
    req: &HttpRequest,
    payload: Multipart,
    file: FileField,
) -> Result<UploadForm, AppError> {
    let mut form = read_keeping_fields(state, req, payload, file).await?;
    match form.refused.take() {
        Some(refused) => Err(AppError::Validation(vec![refused])),
        None => Ok(form),
    }
}

/// [`read`] for a page that shows its form again after a mistake: a file over its limit comes
/// back as [`UploadForm::refused`], with the text fields sent before it.
pub async fn read_keeping_fields(
    state: &AppState,
    req: &HttpRequest,
    payload: Multipart,
    file: FileField,
) -> Result<UploadForm, AppError> {
    read_long_form(state, req, payload, file, MAX_TEXT).await
}

/// [`read_keeping_fields`] for a form whose text fields may each hold up to `max_text` bytes
/// (a request's description); all of them together stay within the urlencoded forms' limit.
pub async fn read_long_form(
    state: &AppState,
    req: &HttpRequest,
    payload: Multipart,
    file: FileField,
    max_text: usize,
) -> Result<UploadForm, AppError> {
    let texts_cap = if max_text > MAX_TEXT {
        crate::auth::csrf::FORM_LIMIT as u64
    } else {
        0
    };
    let cap = file
        .max_bytes
        .saturating_add(FRAMING)
        .saturating_add(texts_cap);
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let held = state
        .uploads
        .reserve(announced.map_or(cap, |n| n.min(cap)))?;
    let settings = &state.settings.uploads;
    let idle = Duration::from_secs(settings.read_idle_seconds.max(1));
    let whole = Duration::from_secs(settings.read_deadline_seconds.max(1));
    let limits = (max_text, crate::auth::csrf::FORM_LIMIT);
    let (file, texts, refused) =
        tokio::time::timeout(whole, read_parts(payload, &file, limits, idle))
            .await
            .map_err(|_| timed_out())??;
    Ok(UploadForm {
        file,
        texts,
        refused,
        _held: held,
    })
}

/// The next item of `stream`, or a timeout when nothing comes for `idle`.
async fn next<S: Stream + Unpin>(
    stream: &mut S,
    idle: Duration,
) -> Result<Option<S::Item>, AppError> {
    tokio::time::timeout(idle, stream.next())
        .await
        .map_err(|_| timed_out())
}

type Parts = (
    Option<UploadedFile>,
    Vec<(String, String)>,
    Option<FieldError>,
);

/// `limits`: the longest text field, and all text fields together, in bytes.
async fn read_parts(
    mut payload: Multipart,
    wanted: &FileField,
    limits: (usize, usize),
    idle: Duration,
) -> Result<Parts, AppError> {
    let (mut file, mut texts, mut parts) = (None, Vec::new(), 0);
    let mut text_bytes = 0usize;
    while let Some(field) = next(&mut payload, idle).await? {
        let mut field = field.map_err(|_| malformed())?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(malformed());
        }
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == wanted.name;
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or_default()
            .to_string();
        let max = if is_file {
            usize::try_from(wanted.max_bytes).unwrap_or(usize::MAX)
        } else {
            limits.0
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = next(&mut field, idle).await? {
            let chunk = chunk.map_err(|_| malformed())?;
            if bytes.len().saturating_add(chunk.len()) > max {
                if !is_file {
                    return Err(AppError::BadRequest(format!(
                        "Le champ « {name} » est trop long."
                    )));
                }
                let refused = FieldError::new(wanted.name, &wanted.too_large);
                return Ok((None, texts, Some(refused)));
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            file = Some(UploadedFile {
                name: file_name,
                bytes,
            });
        } else {
            text_bytes = text_bytes.saturating_add(bytes.len());
            if text_bytes > limits.1 {
                return Err(AppError::PayloadTooLarge);
            }
            texts.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok((file, texts, None))
}
