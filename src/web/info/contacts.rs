//! "Qui contacter ?": `/qui-contacter?commune=<INSEE or name>&profession=<slug>`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::regional::{self, RegionalView};
use super::{profession_choices, Choice};
use crate::auth::MaybeViewer;
use crate::db;
use crate::domain::commune_search::{CommuneHit, Resolved};
use crate::domain::contacts::{display_rank, handles, is_competent, InstitutionPlace, Place};
use crate::domain::content::regional::TextKey;
use crate::domain::institution::InstitutionKind;
use crate::domain::profession::Profession;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::render_with_status;
use crate::web::AppState;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ContactQuery {
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub profession: String,
    /// The région chosen on an information page (the commune's région wins).
    #[serde(default)]
    pub region: String,
}

#[derive(Serialize)]
struct Contact {
    name: String,
    kind_label: &'static str,
    handles: &'static str,
    email: String,
    phone: String,
}

#[derive(Serialize)]
struct CommuneChoice {
    insee: String,
    label: String,
    href: String,
}

#[derive(Serialize)]
struct ContactsPage {
    form: FormState,
    professions: Vec<Choice>,
    commune_label: Option<String>,
    profession_label: Option<&'static str>,
    choices: Vec<CommuneChoice>,
    contacts: Vec<Contact>,
    searched: bool,
    /// The introduction: the région's version, else the national text.
    intro_html: String,
    region: RegionalView,
}

fn label_of(hit: &CommuneHit) -> String {
    format!("{} ({})", hit.name, hit.departement)
}

/// The commune typed ([`CommuneIndex::resolve`]), with this page's words when it is not one.
enum Found<'a> {
    One(&'a CommuneHit),
    Several(Vec<&'a CommuneHit>),
    Unknown(String),
}

fn resolve<'a>(state: &'a AppState, typed: &str) -> Found<'a> {
    match state.communes.resolve(typed) {
        Resolved::One(hit) => Found::One(hit),
        Resolved::Several(hits) | Resolved::SameName(hits) => Found::Several(hits),
        Resolved::UnknownCode(code) => Found::Unknown(format!(
            "Aucune commune ne porte le code INSEE {code}. Vérifiez le code, ou tapez le nom de la commune."
        )),
        Resolved::NoMatch => Found::Unknown(format!(
            "Aucune commune ne correspond à « {} ». Vérifiez l'orthographe ou indiquez le code INSEE.",
            typed.trim()
        )),
    }
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
    query: web::Query<ContactQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let commune_region = match query.commune.trim() {
        "" => None,
        typed => match resolve(&state, typed) {
            Found::One(hit) => Some(hit.region.clone()),
            _ => None,
        },
    };
    let mut region = regional::for_visitor(
        &state,
        viewer.0.as_ref(),
        commune_region,
        Some(query.region.clone()),
        TextKey::ContactsIntro,
    )
    .await?;
    let intro_html = region
        .html
        .take()
        .unwrap_or_else(|| state.library.contacts_intro().html.clone());
    let mut page = ContactsPage {
        form: FormState::with_values(&query),
        professions: profession_choices(),
        commune_label: None,
        profession_label: None,
        choices: Vec::new(),
        contacts: Vec::new(),
        searched: false,
        intro_html,
        region,
    };
    let render_page = |page: &ContactsPage, status| {
        render_with_status(&state, &req, status, "info/contacts.html", page)
    };
    if query.commune.trim().is_empty() && query.profession.trim().is_empty() {
        return render_page(&page, StatusCode::OK);
    }
    page.searched = true;
    let profession = query.profession.parse::<Profession>().ok();
    if profession.is_none() {
        page.form = page
            .form
            .error("profession", "Choisissez votre profession.");
    }
    if query.commune.trim().is_empty() {
        page.form = page.form.error(
            "commune",
            "Indiquez la commune d'exercice (nom ou code INSEE).",
        );
    }
    let Some(profession) = profession.filter(|_| !page.form.has_errors()) else {
        return render_page(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    page.profession_label = Some(profession.label());
    let commune = match resolve(&state, &query.commune) {
        Found::One(hit) => hit.clone(),
        Found::Several(hits) => {
            page.choices = hits
                .into_iter()
                .map(|h| CommuneChoice {
                    insee: h.insee.clone(),
                    label: label_of(h),
                    href: format!(
                        "/qui-contacter?commune={}&profession={}",
                        h.insee,
                        profession.slug()
                    ),
                })
                .collect();
            return render_page(&page, StatusCode::OK);
        }
        Found::Unknown(message) => {
            page.form = page.form.error("commune", message);
            return render_page(&page, StatusCode::NOT_FOUND);
        }
    };
    page.commune_label = Some(label_of(&commune));
    let region = commune.region.clone();
    let institutions = db::run(&state.pool, move |conn| {
        Ok(db::institutions::list_in_region(conn, &region)?)
    })
    .await?;
    let place = Place {
        departement_code: &commune.departement,
        region_code: &commune.region,
    };
    let mut found: Vec<(InstitutionKind, Contact)> = institutions
        .into_iter()
        .filter_map(|i| {
            let kind = i.kind;
            let inst = InstitutionPlace {
                kind,
                region_code: i.region_code.as_deref(),
                departement_code: i.departement_code.as_deref(),
                profession: i.profession,
            };
            is_competent(inst, place, profession).then(|| {
                (
                    kind,
                    Contact {
                        name: i.name.clone(),
                        kind_label: kind.label(),
                        handles: handles(kind),
                        email: i.email.clone(),
                        phone: i.phone.clone(),
                    },
                )
            })
        })
        .collect();
    found.sort_by(|a, b| {
        display_rank(a.0)
            .cmp(&display_rank(b.0))
            .then(a.1.name.cmp(&b.1.name))
    });
    page.contacts = found.into_iter().map(|(_, c)| c).collect();
    render_page(&page, StatusCode::OK)
}
