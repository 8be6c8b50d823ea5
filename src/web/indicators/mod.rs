//! `/indicateurs`: the indicators of a région or a département, read from the snapshots the
//! background job stores (`jobs::indicators`), with charts, data tables, a map and a CSV export.

mod decision_sections;
mod sections;

use crate::domain::french;
use std::path::Path;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::policy::{self, Territory};
use crate::auth::Viewer;
use crate::db;
use crate::domain::account::Role;
use crate::domain::charts::{self, Area, MapLegend, Outline};
use crate::domain::civil_time::{day_fr, time_fr};
use crate::domain::indicators::{Report, Scope};
use crate::error::AppError;
use crate::web::page::{render, see_other};
use crate::web::AppState;

pub use sections::{csv, sections, Section};

/// The CSV's sections: the requests' then the decisions'.
fn all_sections(indicators: &crate::domain::indicators::Indicators) -> Vec<Section> {
    let mut all = sections(indicators);
    all.extend(decision_sections::decision_sections(indicators));
    all
}

/// The map's outlines and the lock that keeps one computation at a time.
pub struct IndicatorsState {
    pub outlines: Vec<Outline>,
    /// The snapshots' refresher, shared with the background job.
    pub refresher: std::sync::Arc<crate::jobs::indicators::Refresher>,
}

impl IndicatorsState {
    /// Reads the départements' outlines; without them the pages show the tables only.
    pub fn load(
        path: &Path,
        refresher: std::sync::Arc<crate::jobs::indicators::Refresher>,
    ) -> IndicatorsState {
        let outlines = match std::fs::read_to_string(path) {
            Ok(js) => Outline::parse_package(&js).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "contours des départements illisibles : carte désactivée");
                Vec::new()
            }),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "contours des départements absents (npm install dans assets/) : carte désactivée");
                Vec::new()
            }
        };
        IndicatorsState {
            outlines,
            refresher,
        }
    }
}

/// A territory the viewer may open, checked, with its stored report.
struct Loaded {
    report: Report,
    computed_at: NaiveDateTime,
    /// The territory of the viewer's institution (partner agents).
    institution: Option<(String, Option<String>)>,
}

fn territory<'a>(region: &'a str, departement: Option<&'a str>) -> Territory<'a> {
    Territory {
        region,
        departement,
    }
}

/// Checks existence and access, then reads the snapshot (computing it when missing).
async fn load(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    scope: Scope,
) -> Result<Loaded, AppError> {
    let key = scope.key();
    let wanted = key.clone();
    let who = viewer.clone();
    let (institution, stored) = db::run(&state.pool, move |conn| {
        let region = match &scope {
            Scope::Region(code) => db::indicators::region_exists(conn, code)?.then(|| code.clone()),
            Scope::Departement(code) => db::indicators::region_of_departement(conn, code)?,
        }
        .ok_or(AppError::NotFound)?;
        let institution = match (&who.role, &who.institution_id) {
            (Role::Partner, Some(id)) => db::indicators::institution_territory(conn, id)?
                .and_then(|(r, d)| r.map(|r| (r, d))),
            _ => None,
        };
        let departement = match &scope {
            Scope::Departement(code) => Some(code.as_str()),
            Scope::Region(_) => None,
        };
        policy::view_indicators(
            &who,
            territory(&region, departement),
            institution
                .as_ref()
                .map(|(r, d)| territory(r, d.as_deref())),
        )?;
        Ok((institution, db::indicators::snapshot(conn, &key)?))
    })
    .await?;
    let row = match stored {
        Some(row) => row,
        None => {
            state
                .indicators
                .refresher
                .snapshot_or_compute(wanted)
                .await?
        }
    };
    let report: Report = serde_json::from_str(&row.payload).map_err(|e| {
        AppError::Internal(anyhow::anyhow!("instantané {} illisible : {e}", row.scope))
    })?;
    Ok(Loaded {
        report,
        computed_at: row.computed_at,
        institution,
    })
}

#[derive(Serialize)]
struct Tile {
    label: &'static str,
    value: String,
    detail: String,
}

#[derive(Serialize)]
struct PartLink {
    code: String,
    name: String,
    requests: u64,
    href: Option<String>,
}

#[derive(Serialize)]
struct Page {
    title: String,
    level: &'static str,
    computed_day: String,
    computed_time: String,
    csv_href: String,
    region_href: Option<String>,
    tiles: Vec<Tile>,
    sections: Vec<Section>,
    /// The partner institutions' decisions, as tables.
    decisions: Vec<Section>,
    map: Option<String>,
    legend: Vec<MapLegend>,
    parts: Vec<PartLink>,
}

fn days_text(value: Option<u32>) -> String {
    match value {
        Some(1) => "1 jour".to_string(),
        Some(n) => format!("{n} jours"),
        None => "—".to_string(),
    }
}

fn tiles(report: &Report) -> Vec<Tile> {
    let i = &report.indicators;
    let share = |s: &crate::domain::indicators::Share| {
        s.percent()
            .map(|p| format!("{p} %"))
            .unwrap_or_else(|| "—".into())
    };
    vec![
        Tile {
            label: "Demandes déposées",
            value: french::count(i.total_requests()),
            detail: "Toutes périodes, brouillons exclus".into(),
        },
        Tile {
            label: "Premier retour d'une institution",
            value: days_text(i.first_answer.median()),
            detail: format!(
                "médiane ; 90e centile : {}",
                days_text(i.first_answer.p90())
            ),
        },
        Tile {
            label: "Clôture",
            value: days_text(i.closure.median()),
            detail: format!("médiane ; 90e centile : {}", days_text(i.closure.p90())),
        },
        Tile {
            label: "Réponses dans le délai",
            value: share(&i.referral_deadline),
            detail: format!(
                "qualification dans le délai : {}",
                share(&i.qualification_deadline)
            ),
        },
    ]
}

fn page(state: &AppState, viewer: &Viewer, scope: &Scope, loaded: Loaded) -> Page {
    let Loaded {
        report,
        computed_at,
        institution,
    } = loaded;
    let home = institution
        .as_ref()
        .map(|(r, d)| territory(r, d.as_deref()));
    let may_open = |code: &str| {
        policy::view_indicators(viewer, territory(&report.region, Some(code)), home).is_ok()
    };
    let parts: Vec<PartLink> = report
        .parts
        .iter()
        .map(|p| PartLink {
            code: p.code.clone(),
            name: p.name.clone(),
            requests: p.requests,
            href: may_open(&p.code).then(|| Scope::Departement(p.code.clone()).path()),
        })
        .collect();
    let areas: Vec<Area> = parts
        .iter()
        .filter_map(|p| {
            let outline = state
                .indicators
                .outlines
                .iter()
                .find(|o| o.code == p.code)?;
            Some(Area {
                outline,
                value: p.requests,
                href: p.href.clone(),
            })
        })
        .collect();
    let (map, legend) = charts::choropleth(
        "carte",
        &format!("Carte des demandes déposées par département — {}", report.name),
        "Chaque département est coloré selon son nombre de demandes (légende ci-dessous) et mène à sa page.",
        &areas,
    )
    .map_or((None, Vec::new()), |(svg, legend)| (Some(svg), legend));
    let region_href = match scope {
        Scope::Departement(_) => {
            let allowed =
                policy::view_indicators(viewer, territory(&report.region, None), home).is_ok();
            allowed.then(|| Scope::Region(report.region.clone()).path())
        }
        Scope::Region(_) => None,
    };
    Page {
        title: report.name.clone(),
        level: match scope {
            Scope::Region(_) => "Région",
            Scope::Departement(_) => "Département",
        },
        computed_day: day_fr(viewer.territory(), computed_at),
        computed_time: time_fr(viewer.territory(), computed_at),
        csv_href: format!("{}.csv", scope.path()),
        region_href,
        tiles: tiles(&report),
        sections: sections(&report.indicators),
        decisions: decision_sections::decision_sections(&report.indicators),
        map,
        legend,
        parts,
    }
}

/// `/indicateurs`: the viewer's own territory.
pub async fn index(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, AppError> {
    let scope = match (
        viewer.role,
        viewer.region_code.clone(),
        viewer.institution_id.clone(),
    ) {
        (Role::Admin | Role::Referent, Some(region), _) => Scope::Region(region),
        (Role::Referent, None, _) => viewer
            .departements
            .first()
            .map(|d| Scope::Departement(d.clone()))
            .ok_or(AppError::NotFound)?,
        (Role::Partner, _, Some(id)) => {
            let home = db::run(&state.pool, move |conn| {
                Ok(db::indicators::institution_territory(conn, &id)?)
            })
            .await?;
            match home {
                Some((_, Some(d))) => Scope::Departement(d),
                Some((Some(r), None)) => Scope::Region(r),
                _ => return Err(AppError::NotFound),
            }
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(see_other(&scope.path()))
}

async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    scope: Option<Scope>,
) -> Result<HttpResponse, AppError> {
    let scope = scope.ok_or(AppError::NotFound)?;
    let loaded = load(&state, &viewer, scope.clone()).await?;
    let page = page(&state, &viewer, &scope, loaded);
    render(&state, &req, "indicators/page.html", &page)
}

async fn export(
    state: web::Data<AppState>,
    viewer: Viewer,
    scope: Option<Scope>,
) -> Result<HttpResponse, AppError> {
    let scope = scope.ok_or(AppError::NotFound)?;
    let loaded = load(&state, &viewer, scope.clone()).await?;
    let heading = [
        format!("Indicateurs du guichet — {}", loaded.report.name),
        format!(
            "Données arrêtées le {} à {}",
            day_fr(viewer.territory(), loaded.computed_at),
            time_fr(viewer.territory(), loaded.computed_at)
        ),
    ];
    let body = csv(&heading, &all_sections(&loaded.report.indicators));
    let name = scope.key().replace(':', "-");
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"indicateurs-{name}.csv\""),
        ))
        .body(body))
}

pub async fn region(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(state, req, viewer, Scope::region(&code)).await
}

pub async fn region_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    export(state, viewer, Scope::region(&code)).await
}

pub async fn departement(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show(state, req, viewer, Scope::departement(&code)).await
}

pub async fn departement_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    export(state, viewer, Scope::departement(&code)).await
}
