//! `GET /api/v1/communes?q=`: the commune autocomplete, answered from the in-memory index.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::domain::commune_search::{CommuneHit, CommuneIndex, Resolved};

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

/// Up to ten communes matching a name prefix, a postal code or an INSEE code.
pub async fn search(state: web::Data<AppState>, params: web::Query<SearchParams>) -> HttpResponse {
    HttpResponse::Ok().json(state.communes.search(&params.q))
}

/// What a user typed in a commune field ([`CommuneIndex::resolve`]), or the French message
/// shown beside the field.
pub fn resolve<'a>(index: &'a CommuneIndex, typed: &str) -> Result<&'a CommuneHit, String> {
    match index.resolve(typed) {
        Resolved::One(hit) => Ok(hit),
        Resolved::SameName(hits) if !hits.is_empty() => Ok(hits[0]),
        Resolved::UnknownCode(code) => Err(format!(
            "Commune inconnue : aucune commune n'a le code INSEE {code}."
        )),
        Resolved::NoMatch => Err(format!(
            "Commune introuvable : « {} ». Saisissez le nom, le code postal ou le code INSEE.",
            typed.trim()
        )),
        Resolved::Several(_) | Resolved::SameName(_) => Err(format!(
            "Plusieurs communes correspondent à « {} » : choisissez-en une dans la liste ou saisissez son code INSEE.",
            typed.trim()
        )),
    }
}

/// [`resolve`], narrowed by the arrondissement select beside the field
/// ([`CommuneIndex::narrow_to_arrondissement`]).
pub fn resolve_with_arrondissement<'a>(
    index: &'a CommuneIndex,
    typed: &str,
    arrondissement: Option<&str>,
) -> Result<&'a CommuneHit, String> {
    Ok(index.narrow_to_arrondissement(resolve(index, typed)?, arrondissement))
}

/// One option of the arrondissement select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArrondissementChoice {
    pub insee: String,
    pub name: String,
    pub selected: bool,
}

/// The arrondissements to offer beside a commune field once `hit` is resolved: those of its
/// commune (none for most communes), the current one selected.
pub fn arrondissement_choices(index: &CommuneIndex, hit: &CommuneHit) -> Vec<ArrondissementChoice> {
    let family = hit.parent.as_deref().unwrap_or(&hit.insee);
    index
        .arrondissements_of(family)
        .into_iter()
        .map(|a| ArrondissementChoice {
            insee: a.insee.clone(),
            name: a.name.clone(),
            selected: a.insee == hit.insee,
        })
        .collect()
}
