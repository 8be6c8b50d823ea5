//! The one error type of the web layer, mapped to HTTP statuses.
//!
//! Handlers return `Result<_, AppError>`. The response carries an [`ErrorPage`] marker; the
//! error-page middleware (`web::error_pages`) turns it into a French DSFR page for browsers or a
//! JSON problem for `/api/` clients. Nothing internal is ever shown: a 500 shows a request id and
//! the cause chain goes to the log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

pub use crate::domain::field_error::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("requête invalide : {0}")]
    BadRequest(String),
    #[error("données invalides")]
    Validation(Vec<FieldError>),
    #[error("type de contenu non pris en charge")]
    UnsupportedMediaType(String),
    #[error("contenu trop volumineux")]
    PayloadTooLarge,
    #[error("accès refusé")]
    Forbidden,
    #[error("connexion requise")]
    Unauthenticated,
    #[error("jeton anti-falsification absent ou invalide")]
    CsrfRejected,
    #[error("page non trouvée")]
    NotFound,
    #[error("conflit : {0}")]
    Conflict(String),
    /// An upload body that stopped arriving, or arrived too slowly: 408.
    #[error("envoi trop lent ou interrompu")]
    RequestTimeout,
    /// The antivirus could not scan an upload: 503 with `Retry-After`, the upload refused.
    #[error("analyse antivirus indisponible : {0}")]
    ScannerUnavailable(String),
    #[error("trop de tentatives")]
    TooManyRequests { retry_after_s: u64 },
    #[error("service indisponible : {0}")]
    Unavailable(String),
    /// Too much work queued (password hashing): 503 with `Retry-After`, nothing logged as a fault.
    #[error("service saturé")]
    Busy { retry_after_s: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What the error-page middleware needs to render a page or a JSON problem.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(e.to_string())
    }
}

impl AppError {
    fn page(&self) -> ErrorPage {
        let (title, message) = match self {
            AppError::BadRequest(m) => ("Requête invalide", m.clone()),
            AppError::Validation(_) => (
                "Données invalides",
                "Certaines informations sont invalides : corrigez les champs signalés.".to_string(),
            ),
            AppError::UnsupportedMediaType(m) => ("Type de contenu non pris en charge", m.clone()),
            AppError::PayloadTooLarge => (
                "Contenu trop volumineux",
                "Les données envoyées dépassent la taille autorisée.".to_string(),
            ),
            AppError::Forbidden => (
                "Accès refusé",
                "Vous n'avez pas les droits nécessaires pour effectuer cette action.".to_string(),
            ),
            AppError::Unauthenticated => (
                "Connexion requise",
                "Connectez-vous pour accéder à cette page.".to_string(),
            ),
            AppError::CsrfRejected => (
                "Formulaire expiré",
                "Ce formulaire a expiré ou ne provient pas du guichet. Rechargez la page, puis recommencez.".to_string(),
            ),
            AppError::NotFound => (
                "Page non trouvée",
                "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée."
                    .to_string(),
            ),
            AppError::Conflict(m) => ("Action impossible", m.clone()),
            AppError::TooManyRequests { retry_after_s } => (
                "Trop de tentatives",
                format!(
                    "Vous avez fait trop de tentatives. Réessayez dans {} minute(s).",
                    retry_after_s.div_ceil(60).max(1)
                ),
            ),
            AppError::RequestTimeout => (
                "Envoi interrompu",
                "L'envoi du fichier s'est interrompu ou est trop lent. Vérifiez votre connexion, puis recommencez."
                    .to_string(),
            ),
            AppError::ScannerUnavailable(_) => (
                "Analyse antivirus indisponible",
                "L'analyse antivirus des documents est momentanément indisponible : votre fichier n'a pas été enregistré. Réessayez dans quelques minutes."
                    .to_string(),
            ),
            AppError::Busy { .. } => (
                "Service très sollicité",
                "Le guichet reçoit beaucoup de demandes en ce moment. Réessayez dans quelques secondes."
                    .to_string(),
            ),
            AppError::Unavailable(_) => (
                "Service momentanément indisponible",
                "Le service est momentanément indisponible. Réessayez dans quelques instants."
                    .to_string(),
            ),
            AppError::Internal(_) => (
                "Erreur inattendue",
                "Une erreur inattendue s'est produite. L'équipe technique a été prévenue."
                    .to_string(),
            ),
        };
        let fields = match self {
            AppError::Validation(fields) => fields.clone(),
            _ => Vec::new(),
        };
        ErrorPage {
            title,
            message,
            fields,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Unavailable(_) | AppError::Busy { .. } | AppError::ScannerUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(e) => tracing::error!(error = ?e, "erreur interne"),
            AppError::Unavailable(reason) => {
                tracing::error!(%reason, "base de données indisponible")
            }
            AppError::ScannerUnavailable(reason) => {
                tracing::error!(%reason, "antivirus indisponible : envoi refusé")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after_s } | AppError::Busy { retry_after_s } = self
        {
            response.insert_header(("Retry-After", retry_after_s.to_string()));
        }
        if let AppError::ScannerUnavailable(_) = self {
            response.insert_header(("Retry-After", "60"));
        }
        let mut response = response.finish();
        response.extensions_mut().insert(self.page());
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_conventions() {
        assert_eq!(AppError::NotFound.status_code(), StatusCode::NOT_FOUND);
        assert_eq!(
            AppError::Validation(vec![]).status_code(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            AppError::from(diesel::result::Error::NotFound).status_code(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            AppError::Unavailable("x".into()).status_code(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let internal = AppError::Internal(anyhow::anyhow!("secret detail"));
        assert_eq!(internal.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!internal.page().message.contains("secret"));
    }

    #[test]
    fn too_many_requests_sets_retry_after() {
        let response = AppError::TooManyRequests { retry_after_s: 90 }.error_response();
        assert_eq!(
            response
                .headers()
                .get("Retry-After")
                .and_then(|v| v.to_str().ok()),
            Some("90")
        );
    }
}
