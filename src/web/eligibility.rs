//! `POST /api/v1/eligibility`, and what it shares with the simulator page: the zone of the
//! practice (given directly, or looked up from the commune's zonage on the date).

use crate::domain::french;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;

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
    #[serde(serialize_with = "iso_date")]
    from: NaiveDate,
    #[serde(serialize_with = "optional_iso_date")]
    to: Option<NaiveDate>,
}

/// `2026-12-06`, as chrono writes it, without going through `fmt` (seventy dates per answer).
fn iso_date<S: serde::Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    use chrono::Datelike;
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return serializer.collect_str(date);
    }
    let digits = |n: u32, out: &mut [u8]| {
        let mut n = n;
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    let mut text = *b"0000-00-00";
    digits(year.unsigned_abs(), &mut text[0..4]);
    digits(date.month(), &mut text[5..7]);
    digits(date.day(), &mut text[8..10]);
    match std::str::from_utf8(&text) {
        Ok(text) => serializer.serialize_str(text),
        Err(_) => serializer.collect_str(date),
    }
}

fn optional_iso_date<S: serde::Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => iso_date(date, serializer),
        None => serializer.serialize_none(),
    }
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
    legal_refs: &'a [LegalRef],
}

impl<'a> From<&'a AidResult> for ApiAid<'a> {
    fn from(r: &'a AidResult) -> Self {
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
            legal_refs: &r.legal_refs,
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
    #[serde(serialize_with = "iso_date")]
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
    let results = evaluate(&state.catalogue.current(), &query.profile, query.date);
    let answer = ApiAnswer {
        date: query.date,
        zone,
        aids: results.iter().map(ApiAid::from).collect(),
        questions: questions(&results),
    };
    // An answer for every aid is 25 to 40 kB of French text: sonic-rs escapes it with SIMD
    // (serde_json's byte-by-byte escaping was a tenth of the time, BENCHMARKS.md), into one
    // buffer instead of a dozen regrowths. Its output is byte-identical to serde_json's.
    let mut body = Vec::with_capacity(ANSWER_CAPACITY);
    sonic_rs::to_writer(&mut body, &answer)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("réponse d'éligibilité : {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(body))
}

/// Initial size of an answer's buffer (the 35 aids of December 2026 take 25 to 40 kB).
const ANSWER_CAPACITY: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::{Catalogue, Profile};
    use crate::domain::profession::{Profession, Situation};
    use crate::domain::zone::{ZoneCategory, ZoneSet};

    /// sonic-rs writes exactly what serde_json would, for every profession, situation and
    /// zone on dates across the versions (quotes, accents, apostrophes and `null`s included).
    #[test]
    fn answers_are_written_byte_for_byte_as_serde_json_would() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aides");
        let catalogue = Catalogue::load_dir(&dir).unwrap();
        let mut compared = 0;
        for date in ["2019-06-01", "2025-06-01", "2026-12-06"] {
            let on = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            for profession in Profession::ALL {
                for situation in Situation::ALL {
                    for zone in [ZoneCategory::Zip, ZoneCategory::TresSousDotee] {
                        let profile = Profile {
                            profession: Some(*profession),
                            situation: Some(*situation),
                            installed_on: on.checked_sub_days(chrono::Days::new(40)),
                            zone: Some(ZoneSet::only(zone)),
                            ..Profile::default()
                        };
                        let results = evaluate(&catalogue, &profile, on);
                        let answer = ApiAnswer {
                            date: on,
                            zone: None,
                            aids: results.iter().map(ApiAid::from).collect(),
                            questions: questions(&results),
                        };
                        let expected = serde_json::to_vec(&answer).unwrap();
                        let mut written = Vec::new();
                        sonic_rs::to_writer(&mut written, &answer).unwrap();
                        assert_eq!(written, expected, "{profession:?} {situation:?} {date}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 100);
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for text in [
            "0001-01-01",
            "1999-12-31",
            "2026-01-16",
            "2026-12-06",
            "9999-12-31",
        ] {
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
            let version = ApiVersion {
                from: date,
                to: Some(date),
            };
            let expected = format!(r#"{{"from":"{date}","to":"{date}"}}"#);
            assert_eq!(serde_json::to_string(&version).unwrap(), expected);
            let mut written = Vec::new();
            sonic_rs::to_writer(&mut written, &version).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
        let open = ApiVersion {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            to: None,
        };
        assert_eq!(
            serde_json::to_string(&open).unwrap(),
            r#"{"from":"2026-01-01","to":null}"#
        );
    }
}
