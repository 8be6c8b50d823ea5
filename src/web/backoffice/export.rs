//! The CSV export of an inbox: the current view, every page up to [`view::EXPORT_LIMIT`] rows.

use actix_web::{web, HttpResponse};

use super::inbox::{load, rows, Source};
use super::view;
use crate::auth::Viewer;
use crate::domain::inbox::{Audience, RawInboxQuery};
use crate::error::AppError;
use crate::web::AppState;

async fn export(
    state: &AppState,
    viewer: &Viewer,
    audience: Audience,
    raw: RawInboxQuery,
) -> Result<HttpResponse, AppError> {
    let (date_label, owner_label) = Source::of(viewer, audience)?.labels();
    let raw = RawInboxQuery {
        apres: String::new(),
        ..raw
    };
    let mut loaded = load(state, viewer, audience, &raw, true).await?;
    let rows = rows(state, &mut loaded);
    Ok(view::csv_response(view::csv(
        &rows,
        date_label,
        owner_label,
        viewer.territory(),
    )))
}

/// The current view (every page, up to [`view::EXPORT_LIMIT`] rows) as CSV.
pub async fn referent_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
) -> Result<HttpResponse, AppError> {
    export(&state, &viewer, Audience::Referent, raw.into_inner()).await
}

/// The partner's current view as CSV.
pub async fn partner_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
) -> Result<HttpResponse, AppError> {
    export(&state, &viewer, Audience::Partner, raw.into_inner()).await
}
