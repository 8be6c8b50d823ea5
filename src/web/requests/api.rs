//! The JSON API of requests (bearer tokens): a request and its timeline, with the same access
//! and need-to-know rules as the pages.

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::load;
use crate::auth::Viewer;
use crate::db;
use crate::error::AppError;
use crate::web::AppState;
use crate::workflow::access::audience;

pub async fn show(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let body = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        let audience = audience(&viewer, &loaded);
        let r = &loaded.request;
        let (mut decisions, outcome) = super::decisions::of_request(conn, &loaded, &audience)?;
        Ok(json!({
            "id": r.id, "number": r.number, "kind": r.kind, "aid_code": r.aid_code, "state": r.state,
            "priority": r.priority, "departement": r.departement_code, "submitted_at": r.submitted_at,
            "qualification_due_at": r.qualification_due_at,
            "outcome": outcome.map(|o| json!({ "outcome": o.outcome, "complete": o.complete })),
            "referrals": loaded.referrals.iter().filter(|f| audience.sees_referral(&f.id)).map(|f| json!({
                "id": f.id, "institution_id": f.institution_id, "institution_kind": f.institution_kind,
                "state": f.state, "due_at": f.due_at, "routed": f.started_at.is_some(),
                "decision": decisions.remove(&f.id).map(|d| json!({
                    "outcome": d.outcome, "amount_cents": d.amount_cents, "signed_on": d.signed_on,
                    "file_number": d.file_number, "document_id": d.document.map(|(id, _)| id),
                })),
            })).collect::<Vec<_>>(),
        }))
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

pub async fn timeline(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let events = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        let audience = audience(&viewer, &loaded);
        Ok(db::timeline::events(conn, &loaded.request.id, true)?
            .into_iter()
            .filter(|e| audience.sees_event(e.kind, e.referral_id.as_deref(), e.internal))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(events))
}
