//! The home page, the partner institutions page and the static information pages.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::page::render;
use super::AppState;
use crate::db::{self, institutions::Institution};
use crate::domain::institution::InstitutionKind;
use crate::error::AppError;

/// The région whose institutions the demo data describes (Provence-Alpes-Côte d'Azur).
pub const DEMO_REGION: &str = "93";

#[derive(Serialize)]
struct HomePage {
    communes: i64,
    institutions: i64,
    region_name: Option<String>,
}

pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let page = db::run(&state.pool, |conn| {
        Ok(HomePage {
            communes: db::territories::count_communes(conn)?,
            institutions: db::institutions::count(conn)?,
            region_name: db::territories::region_name(conn, DEMO_REGION)?,
        })
    })
    .await?;
    render(&state, &req, "home.html", &page)
}

#[derive(Serialize)]
struct InstitutionGroup {
    kind_label: &'static str,
    institutions: Vec<Institution>,
}

#[derive(Serialize)]
struct InstitutionsPage {
    region_name: String,
    groups: Vec<InstitutionGroup>,
}

pub async fn institutions(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (region_name, list) = db::run(&state.pool, |conn| {
        Ok((
            db::territories::region_name(conn, DEMO_REGION)?.unwrap_or_default(),
            db::institutions::list_in_region(conn, DEMO_REGION)?,
        ))
    })
    .await?;
    let groups = InstitutionKind::ALL
        .iter()
        .copied()
        .filter_map(|kind| {
            let institutions: Vec<Institution> =
                list.iter().filter(|i| i.kind == kind).cloned().collect();
            (!institutions.is_empty()).then_some(InstitutionGroup {
                kind_label: kind.label(),
                institutions,
            })
        })
        .collect();
    render(
        &state,
        &req,
        "institutions.html",
        &InstitutionsPage {
            region_name,
            groups,
        },
    )
}

#[derive(Serialize)]
struct StaticPage {}

/// The « Données personnelles » page: the controller and DPO of this deployment, and the
/// retention periods it applies, read from the configuration.
#[derive(Serialize)]
struct PrivacyPage<'a> {
    privacy: &'a crate::config::PrivacySettings,
    retention: Vec<crate::domain::retention::RetentionLine>,
}

/// Accessibility statement, legal notice and personal data pages.
pub async fn static_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let template = match name.as_str() {
        "accessibilite" => "pages/accessibilite.html",
        "mentions-legales" => "pages/mentions-legales.html",
        "donnees-personnelles" => {
            let page = PrivacyPage {
                privacy: &state.settings.privacy,
                retention: state.settings.retention.policy.lines(),
            };
            return render(&state, &req, "pages/donnees-personnelles.html", &page);
        }
        _ => return Err(AppError::NotFound),
    };
    render(&state, &req, template, &StaticPage {})
}
