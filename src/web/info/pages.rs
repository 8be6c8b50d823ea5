//! `/informations`, `/informations/{profession}`, `/informations/{profession}/{step}`.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::regional::{self, RegionalView};
use crate::auth::MaybeViewer;
use crate::domain::content::{aid_concerns, regional::TextKey, Source, Step};
use crate::domain::eligibility::Catalogue;
use crate::domain::profession::Profession;
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Serialize)]
struct Link {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct AidLink {
    code: String,
    name: String,
    in_force: bool,
}

#[derive(Serialize)]
struct StepCard {
    label: &'static str,
    slug: &'static str,
    title: String,
    summary: String,
}

fn parse_profession(slug: &str) -> Result<Profession, AppError> {
    slug.parse().map_err(|_| AppError::NotFound)
}

fn aid_links<'a>(
    catalogue: &Catalogue,
    codes: impl Iterator<Item = &'a str>,
    today: chrono::NaiveDate,
) -> Vec<AidLink> {
    codes
        .filter_map(|code| catalogue.get(code))
        .map(|aid| AidLink {
            code: aid.code.clone(),
            name: aid.name.clone(),
            in_force: aid.version_on(today).is_some(),
        })
        .collect()
}

/// The aids of the catalogue that may concern the profession.
fn aids_of(
    catalogue: &Catalogue,
    profession: Profession,
    today: chrono::NaiveDate,
) -> Vec<AidLink> {
    let codes: Vec<&str> = catalogue
        .aids()
        .iter()
        .filter(|a| aid_concerns(a, profession))
        .map(|a| a.code.as_str())
        .collect();
    aid_links(catalogue, codes.into_iter(), today)
}

#[derive(Serialize)]
struct ProfessionItem {
    slug: &'static str,
    label: &'static str,
    own_pages: bool,
}

#[derive(Serialize)]
struct IndexPage {
    professions: Vec<ProfessionItem>,
    steps: Vec<Link>,
}

pub async fn index(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let page = IndexPage {
        professions: Profession::ALL
            .iter()
            .map(|p| ProfessionItem {
                slug: p.slug(),
                label: p.label(),
                own_pages: state.library.has_own_pages(*p),
            })
            .collect(),
        steps: Step::ALL
            .iter()
            .map(|s| Link {
                label: s.label().to_string(),
                href: s.blurb().to_string(),
            })
            .collect(),
    };
    render(&state, &req, "info/index.html", &page)
}

#[derive(Serialize)]
struct ProfessionPage {
    slug: &'static str,
    label: &'static str,
    steps: Vec<StepCard>,
    aids: Vec<AidLink>,
}

pub async fn profession(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let profession = parse_profession(&path)?;
    let steps = Step::ALL
        .iter()
        .map(|step| {
            let own = state
                .library
                .page(profession, *step)
                .filter(|(_, own)| *own);
            StepCard {
                label: step.label(),
                slug: step.slug(),
                title: own.map_or_else(|| step.label().to_string(), |(p, _)| p.front.title.clone()),
                summary: own.map_or_else(
                    || step.blurb().to_string(),
                    |(p, _)| p.front.summary.clone(),
                ),
            }
        })
        .collect();
    let page = ProfessionPage {
        slug: profession.slug(),
        label: profession.label(),
        steps,
        aids: aids_of(
            &state.catalogue.current(),
            profession,
            crate::web::eligibility::today(&state, None),
        ),
    };
    render(&state, &req, "info/profession.html", &page)
}

#[derive(Serialize)]
struct StepPage {
    profession_slug: &'static str,
    profession_label: &'static str,
    step_slug: &'static str,
    step_label: &'static str,
    title: String,
    summary: String,
    own: bool,
    html: String,
    aids: Vec<AidLink>,
    presets: Vec<Link>,
    requests: Vec<Link>,
    sources: Vec<Source>,
    other_steps: Vec<Link>,
    /// The visitor's région, the choice of région, and whether the text is the région's.
    region: RegionalView,
    regional: bool,
}

/// `?region=<code>`: the région whose texts the visitor reads.
#[derive(Debug, Default, Deserialize)]
pub struct RegionQuery {
    #[serde(default)]
    pub region: String,
}

pub async fn step(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
    path: web::Path<(String, String)>,
    query: web::Query<RegionQuery>,
) -> Result<HttpResponse, AppError> {
    let (profession, step) = path.into_inner();
    let profession = parse_profession(&profession)?;
    let step: Step = step.parse().map_err(|_| AppError::NotFound)?;
    let (content, own) = state
        .library
        .page(profession, step)
        .ok_or(AppError::NotFound)?;
    let mut region = regional::for_visitor(
        &state,
        viewer.0.as_ref(),
        None,
        Some(query.into_inner().region),
        TextKey::Page(profession, step),
    )
    .await?;
    let regional_html = region.html.take();
    let region_suffix = region
        .region_code
        .as_ref()
        .map(|r| format!("?region={r}"))
        .unwrap_or_default();
    let front = &content.front;
    let aids = if own {
        aid_links(
            &state.catalogue.current(),
            front.aids.iter().map(String::as_str),
            crate::web::eligibility::today(&state, None),
        )
    } else {
        aids_of(
            &state.catalogue.current(),
            profession,
            crate::web::eligibility::today(&state, None),
        )
    };
    let mut presets: Vec<Link> = front
        .simulator
        .iter()
        .map(|p| Link {
            label: p.label.clone(),
            href: p.href(),
        })
        .collect();
    if presets.is_empty() {
        // The form prefilled with the profession; said plainly when no aid in force concerns it.
        let today = crate::web::eligibility::today(&state, None);
        let any_aid = aids_of(&state.catalogue.current(), profession, today)
            .iter()
            .any(|a| a.in_force);
        let label = if any_aid {
            format!("Vérifier mes aides ({})", profession.label().to_lowercase())
        } else {
            format!(
                "Ouvrir le simulateur (aucune aide nationale du catalogue pour la profession {})",
                profession.label().to_lowercase()
            )
        };
        presets.push(Link {
            label,
            href: format!("/simulateur?profession={}", profession.slug()),
        });
    }
    let page = StepPage {
        profession_slug: profession.slug(),
        profession_label: profession.label(),
        step_slug: step.slug(),
        step_label: step.label(),
        title: if own {
            front.title.clone()
        } else {
            format!("{} : {}", profession.label(), step.label().to_lowercase())
        },
        summary: front.summary.clone(),
        own,
        regional: regional_html.is_some(),
        html: regional_html.unwrap_or_else(|| content.html.clone()),
        aids,
        presets,
        requests: front
            .requests
            .iter()
            .map(|r| Link {
                label: r.label().to_string(),
                href: format!("/demandes/nouvelle?type={}", r.slug()),
            })
            .collect(),
        sources: front.sources.clone(),
        other_steps: Step::ALL
            .iter()
            .filter(|s| **s != step)
            .map(|s| Link {
                label: s.label().to_string(),
                href: format!(
                    "/informations/{}/{}{region_suffix}",
                    profession.slug(),
                    s.slug()
                ),
            })
            .collect(),
        region,
    };
    render(&state, &req, "info/step.html", &page)
}
