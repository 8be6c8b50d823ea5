//! `GET /healthz`: is the service up, and does the database answer?

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::AppState;
use crate::db;

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let reachable = db::run(&state.pool, |conn| Ok(db::ping(conn)))
        .await
        .unwrap_or(false);
    let body = json!({
        "status": if reachable { "ok" } else { "degraded" },
        "database": if reachable { "ok" } else { "unreachable" },
        "version": env!("CARGO_PKG_VERSION"),
    });
    if reachable {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
