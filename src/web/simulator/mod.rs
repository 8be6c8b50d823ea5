//! `GET /simulateur`: the form, and with its GET parameters (a shareable URL) the answer for
//! every aid. Works without JavaScript; `app.js` only adds commune suggestions.

mod form;
mod trial;

use crate::domain::french;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::communes::{arrondissement_choices, resolve_with_arrondissement, ArrondissementChoice};
use super::eligibility::{resolve_zone, today, ZoneAnswer};
use super::page::render_with_status;
use super::AppState;
use crate::auth::session::MaybeViewer;
use crate::domain::eligibility::{
    evaluate, inputs_that_matter, parse_date_text, parse_fields, AidResult, AidStatus, LegalRef,
    SuccessorRef,
};
use crate::domain::profile::ProfileField;
use crate::domain::zone::Tri;
use crate::error::{AppError, FieldError};
use crate::web::account::profession::{current_of, fill_defaults};
use form::{field_names, fieldsets, shown, FieldsetView};

#[derive(Serialize)]
struct CriterionView<'a> {
    result: Tri,
    result_label: &'static str,
    explanation: &'a str,
}

#[derive(Serialize)]
struct AidCard<'a> {
    code: &'a str,
    name: &'a str,
    status: AidStatus,
    status_label: &'static str,
    badge: &'static str,
    summary: &'a str,
    version: Option<String>,
    amount: Option<&'a str>,
    amount_for_you: Option<&'a str>,
    commitments: &'a [String],
    instructed_by: Vec<&'static str>,
    criteria: Vec<CriterionView<'a>>,
    missing: Vec<&'static str>,
    successor: Option<&'a SuccessorRef>,
    legal_refs: &'a [LegalRef],
}

#[derive(Serialize)]
struct Results<'a> {
    date: String,
    commune: Option<String>,
    zone: Option<ZoneAnswer>,
    counts: Vec<(&'static str, usize)>,
    aids: Vec<AidCard<'a>>,
    /// The query string of this result: `/simulateur?<share_query>` reproduces it.
    share_query: String,
    /// `simulation=<share_query>`, encoded, for the "Déposer une demande" links.
    simulation_param: String,
}

#[derive(Serialize)]
struct SimulatorPage<'a> {
    fieldsets: Vec<FieldsetView>,
    errors: Vec<FieldError>,
    results: Option<Results<'a>>,
    /// When the commune is Paris, Lyon or Marseille: its arrondissements, for
    /// `partials/arrondissement_select.html`.
    arrondissements: Vec<ArrondissementChoice>,
    /// JSON: for each `profession|situation`, the fields that matter (space-separated); the
    /// browser hides the others (`app.js`). Without JavaScript every question stays.
    questions: String,
    /// A regional rule an admin is trying before publishing it.
    trial: Option<trial::Trial>,
}

fn card(r: &AidResult) -> AidCard<'_> {
    AidCard {
        code: &r.code,
        name: &r.name,
        status: r.status,
        status_label: r.status.label(),
        badge: match r.status {
            AidStatus::Eligible => "fr-badge--success",
            AidStatus::Ineligible => "fr-badge--error",
            AidStatus::NeedsInfo => "fr-badge--warning",
            AidStatus::Announced => "fr-badge--new",
            AidStatus::Closed => "fr-badge--info",
        },
        summary: &r.summary,
        version: r.version.as_ref().map(|v| {
            let period = match v.to {
                Some(to) => format!("du {} au {}", french::date(v.from), french::date(to)),
                None => format!("depuis le {}", french::date(v.from)),
            };
            format!("{}, en vigueur {period}", v.label)
        }),
        amount: r.amount.as_ref().map(|a| &*a.text),
        amount_for_you: r.amount.as_ref().and_then(|a| a.computed.as_deref()),
        commitments: &r.commitments,
        instructed_by: r.instructed_by.iter().map(|i| i.label()).collect(),
        criteria: r
            .criteria
            .iter()
            .map(|c| CriterionView {
                result: c.result,
                result_label: match c.result {
                    Tri::Met => "Critère rempli",
                    Tri::NotMet => "Critère non rempli",
                    Tri::Unknown => "À préciser",
                },
                explanation: &c.explanation,
            })
            .collect(),
        missing: r.missing.iter().map(|i| i.label()).collect(),
        successor: r.successor.as_ref(),
        legal_refs: &r.legal_refs,
    }
}

/// Eligible first, then to be completed, announced, not eligible, closed.
fn rank(status: AidStatus) -> u8 {
    match status {
        AidStatus::Eligible => 0,
        AidStatus::NeedsInfo => 1,
        AidStatus::Announced => 2,
        AidStatus::Ineligible => 3,
        AidStatus::Closed => 4,
    }
}

/// The simulator's names of the profile's fields.
const PROFILE_NAMES: &[(ProfileField, &str)] = &[
    (ProfileField::Profession, "profession"),
    (ProfileField::Situation, "situation"),
    (ProfileField::StudyYear, "study_year"),
    (ProfileField::InstallationDate, "installed_on"),
    (ProfileField::InstallationCommune, "commune"),
];

/// `GET /simulateur`: the form (prefilled by the parameters of a link), or, when the form was
/// submitted (`profession` and `situation` present, even empty), the answers or the errors beside the fields.
pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<Vec<(String, String)>>,
    viewer: MaybeViewer,
) -> Result<HttpResponse, AppError> {
    let mut pairs = params.into_inner();
    // Opened without parameters by a professional: their current profile as the defaults (the
    // form prefilled, not yet submitted).
    let bare = pairs.is_empty();
    if bare {
        if let Some(viewer) = viewer.0.as_ref() {
            if let Some(profile) = current_of(&state, viewer).await? {
                fill_defaults(&mut pairs, &profile, PROFILE_NAMES, "%Y-%m-%d");
            }
        }
    }
    let (catalogue, trial) = trial::catalogue_for(&state, viewer.0.as_ref(), &mut pairs).await?;
    let value_of = |pairs: &[(String, String)], name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let date = parse_date_text(&value_of(&pairs, "date"))
        .ok()
        .flatten()
        .unwrap_or_else(|| today(&state, None));
    let matter = inputs_that_matter(catalogue.aids(), date);
    let questions = serde_json::to_string(&crate::domain::eligibility::questions::table(
        &catalogue,
        date,
        &field_names(),
        shown,
    ))
    .unwrap_or_default();
    let typed = pairs.clone();
    let form = |errors: &[FieldError]| fieldsets(|name| value_of(&typed, name), errors, &matter);
    // The form always sends `profession` and `situation`; a link without one of them (a home
    // page tile, an information page's "vérifier mes aides") only prefills.
    let submitted = !bare
        && ["profession", "situation"]
            .iter()
            .all(|name| pairs.iter().any(|(k, _)| k == name));
    if !submitted {
        let page = SimulatorPage {
            fieldsets: form(&[]),
            errors: Vec::new(),
            results: None,
            arrondissements: Vec::new(),
            questions,
            trial,
        };
        return render_with_status(&state, &req, StatusCode::OK, "simulateur.html", &page);
    }

    // The commune may be typed as a name or picked from the suggestions: keep its INSEE code.
    let mut errors = Vec::new();
    let mut commune_label = None;
    let mut arrondissements = Vec::new();
    let chosen = pairs
        .iter()
        .find(|(k, _)| k == "arrondissement")
        .map(|(_, v)| v.clone());
    if let Some((_, typed)) = pairs.iter_mut().find(|(k, _)| k == "commune") {
        if !typed.trim().is_empty() {
            match resolve_with_arrondissement(&state.communes, typed, chosen.as_deref()) {
                Ok(hit) => {
                    commune_label = Some(format!("{} ({})", hit.name, hit.insee));
                    arrondissements = arrondissement_choices(&state.communes, hit);
                    *typed = hit.insee.clone();
                }
                Err(message) => {
                    errors.push(FieldError::new("commune", message));
                    typed.clear();
                }
            }
        }
    }
    let on = today(&state, Some(value_of(&pairs, "commune").as_str()));
    let parsed = match parse_fields(&pairs[..], on) {
        Ok(query) => Some(query),
        Err(field_errors) => {
            errors.extend(field_errors);
            None
        }
    };
    let mut query = match parsed {
        Some(query) if errors.is_empty() => query,
        _ => {
            let page = SimulatorPage {
                fieldsets: form(&errors),
                errors,
                results: None,
                arrondissements,
                questions,
                trial,
            };
            return render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "simulateur.html",
                &page,
            );
        }
    };
    let zone = resolve_zone(&state, &mut query).await?;
    let mut results = evaluate(&catalogue, &query.profile, query.date);
    results.sort_by_key(|r| rank(r.status));
    let counts = [
        AidStatus::Eligible,
        AidStatus::NeedsInfo,
        AidStatus::Announced,
        AidStatus::Ineligible,
        AidStatus::Closed,
    ]
    .into_iter()
    .map(|s| (s.label(), results.iter().filter(|r| r.status == s).count()))
    .filter(|(_, n)| *n > 0)
    .collect();
    let page = SimulatorPage {
        arrondissements,
        questions,
        trial,
        fieldsets: form(&[]),
        errors: Vec::new(),
        results: Some(Results {
            date: french::date(query.date),
            commune: commune_label,
            zone,
            counts,
            aids: results.iter().map(card).collect(),
            share_query: req.query_string().to_string(),
            simulation_param: serde_urlencoded::to_string([("simulation", req.query_string())])
                .unwrap_or_default(),
        }),
    };
    render_with_status(&state, &req, StatusCode::OK, "simulateur.html", &page)
}
