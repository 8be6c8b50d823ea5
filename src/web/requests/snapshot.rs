//! "Déposer une demande" from a simulator result: the aid application is prefilled with the
//! commune and keeps a snapshot of the eligibility answer (rule version included), computed
//! again on the server from the simulation's parameters — never taken from the browser.

use serde_json::json;

use crate::domain::eligibility::{evaluate_one, parse_fields};
use crate::web::communes::resolve_with_arrondissement;
use crate::web::eligibility::{resolve_zone, today};
use crate::web::AppState;

/// The commune's INSEE code and the JSON snapshot of `aid_code`'s answer for the simulation
/// `query` (the simulator's GET parameters); `None` when the simulation does not parse.
pub async fn compute(
    state: &AppState,
    query: &str,
    aid_code: &str,
) -> Option<(Option<String>, String)> {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let chosen = pairs
        .iter()
        .find(|(k, _)| k == "arrondissement")
        .map(|(_, v)| v.clone());
    if let Some((_, typed)) = pairs.iter_mut().find(|(k, _)| k == "commune") {
        if !typed.trim().is_empty() {
            let hit = resolve_with_arrondissement(&state.communes, typed, chosen.as_deref());
            *typed = hit.ok()?.insee.clone();
        }
    }
    let commune = pairs
        .iter()
        .find(|(k, _)| k == "commune")
        .map(|(_, v)| v.clone());
    let on = today(state, commune.as_deref());
    let mut parsed = parse_fields(&pairs[..], on).ok()?;
    let zone = resolve_zone(state, &mut parsed).await.ok()?;
    let catalogue = state.catalogue.current();
    let aid = catalogue.get(aid_code)?;
    let result = evaluate_one(&catalogue, aid, &parsed.profile, parsed.date);
    let snapshot = json!({
        "computed_on": on,
        "date": parsed.date,
        "simulation": query,
        "zone": zone,
        "result": result,
    });
    Some((parsed.commune.clone(), snapshot.to_string()))
}
