//! The partner's list of requests (the référent's inbox is in `web::backoffice`).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, Utc};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::calendar::DeadlineStatus;
use crate::domain::request::{ReferralState, RequestKind};
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Serialize)]
struct Row {
    id: String,
    number: String,
    kind_label: &'static str,
    departement: Option<String>,
    state_label: &'static str,
    badge: &'static str,
    due: Option<NaiveDateTime>,
    deadline_label: &'static str,
    deadline_badge: &'static str,
}

fn deadline(status: Option<DeadlineStatus>) -> (&'static str, &'static str) {
    match status {
        Some(DeadlineStatus::OnTime) => ("Dans les délais", "fr-badge--success"),
        Some(DeadlineStatus::DueSoon) => ("Échéance proche", "fr-badge--warning"),
        Some(DeadlineStatus::Overdue) => ("En retard", "fr-badge--error"),
        None => ("—", ""),
    }
}

#[derive(Serialize)]
struct InboxPage {
    title: &'static str,
    rows: Vec<Row>,
}

pub async fn partner(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    let deadlines = state.settings.deadlines;
    let rows = db::run(&state.pool, move |conn| {
        let now = Utc::now().naive_utc();
        Ok(
            db::requests::list_routed_to_institution(conn, &institution, 200)?
                .into_iter()
                .map(|(r, referral)| {
                    let st = referral.state.parse::<ReferralState>().ok();
                    let open = st.is_some_and(|s| s.is_open());
                    let (deadline_label, deadline_badge) = deadline(
                        referral
                            .due_at
                            .filter(|_| open)
                            .map(|d| deadlines.status(d, now)),
                    );
                    Row {
                        kind_label: r
                            .kind
                            .parse::<RequestKind>()
                            .map(|k| k.label())
                            .unwrap_or("Demande"),
                        state_label: st.map(|s| s.label()).unwrap_or("?"),
                        badge: st.map(|s| s.badge_class()).unwrap_or(""),
                        due: referral.due_at.filter(|_| open),
                        deadline_label,
                        deadline_badge,
                        departement: r.departement_code,
                        number: r.number,
                        id: r.id,
                    }
                })
                .collect(),
        )
    })
    .await?;
    render(
        &state,
        &req,
        "requests/inbox.html",
        &InboxPage {
            title: "Demandes transmises à mon institution",
            rows,
        },
    )
}
