//! Request middleware: who is signed in (session cookie or bearer token) and CSRF protection.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};

use super::AppState;
use crate::auth::{csrf, session};

fn secure_cookies(req: &ServiceRequest) -> bool {
    super::forms::secure_cookies(req.request())
}

/// Loads the [`session::Viewer`]; signed-in pages are never cached; a dead cookie is removed.
pub async fn load_viewer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    if req.path().starts_with("/assets/") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let had_cookie = req.cookie(session::COOKIE).is_some() && !req.path().starts_with("/api/");
    let secure = secure_cookies(&req);
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let now = state.clock.now();
    let viewer = match session::load(&req, &state.pool, &state.settings.security, now).await {
        Ok(v) => v,
        Err(e) => return Ok(req.error_response(e).map_into_right_body()),
    };
    let signed_in = viewer.is_some();
    if let Some(v) = viewer {
        req.extensions_mut().insert(v);
    }
    let mut res = next.call(req).await?;
    if signed_in {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if had_cookie
        && !res
            .response()
            .cookies()
            .any(|c| c.name() == session::COOKIE)
    {
        res.response_mut().add_cookie(&session::removal(secure))?;
    }
    Ok(res.map_into_left_body())
}

/// After any state-changing request (whatever its outcome), the pages kept by
/// [`super::view_cache::ViewCache`] are forgotten.
pub async fn writes_forget_views(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let writes = !req.method().is_safe();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await;
    if writes {
        if let Some(state) = state {
            state.views.bump();
        }
    }
    res
}

/// Refuses state-changing requests without a matching CSRF token or from another origin.
pub async fn csrf_protection(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    if req.path().starts_with("/assets/") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let secure = secure_cookies(&req);
    let live_session = req
        .extensions()
        .get::<session::Viewer>()
        .and_then(|v| v.session_id.as_ref())
        .and_then(|_| req.cookie(session::COOKIE))
        .map(|c| c.value().to_string());
    let key = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.settings.security.secret_key.clone())
        .unwrap_or_default();
    match csrf::protect(req, secure, &key, live_session).await {
        Ok((req, cookie)) => {
            let mut res = next.call(req).await?;
            if let Some(cookie) = cookie {
                res.response_mut().add_cookie(&cookie)?;
            }
            Ok(res.map_into_left_body())
        }
        Err((req, error)) => Ok(req.error_response(error).map_into_right_body()),
    }
}
