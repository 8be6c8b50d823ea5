//! Rendering a page: the page's own context plus the layout's (assets, navigation, request id).

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;
use tracing_actix_web::RequestId;

use super::AppState;
use crate::error::AppError;

/// What `templates/base.html` needs on every page.
#[derive(Serialize)]
pub struct Layout<'a> {
    pub assets: &'a super::assets::AssetPaths,
    pub path: String,
    pub request_id: String,
    pub demo: bool,
}

pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|id| id.to_string())
        .unwrap_or_default()
}

impl<'a> Layout<'a> {
    pub fn new(state: &'a AppState, req: &HttpRequest) -> Self {
        Self {
            assets: &state.assets,
            path: req.path().to_string(),
            request_id: request_id(req),
            demo: !state.settings.is_production(),
        }
    }
}

/// Renders `template` with `page`'s fields at the top level and `layout` beside them.
pub fn render_with_status<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    template: &str,
    page: &T,
) -> Result<HttpResponse, AppError> {
    let mut context = tera::Context::from_serialize(page)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("contexte de {template} : {e}")))?;
    context.insert("layout", &Layout::new(state, req));
    let html = state.templates.render(template, &context).map_err(|e| {
        AppError::Internal(anyhow::Error::new(e).context(format!("gabarit {template}")))
    })?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub fn render<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    template: &str,
    page: &T,
) -> Result<HttpResponse, AppError> {
    render_with_status(state, req, StatusCode::OK, template, page)
}
