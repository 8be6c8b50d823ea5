//! The e-mail outbox for admins (failed messages, retry) and the audit log.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, audit::AuditEvent, outbox::OutboxMessage};
use crate::error::AppError;
use crate::web::page::{render, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct OutboxPage {
    failed: Vec<OutboxMessage>,
    pending: i64,
    sent: i64,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_outbox(&viewer)?.to_string();
    let page = db::run(&state.pool, move |conn| {
        Ok(OutboxPage {
            failed: db::outbox::list_in_region(conn, &region, db::outbox::FAILED, 200)?,
            pending: db::outbox::count_in_region(conn, &region, db::outbox::PENDING)?,
            sent: db::outbox::count_in_region(conn, &region, db::outbox::SENT)?,
        })
    })
    .await?;
    render(&state, &req, "admin/outbox.html", &page)
}

pub async fn retry(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_outbox(&viewer)?.to_string();
    let id = path.into_inner();
    let now = state.clock.now();
    let n = db::run(&state.pool, move |conn| {
        let n = db::outbox::retry(conn, &id, &region, now)?;
        if n > 0 {
            db::audit::record(
                conn,
                "email_retry",
                Some(&viewer.user_id),
                None,
                None,
                &format!("courriel {id} relancé"),
                now,
            )?;
        }
        Ok(n)
    })
    .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/courriels?ok=courriel-relance"))
}

#[derive(Serialize)]
struct AuditPage {
    events: Vec<AuditEvent>,
}

pub async fn audit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_audit_log(&viewer)?.to_string();
    let events = db::run(&state.pool, move |conn| {
        Ok(db::audit::latest_in_region(conn, &region, 300)?)
    })
    .await?;
    render(&state, &req, "admin/audit.html", &AuditPage { events })
}
