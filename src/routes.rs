//! Every URL of the guichet, in one table.

use actix_web::web;

use crate::error::AppError;
use crate::web::{aides, communes, eligibility, health, home, simulator, zonage};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/healthz", web::get().to(health::healthz))
        .route("/institutions", web::get().to(home::institutions))
        .route("/pages/{name}", web::get().to(home::static_page))
        .route("/aides", web::get().to(aides::list))
        .route("/aides/{code}", web::get().to(aides::show))
        .route("/simulateur", web::get().to(simulator::page))
        .route("/zonage", web::get().to(zonage::page))
        .route("/api/v1/communes", web::get().to(communes::search))
        .route("/api/v1/eligibility", web::post().to(eligibility::api))
        .route("/api/v1/zonage", web::get().to(zonage::api));
}

/// Anything not in the table: a French 404 page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
