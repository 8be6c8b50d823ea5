//! What every JSON endpoint shares: extractor configurations whose errors become French JSON
//! problems (4xx, never 5xx), whatever the client sends.

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::web;

use crate::error::AppError;

/// Largest accepted JSON body.
pub const JSON_LIMIT: usize = 64 * 1024;

/// `web::Json` bodies: size limit, `application/json` required, errors as [`AppError`].
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _req| json_error(err).into())
}

/// `web::Query` parameters: errors as [`AppError`].
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| query_error(err).into())
}

fn json_error(err: JsonPayloadError) -> AppError {
    match err {
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType(
            "Le corps de la requête doit être du JSON (en-tête Content-Type: application/json)."
                .to_string(),
        ),
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::PayloadTooLarge
        }
        JsonPayloadError::Deserialize(e) => AppError::BadRequest(format!(
            "JSON invalide (ligne {}, colonne {}).",
            e.line(),
            e.column()
        )),
        JsonPayloadError::Serialize(_) => AppError::BadRequest("JSON invalide.".to_string()),
        JsonPayloadError::Payload(_) => {
            AppError::BadRequest("Corps de la requête illisible.".to_string())
        }
        _ => AppError::BadRequest("Corps de la requête invalide.".to_string()),
    }
}

fn query_error(_: QueryPayloadError) -> AppError {
    AppError::BadRequest("Paramètres d'adresse invalides.".to_string())
}
