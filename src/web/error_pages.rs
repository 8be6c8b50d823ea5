//! Turns error responses into French DSFR pages (browsers) or JSON problems (`/api/` clients).

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpResponse, Result};
use serde::Serialize;

use super::page::{render_with_status, request_id};
use super::AppState;
use crate::error::{AppError, ErrorPage, FieldError};

#[derive(Serialize)]
struct ErrorContext<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
    fields: &'a [FieldError],
    request_id: String,
}

#[derive(Serialize)]
struct Problem<'a> {
    status: u16,
    title: &'a str,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
    request_id: String,
}

/// Default handler of `ErrorHandlers`: leaves responses that already have a body (a form
/// re-rendered with its errors) and renders the others.
pub fn render<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> Result<ErrorHandlerResponse<B>> {
    if res.response().headers().contains_key(header::CONTENT_TYPE) {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let page = res
        .response()
        .extensions()
        .get::<ErrorPage>()
        .cloned()
        .unwrap_or_else(|| fallback_page(status.as_u16()));
    let (req, old) = res.into_parts();
    let rid = request_id(&req);
    let is_api = req.path().starts_with("/api/");
    let mut response = if status == actix_web::http::StatusCode::UNAUTHORIZED && !is_api {
        // A page that needs an account: sign in, then come back (the path only, never the query).
        let next = serde_urlencoded::to_string([("suite", req.path())]).unwrap_or_default();
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/connexion?{next}")))
            .finish()
    } else if is_api {
        HttpResponse::build(status)
            .content_type("application/problem+json")
            .json(Problem {
                status: status.as_u16(),
                title: page.title,
                detail: &page.message,
                errors: &page.fields,
                request_id: rid,
            })
    } else {
        let context = ErrorContext {
            status: status.as_u16(),
            title: page.title,
            message: &page.message,
            fields: &page.fields,
            request_id: rid,
        };
        match req.app_data::<web::Data<AppState>>() {
            Some(state) => render_with_status(state, &req, status, "error.html", &context)
                .unwrap_or_else(|e| plain(status, &e)),
            None => plain(status, &AppError::NotFound),
        }
    };
    for (name, value) in old.headers() {
        if !response.headers().contains_key(name) {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let res = ServiceResponse::new(req, response.map_into_boxed_body());
    Ok(ErrorHandlerResponse::Response(
        res.map_into_right_body::<B>(),
    ))
}

fn plain(status: actix_web::http::StatusCode, _cause: &AppError) -> HttpResponse {
    let mut r =
        HttpResponse::build(status).body("Erreur : le service ne peut pas afficher cette page.");
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn fallback_page(status: u16) -> ErrorPage {
    let (title, message) = match status {
        404 => (
            "Page non trouvée",
            "La page que vous cherchez est introuvable.",
        ),
        405 => (
            "Méthode non autorisée",
            "Cette action n'est pas possible sur cette page.",
        ),
        413 => (
            "Contenu trop volumineux",
            "Les données envoyées sont trop volumineuses.",
        ),
        s if s < 500 => ("Requête invalide", "La requête n'a pas pu être traitée."),
        _ => ("Erreur inattendue", "Une erreur inattendue s'est produite."),
    };
    ErrorPage {
        title,
        message: message.to_string(),
        fields: Vec::new(),
    }
}
