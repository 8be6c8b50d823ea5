//! CSRF protection for every state-changing request outside `/api/`: an Origin/Referer check and
//! a token every form repeats in `csrf_token` (or a script in the `X-CSRF-Token` header).
//!
//! Signed in, the token is bound to the session: a keyed hash of the session cookie, so it
//! changes at every sign-in and is worthless for another session. Before signing in, it is the
//! value of a random HttpOnly cookie (`__Host-guichet_csrf` over HTTPS), renewed at sign-in.
//! Multipart forms carry the token as their first field, read here without buffering the upload.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::http::{header, Method};
use actix_web::web::BytesMut;
use actix_web::HttpMessage;
use futures_util::StreamExt;

use crate::error::AppError;

/// The pre-session cookie over plain HTTP (development, tests).
pub const COOKIE: &str = "guichet_csrf";
/// The same over HTTPS: the `__Host-` prefix forbids a sibling domain to plant it.
pub const SECURE_COOKIE: &str = "__Host-guichet_csrf";
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small: a urlencoded body above this is refused before any handler runs.
pub const FORM_LIMIT: usize = 256 * 1024;

/// The token to repeat in forms, available to every template through the layout.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new pre-session cookie (first visit, and at every sign-in).
pub fn fresh_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), super::token::generate())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// The token of a signed-in browser: HMAC-SHA-256 of its session cookie under the secret key.
pub fn session_token(secret_key: &str, session_cookie: &str) -> String {
    super::token::hex(&super::token::hmac_sha256(
        secret_key.as_bytes(),
        format!("csrf\n{session_cookie}").as_bytes(),
    ))
}

/// Checks the request; returns it (body restored) and the cookie to set when the browser has
/// none. `session_cookie`: the cookie of the live session, when the browser is signed in.
pub async fn protect(
    mut req: ServiceRequest,
    secure: bool,
    secret_key: &str,
    session_cookie: Option<String>,
) -> Result<(ServiceRequest, Option<Cookie<'static>>), (ServiceRequest, AppError)> {
    let existing = req
        .cookie(cookie_name(secure))
        .map(|c| c.value().to_string())
        .filter(|v| is_token(v));
    let new_cookie = existing.is_none().then(|| fresh_cookie(secure));
    let expected = match (&session_cookie, &existing, &new_cookie) {
        (Some(session), _, _) => Some(session_token(secret_key, session)),
        (None, Some(t), _) => Some(t.clone()),
        (None, None, _) => None,
    };
    let shown = expected
        .clone()
        .or_else(|| new_cookie.as_ref().map(|c| c.value().to_string()))
        .unwrap_or_default();
    req.extensions_mut().insert(CsrfToken(shown));
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
        .to_string();
    let lowered = content_type.to_ascii_lowercase();
    let in_header = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let submitted = if in_header.is_some() {
        in_header
    } else if lowered.starts_with("application/x-www-form-urlencoded") {
        match read_body(&mut req).await {
            Ok(body) => {
                let found = form_field(&body);
                req.set_payload(Payload::from(body.to_vec()));
                found
            }
            Err(e) => return Err((req, e)),
        }
    } else if lowered.starts_with("multipart/form-data") {
        super::csrf_multipart::first_field(&mut req, &content_type, FIELD).await
    } else {
        None
    };
    match (expected, submitted) {
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

    #[test]
    fn the_session_token_depends_on_the_session_and_the_key() {
        let a = session_token("clé", "session-a");
        assert!(is_token(&a));
        assert_ne!(a, session_token("clé", "session-b"));
        assert_ne!(a, session_token("autre clé", "session-a"));
        assert_eq!(cookie_name(true), "__Host-guichet_csrf");
        assert_eq!(cookie_name(false), "guichet_csrf");
    }
}
