//! `GET /aides` (the catalogue) and `GET /aides/{code}` (an aid and the history of its
//! versions), straight from the rule files loaded at start-up.

use crate::domain::french;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;

use super::eligibility::today;
use super::page::render;
use super::AppState;
use crate::domain::eligibility::{Aid, LegalRef, Version};
use crate::error::AppError;

#[derive(Serialize)]
struct AidSummary<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
    in_force: bool,
    /// "En vigueur depuis le …" or "Fermé depuis le …".
    state: String,
    successor: Option<&'a str>,
}

#[derive(Serialize)]
struct CataloguePage<'a> {
    today: String,
    aids: Vec<AidSummary<'a>>,
}

fn state_of(aid: &Aid, on: NaiveDate) -> (bool, String) {
    if let Some(v) = aid.announced_on(on) {
        return match &v.announced {
            Some(note) => (false, format!("Annoncé, pas encore applicable : {note}")),
            None => (
                false,
                format!("Adopté, en vigueur à partir du {}", french::date(v.from)),
            ),
        };
    }
    if let Some(v) = aid.version_on(on) {
        return (
            true,
            format!("En vigueur depuis le {}", french::date(v.from)),
        );
    }
    match (aid.last_version_before(on), aid.versions.first()) {
        (Some(last), _) => {
            let end = last.to.and_then(|d| d.succ_opt()).unwrap_or(on);
            (false, format!("Fermé depuis le {}", french::date(end)))
        }
        (None, Some(first)) => (
            false,
            format!("En vigueur à partir du {}", french::date(first.from)),
        ),
        (None, None) => (false, "Aucune version".to_string()),
    }
}

/// `GET /aides`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let catalogue = state.catalogue.current();
    let aids = catalogue
        .aids()
        .iter()
        .map(|aid| {
            let (in_force, state) = state_of(aid, today(&state, None));
            AidSummary {
                code: &aid.code,
                name: &aid.name,
                description: &aid.description,
                in_force,
                state,
                successor: aid.successor.as_deref(),
            }
        })
        .collect();
    let page = CataloguePage {
        today: french::date(today(&state, None)),
        aids,
    };
    render(&state, &req, "aides/list.html", &page)
}

#[derive(Serialize)]
struct CriterionView<'a> {
    id: &'a str,
    description: String,
}

#[derive(Serialize)]
struct VersionView<'a> {
    label: &'a str,
    period: String,
    in_force: bool,
    changes: Option<&'a str>,
    criteria: Vec<CriterionView<'a>>,
    amount: &'a str,
    commitments: &'a [String],
    legal_refs: &'a [LegalRef],
    last_checked: String,
}

#[derive(Serialize)]
struct SuccessorView<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct AidPage<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
    state: String,
    in_force: bool,
    instructed_by: Vec<&'static str>,
    successor: Option<SuccessorView<'a>>,
    closed_note: Option<&'a str>,
    versions: Vec<VersionView<'a>>,
}

fn version_view(v: &Version, on: NaiveDate) -> VersionView<'_> {
    let period = match v.to {
        Some(to) => format!("du {} au {}", french::date(v.from), french::date(to)),
        None => format!("depuis le {}", french::date(v.from)),
    };
    VersionView {
        label: &v.label,
        period,
        in_force: v.in_force(on),
        changes: v.changes.as_deref(),
        criteria: v
            .criteria
            .iter()
            .map(|c| CriterionView {
                id: &c.id,
                description: sentence_case(&c.when.describe()),
            })
            .collect(),
        amount: &v.amount.text,
        commitments: &v.commitments,
        legal_refs: &v.legal_refs,
        last_checked: french::date(v.last_checked),
    }
}

/// "profession : médecin" → "Profession : médecin".
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `GET /aides/{code}`: unknown code → 404.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let catalogue = state.catalogue.current();
    let aid = catalogue.get(&code).ok_or(AppError::NotFound)?;
    let (in_force, aid_state) = state_of(aid, today(&state, None));
    let page = AidPage {
        code: &aid.code,
        name: &aid.name,
        description: &aid.description,
        state: aid_state,
        in_force,
        instructed_by: aid.instructed_by.iter().map(|i| i.label()).collect(),
        successor: aid.successor.as_deref().map(|code| SuccessorView {
            code,
            name: catalogue.get(code).map_or(code, |s| s.name.as_str()),
        }),
        closed_note: aid.closed_note.as_deref(),
        versions: aid
            .versions
            .iter()
            .rev()
            .map(|v| version_view(v, today(&state, None)))
            .collect(),
    };
    render(&state, &req, "aides/show.html", &page)
}
