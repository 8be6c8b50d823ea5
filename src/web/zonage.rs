//! `GET /zonage?commune=&date=` (page, or JSON with `Accept: application/json`) and
//! `GET /api/v1/zonage?commune=&date=`: the zone of a commune per profession on a date, with
//! the source. No zonage in force is "inconnu", never "hors zone".

use actix_web::http::header::ACCEPT;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::communes::resolve;
use super::eligibility::today;
use super::page::render_with_status;
use super::AppState;
use crate::domain::eligibility::{french_date, parse_date_text};
use crate::domain::profession::Profession;
use crate::domain::zone::ZoneSet;
use crate::error::{AppError, FieldError};
use crate::seed::qpv::{self, Qpv};

#[derive(Deserialize)]
pub struct ZonageParams {
    #[serde(default)]
    commune: String,
    #[serde(default)]
    date: String,
}

#[derive(Serialize)]
struct CommuneInfo {
    insee: String,
    name: String,
    departement: String,
}

/// The zone of the commune for one profession; `zone` is null when no zonage is in force.
#[derive(Serialize)]
struct ProfessionZone {
    profession: Profession,
    profession_label: &'static str,
    zone: Option<ZoneSet>,
    /// French: "ZIP", "hors ZIP (ZAC, ZV, ZAR ou HZ)", or "inconnu".
    description: String,
    source: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    period: Option<String>,
}

#[derive(Serialize)]
struct ZonageAnswer {
    commune: CommuneInfo,
    date: NaiveDate,
    date_label: String,
    zones: Vec<ProfessionZone>,
    qpv: &'static [Qpv],
    qpv_source: Option<&'static str>,
}

#[derive(Serialize)]
struct ZonagePage<'a> {
    commune: &'a str,
    date: &'a str,
    commune_error: Option<String>,
    date_error: Option<String>,
    answer: Option<ZonageAnswer>,
}

/// The message of the first error on `name`.
pub fn error_of(errors: &[FieldError], name: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| e.message.clone())
}

/// Parses the parameters and looks the zones up; field errors are returned as `Validation`.
async fn answer(state: &AppState, params: &ZonageParams) -> Result<ZonageAnswer, AppError> {
    let mut errors = Vec::new();
    let date = match parse_date_text(&params.date) {
        Ok(date) => date.unwrap_or_else(|| today(state, Some(params.commune.as_str()))),
        Err(message) => {
            errors.push(FieldError::new("date", message));
            today(state, Some(params.commune.as_str()))
        }
    };
    let commune = if params.commune.trim().is_empty() {
        errors.push(FieldError::new(
            "commune",
            "Champ obligatoire : indiquez une commune (nom, code postal ou code INSEE).",
        ));
        None
    } else {
        match resolve(&state.communes, &params.commune) {
            Ok(hit) => Some(hit),
            Err(message) => {
                errors.push(FieldError::new("commune", message));
                None
            }
        }
    };
    let Some(commune) = commune.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let zonages = state.zonages.index();
    let found = zonages.zones_of_commune(&commune.insee, date);
    let zones = Profession::ALL
        .iter()
        .map(|&profession| {
            let z = found.iter().find(|z| z.profession == profession);
            ProfessionZone {
                profession,
                profession_label: profession.label(),
                zone: z.map(|z| z.zone),
                description: z.map_or("inconnu".to_string(), |z| z.zone.description()),
                source: z.map(|z| z.source.clone()),
                valid_from: z.map(|z| z.valid_from),
                valid_to: z.and_then(|z| z.valid_to),
                period: z.map(|z| match z.valid_to {
                    Some(to) => format!("du {} au {}", french_date(z.valid_from), french_date(to)),
                    None => format!("depuis le {}", french_date(z.valid_from)),
                }),
            }
        })
        .collect();
    let districts = qpv::of_commune(&commune.insee);
    Ok(ZonageAnswer {
        commune: CommuneInfo {
            insee: commune.insee.clone(),
            name: commune.name.clone(),
            departement: commune.departement.clone(),
        },
        date,
        date_label: french_date(date),
        zones,
        qpv: districts,
        qpv_source: (!districts.is_empty()).then_some(qpv::SOURCE),
    })
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `GET /api/v1/zonage`.
pub async fn api(
    state: web::Data<AppState>,
    params: web::Query<ZonageParams>,
) -> Result<HttpResponse, AppError> {
    let answer = answer(&state, &params).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `GET /zonage`: the form, and the answer when a commune is given.
pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ZonageParams>,
) -> Result<HttpResponse, AppError> {
    if wants_json(&req) {
        return api(state, params).await;
    }
    let asked = !params.commune.trim().is_empty() || !params.date.trim().is_empty();
    let (status, answer, errors) = if asked {
        match answer(&state, &params).await {
            Ok(answer) => (StatusCode::OK, Some(answer), Vec::new()),
            Err(AppError::Validation(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
            Err(other) => return Err(other),
        }
    } else {
        (StatusCode::OK, None, Vec::new())
    };
    let page = ZonagePage {
        commune: params.commune.trim(),
        date: params.date.trim(),
        commune_error: error_of(&errors, "commune"),
        date_error: error_of(&errors, "date"),
        answer,
    };
    render_with_status(&state, &req, status, "zonage.html", &page)
}
