//! Every URL of the guichet, in one table.

use actix_web::web;

use crate::error::AppError;
use crate::web::{health, home};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/healthz", web::get().to(health::healthz))
        .route("/institutions", web::get().to(home::institutions))
        .route("/pages/{name}", web::get().to(home::static_page));
}

/// Anything not in the table: a French 404 page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
