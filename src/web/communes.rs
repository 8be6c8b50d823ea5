//! `GET /api/v1/communes?q=`: the commune autocomplete, answered from the in-memory index.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::domain::commune_search::{CommuneHit, CommuneIndex};
use crate::domain::territory::{is_well_formed_insee, normalize_search};

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

/// Up to ten communes matching a name prefix, a postal code or an INSEE code.
pub async fn search(state: web::Data<AppState>, params: web::Query<SearchParams>) -> HttpResponse {
    HttpResponse::Ok().json(state.communes.search(&params.q))
}

/// What a user typed in a commune field: an INSEE code, "Nom (INSEE)" as the suggestions
/// write it, or a name. A French message when no single commune fits.
pub fn resolve<'a>(index: &'a CommuneIndex, typed: &str) -> Result<&'a CommuneHit, String> {
    let typed = typed.trim();
    let code = typed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map_or(typed, |(_, code)| code.trim())
        .to_ascii_uppercase();
    if is_well_formed_insee(&code) {
        return index
            .get(&code)
            .ok_or_else(|| format!("Commune inconnue : aucune commune n'a le code INSEE {code}."));
    }
    let hits = index.search(typed);
    let wanted = normalize_search(typed);
    match hits.iter().find(|h| normalize_search(&h.name) == wanted) {
        Some(hit) => Ok(hit),
        None if hits.len() == 1 => Ok(hits[0]),
        None if hits.is_empty() => Err(format!(
            "Commune introuvable : « {typed} ». Saisissez le nom, le code postal ou le code INSEE."
        )),
        None => Err(format!(
            "Plusieurs communes correspondent à « {typed} » : choisissez-en une dans la liste ou saisissez son code INSEE."
        )),
    }
}

/// What a user typed in a commune field, narrowed by the arrondissement select beside it
/// (Paris, Lyon, Marseille): `None` when the form has no select, `Some("")` for the whole
/// commune, `Some(code)` for one arrondissement. A choice that is not of that commune (left
/// over after the commune was changed) is ignored.
pub fn resolve_with_arrondissement<'a>(
    index: &'a CommuneIndex,
    typed: &str,
    arrondissement: Option<&str>,
) -> Result<&'a CommuneHit, String> {
    let hit = resolve(index, typed)?;
    let Some(chosen) = arrondissement.map(str::trim) else {
        return Ok(hit);
    };
    let family = hit.parent.as_deref().unwrap_or(&hit.insee);
    if chosen.is_empty() {
        return Ok(index.get(family).unwrap_or(hit));
    }
    match index.get(chosen) {
        Some(part) if part.parent.as_deref() == Some(family) => Ok(part),
        _ => Ok(hit),
    }
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
