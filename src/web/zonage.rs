//! `GET /zonage?commune=&arrondissement=&profession=&date=` (page, or JSON with
//! `Accept: application/json`) and `GET /api/v1/zonage?commune=&profession=&date=`: the zone
//! of a commune (or municipal arrondissement) for one profession or every profession on a
//! date, on that profession's scale, with the source and the period. No zonage in force is
//! "inconnu", never "hors zone"; Paris, Lyon and Marseille answer from their arrondissements.

use crate::domain::french;
use actix_web::http::header::ACCEPT;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::communes::{arrondissement_choices, resolve_with_arrondissement, ArrondissementChoice};
use super::eligibility::today;
use super::page::render_with_status;
use super::AppState;
use crate::domain::eligibility::parse_date_text;
use crate::domain::profession::Profession;
use crate::domain::zonage::ZoneOfCommune;
use crate::domain::zone::{of_profession, ZoneCategory, ZoneSet};
use crate::error::{AppError, FieldError};
use crate::seed::qpv::{self, Qpv};
use crate::web::forms::FormState;

#[derive(Deserialize)]
pub struct ZonageParams {
    #[serde(default)]
    commune: String,
    /// The arrondissement select of the page (absent from the API).
    #[serde(default)]
    arrondissement: Option<String>,
    #[serde(default)]
    profession: String,
    #[serde(default)]
    date: String,
}

#[derive(Serialize)]
struct CommuneInfo {
    insee: String,
    name: String,
    departement: String,
    /// For a municipal arrondissement, its commune's INSEE code.
    parent: Option<String>,
}

/// One arrondissement's zone, when a commune is answered from its arrondissements.
#[derive(Serialize)]
struct ArrondissementZone {
    insee: String,
    name: String,
    zone: Option<ZoneSet>,
    description: String,
}

/// The zone of the commune for one profession; `zone` is null when no zonage is in force.
#[derive(Serialize)]
struct ProfessionZone {
    profession: Profession,
    profession_label: &'static str,
    /// Whether the profession has a zonage scale (not pharmaciens, orthoptistes, pédicures-podologues).
    has_scale: bool,
    zone: Option<ZoneSet>,
    /// The French labels of the categories, e.g. ["Zone très sous-dotée"].
    labels: Vec<&'static str>,
    /// French: "ZIP", "très sous-dotée", "ZIP ou ZAC selon l'arrondissement", "inconnu"…
    description: String,
    source: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    period: Option<String>,
    last_checked: Option<NaiveDate>,
    arrondissements: Vec<ArrondissementZone>,
}

#[derive(Serialize)]
struct ZonageAnswer {
    commune: CommuneInfo,
    date: NaiveDate,
    date_label: String,
    /// The profession asked for, if any (then `zones` has only its entry).
    profession: Option<Profession>,
    zones: Vec<ProfessionZone>,
    qpv: &'static [Qpv],
    qpv_source: Option<&'static str>,
    #[serde(skip)]
    arrondissement_choices: Vec<ArrondissementChoice>,
}

#[derive(Serialize)]
struct ZonagePage<'a> {
    commune: &'a str,
    profession: &'a str,
    date: &'a str,
    professions: Vec<(&'static str, &'static str)>,
    arrondissements: Vec<ArrondissementChoice>,
    /// The mistakes, beside their fields (the values are the three above).
    form: FormState,
    answer: Option<ZonageAnswer>,
}

fn profession_zone(
    state: &AppState,
    profession: Profession,
    found: Option<ZoneOfCommune>,
) -> ProfessionZone {
    let has_scale = !ZoneCategory::scale(profession).is_empty();
    let description = match &found {
        Some(z) => z.description(),
        None if has_scale => "inconnu".to_string(),
        None => format!(
            "sans objet : pas de zonage conventionnel {}",
            of_profession(profession)
        ),
    };
    let arrondissements = found
        .as_ref()
        .map(|z| {
            z.arrondissements
                .iter()
                .map(|(insee, zone)| ArrondissementZone {
                    name: state
                        .communes
                        .get(insee)
                        .map_or_else(|| insee.clone(), |a| a.name.clone()),
                    insee: insee.clone(),
                    zone: *zone,
                    description: zone
                        .map_or("inconnu".to_string(), |z| z.description_for(profession)),
                })
                .collect()
        })
        .unwrap_or_default();
    ProfessionZone {
        profession,
        profession_label: profession.label(),
        has_scale,
        zone: found.as_ref().map(|z| z.zone),
        labels: found
            .as_ref()
            .map(|z| z.zone.iter().map(ZoneCategory::label).collect())
            .unwrap_or_default(),
        description,
        source: found.as_ref().map(|z| z.source.clone()),
        valid_from: found.as_ref().map(|z| z.valid_from),
        valid_to: found.as_ref().and_then(|z| z.valid_to),
        period: found.as_ref().map(|z| match z.valid_to {
            Some(to) => format!("du {} au {}", french::date(z.valid_from), french::date(to)),
            None => format!("depuis le {}", french::date(z.valid_from)),
        }),
        last_checked: found.as_ref().and_then(|z| z.last_checked),
        arrondissements,
    }
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
    let profession = match params.profession.trim() {
        "" => None,
        typed => match typed.parse::<Profession>() {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(FieldError::new("profession", format!("{e}.")));
                None
            }
        },
    };
    let commune = if params.commune.trim().is_empty() {
        errors.push(FieldError::new(
            "commune",
            "Champ obligatoire : indiquez une commune (nom, code postal ou code INSEE).",
        ));
        None
    } else {
        let chosen = params.arrondissement.as_deref();
        match resolve_with_arrondissement(&state.communes, &params.commune, chosen) {
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
    let asked: Vec<Profession> = match profession {
        Some(p) => vec![p],
        None => Profession::ALL.to_vec(),
    };
    let zones = asked
        .into_iter()
        .map(|p| profession_zone(state, p, zonages.zone_of_commune(&commune.insee, p, date)))
        .collect();
    let districts = qpv::of_commune(commune.parent.as_deref().unwrap_or(&commune.insee));
    Ok(ZonageAnswer {
        commune: CommuneInfo {
            insee: commune.insee.clone(),
            name: commune.name.clone(),
            departement: commune.departement.clone(),
            parent: commune.parent.clone(),
        },
        date,
        date_label: french::date(date),
        profession,
        zones,
        qpv: districts,
        qpv_source: (!districts.is_empty()).then_some(qpv::SOURCE),
        arrondissement_choices: arrondissement_choices(&state.communes, commune),
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
    let asked = !params.commune.trim().is_empty()
        || !params.date.trim().is_empty()
        || !params.profession.trim().is_empty();
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
        profession: params.profession.trim(),
        date: params.date.trim(),
        professions: Profession::ALL
            .iter()
            .map(|p| (p.slug(), p.label()))
            .collect(),
        arrondissements: answer
            .as_ref()
            .map(|a| a.arrondissement_choices.clone())
            .unwrap_or_default(),
        form: FormState::default().with_errors(errors),
        answer,
    };
    render_with_status(&state, &req, status, "zonage.html", &page)
}
