//! `POST /api/v1/eligibility`, and what it shares with the simulator page: the zone of the
//! practice (given directly, or looked up from the commune's zonage on the date).

use crate::domain::french;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::value::RawValue;

use super::live_catalogue::Snapshot;
use super::AppState;
use crate::domain::civil_time::{self, Territory};
use crate::domain::eligibility::{
    evaluate, parse_json, AidResult, AidStatus, AmountResult, EligibilityQuery, Input, LegalRef,
    Place, SuccessorRef,
};
use crate::domain::zone::{Tri, ZoneSet};
use crate::error::{AppError, FieldError};

/// The zone used for the answer and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneAnswer {
    /// The categories the practice may be in.
    pub possible: ZoneSet,
    /// French, on the profession's scale: "très sous-dotée", "ZIP ou ZAC", "hors ZIP (…)".
    pub label: String,
    /// French: the zonage's source and period, or "given in the request".
    pub source: String,
}

/// Today, for requests that give no date: the civil date of the commune's territory (of
/// metropolitan France without a commune).
pub fn today(state: &AppState, commune: Option<&str>) -> NaiveDate {
    let territory = commune
        .and_then(|insee| state.communes.get(insee.trim()))
        .map_or(Territory::Metropole, |c| {
            Territory::of_departement(&c.departement)
        });
    civil_time::today(territory, state.clock.now())
}

/// Fills the profile's zone: `zone` wins; otherwise the zonage of `commune` for the profession
/// on the date (unknown when no zonage is in force). A well-formed INSEE code that no commune
/// has is a 422 "commune inconnue".
pub async fn resolve_zone(
    state: &AppState,
    query: &mut EligibilityQuery,
) -> Result<Option<ZoneAnswer>, AppError> {
    // The territory of the practice, for regional and local aids (an arrondissement stands for
    // its commune).
    if let Some(hit) = query.commune.as_deref().and_then(|i| state.communes.get(i)) {
        query.profile.place = Some(Place {
            commune: hit.parent.clone().unwrap_or_else(|| hit.insee.clone()),
            departement: hit.departement.clone(),
            region: hit.region.clone(),
        });
    }
    if let Some(zone) = query.profile.zone {
        let label = match query.profile.profession {
            Some(profession) => zone.description_for(profession),
            None => zone.description(),
        };
        return Ok(Some(ZoneAnswer {
            possible: zone,
            label,
            source: "Zone indiquée dans la demande.".to_string(),
        }));
    }
    let Some(insee) = query.commune.clone() else {
        return Ok(None);
    };
    let Some(commune) = state.communes.get(&insee) else {
        return Err(AppError::Validation(vec![FieldError::new(
            "commune",
            format!("Commune inconnue : aucune commune n'a le code INSEE {insee}."),
        )]));
    };
    let Some(profession) = query.profile.profession else {
        return Ok(None);
    };
    let zonages = state.zonages.index();
    let found = zonages.zone_of_commune(&insee, profession, query.date);
    Ok(found.map(|z| {
        query.profile.zone = Some(z.zone);
        let period = match z.valid_to {
            Some(to) => format!("du {} au {}", french::date(z.valid_from), french::date(to)),
            None => format!("en vigueur depuis le {}", french::date(z.valid_from)),
        };
        ZoneAnswer {
            possible: z.zone,
            label: z.zone.description_for(profession),
            source: format!(
                "Zonage {} de {} ({period}) : {}",
                profession.label().to_lowercase(),
                commune.name,
                z.source
            ),
        }
    }))
}

#[derive(Serialize)]
struct ApiVersion {
    from: NaiveDate,
    to: Option<NaiveDate>,
}

#[derive(Serialize)]
struct ApiCriterion<'a> {
    id: &'a str,
    result: Tri,
    explanation: &'a str,
}

#[derive(Serialize)]
struct ApiAid<'a> {
    code: &'a str,
    name: &'a str,
    status: AidStatus,
    /// One French sentence explaining the status (for `announced`: what is expected and when).
    summary: &'a str,
    version: Option<ApiVersion>,
    amount: Option<&'a AmountResult>,
    criteria: Vec<ApiCriterion<'a>>,
    missing: &'a [Input],
    successor: Option<&'a SuccessorRef>,
    legal_refs: Sources<'a>,
}

/// A version's sources: their JSON prepared with the catalogue, or written now.
#[derive(Serialize)]
#[serde(untagged)]
enum Sources<'a> {
    Prepared(&'a RawValue),
    Written(&'a [LegalRef]),
}

impl<'a> ApiAid<'a> {
    fn new(r: &'a AidResult, snapshot: &'a Snapshot) -> Self {
        ApiAid {
            code: &r.code,
            name: &r.name,
            status: r.status,
            summary: &r.summary,
            version: r.version.as_ref().map(|v| ApiVersion {
                from: v.from,
                to: v.to,
            }),
            amount: r.amount.as_ref(),
            criteria: r
                .criteria
                .iter()
                .map(|c| ApiCriterion {
                    id: &c.id,
                    result: c.result,
                    explanation: &c.explanation,
                })
                .collect(),
            missing: &r.missing,
            successor: r.successor.as_ref(),
            legal_refs: match snapshot.sources_json(&r.legal_refs) {
                Some(json) => Sources::Prepared(json),
                None => Sources::Written(&r.legal_refs),
            },
        }
    }
}

/// A question the answer still needs: its field, French label and why it is asked.
#[derive(Serialize)]
struct ApiQuestion {
    field: Input,
    label: &'static str,
    explanation: &'static str,
}

#[derive(Serialize)]
struct ApiAnswer<'a> {
    date: NaiveDate,
    zone: Option<ZoneAnswer>,
    aids: Vec<ApiAid<'a>>,
    /// Every input missing for some aid, in canonical order, with its label and explanation.
    questions: Vec<ApiQuestion>,
}

fn questions(results: &[AidResult]) -> Vec<ApiQuestion> {
    Input::ALL
        .iter()
        .filter(|i| results.iter().any(|r| r.missing.contains(i)))
        .map(|i| ApiQuestion {
            field: *i,
            label: i.label(),
            explanation: i.explanation(),
        })
        .collect()
}

/// `POST /api/v1/eligibility`: JSON profile in, every aid's answer out.
pub async fn api(
    state: web::Data<AppState>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let on = today(&state, body.get("commune").and_then(|c| c.as_str()));
    let mut query = parse_json(&body, on).map_err(AppError::Validation)?;
    let zone = resolve_zone(&state, &mut query).await?;
    let snapshot = state.catalogue.snapshot();
    let results = evaluate(&snapshot.catalogue, &query.profile, query.date);
    let answer = ApiAnswer {
        date: query.date,
        zone,
        aids: results.iter().map(|r| ApiAid::new(r, &snapshot)).collect(),
        questions: questions(&results),
    };
    // An answer for every aid is about 40 kB: one allocation instead of a dozen regrowths.
    let mut body = Vec::with_capacity(ANSWER_CAPACITY);
    serde_json::to_writer(&mut body, &answer)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("réponse d'éligibilité : {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(body))
}

/// Initial size of an answer's buffer (the 32 aids of December 2026 take 37 to 40 kB).
const ANSWER_CAPACITY: usize = 64 * 1024;
