//! CSRF protection for every state-changing request outside `/api/`: an Origin/Referer check and
//! a double-submit token (an HttpOnly cookie whose value every form repeats in `csrf_token`;
//! multipart forms carry it in the query string so the upload is never buffered here).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::http::{header, Method};
use actix_web::web::BytesMut;
use actix_web::HttpMessage;
use futures_util::StreamExt;

use crate::error::AppError;

pub const COOKIE: &str = "guichet_csrf";
pub const FIELD: &str = "csrf_token";
/// Forms are small: a urlencoded body above this is refused before any handler runs.
pub const FORM_LIMIT: usize = 256 * 1024;

/// The token to repeat in forms, available to every template through the layout.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Checks the request; returns it (body restored) and the cookie to set when the browser has none.
pub async fn protect(
    mut req: ServiceRequest,
    secure: bool,
) -> Result<(ServiceRequest, Option<Cookie<'static>>), (ServiceRequest, AppError)> {
    let existing = req
        .cookie(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| is_token(v));
    let (token, new_cookie) = match &existing {
        Some(t) => (t.clone(), None),
        None => {
            let t = super::token::generate();
            let c = Cookie::build(COOKIE, t.clone())
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(secure)
                .finish();
            (t, Some(c))
        }
    };
    req.extensions_mut().insert(CsrfToken(token));
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !unsafe_method || req.path().starts_with("/api/") {
        return Ok((req, new_cookie));
    }
    if !same_origin(&req) {
        return Err((req, AppError::CsrfRejected));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let submitted = if content_type.starts_with("application/x-www-form-urlencoded") {
        match read_body(&mut req).await {
            Ok(body) => {
                let found = form_field(&body);
                req.set_payload(Payload::from(body.to_vec()));
                found
            }
            Err(e) => return Err((req, e)),
        }
    } else if content_type.starts_with("multipart/form-data") {
        form_field(req.query_string().as_bytes())
    } else {
        None
    };
    match (existing, submitted) {
        (Some(expected), Some(given)) if super::token::constant_time_eq(&expected, &given) => {
            Ok((req, new_cookie))
        }
        _ => Err((req, AppError::CsrfRejected)),
    }
}

async fn read_body(req: &mut ServiceRequest) -> Result<BytesMut, AppError> {
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("corps de requête illisible : {e}")))?;
        if body.len() + chunk.len() > FORM_LIMIT {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn form_field(encoded: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v)
}

/// The Origin (or, failing that, the Referer) must name this host; a request with neither is
/// judged by its token alone.
fn same_origin(req: &ServiceRequest) -> bool {
    let host = req.connection_info().host().to_ascii_lowercase();
    let source = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER));
    match source.and_then(|v| v.to_str().ok()) {
        None => true,
        Some(url) => {
            let rest = url.split_once("://").map(|(_, r)| r).unwrap_or("");
            let authority = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
            authority == host
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_in_a_form_body() {
        assert_eq!(form_field(b"a=1&csrf_token=abc&b=2"), Some("abc".into()));
        assert_eq!(form_field(b"a=1"), None);
        assert!(is_token(&"a".repeat(64)));
        assert!(!is_token("abc"));
    }
}
