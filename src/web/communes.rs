//! `GET /api/v1/communes?q=`: the commune autocomplete, answered from the in-memory index.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

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
