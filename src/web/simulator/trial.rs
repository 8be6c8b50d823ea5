//! `/simulateur?essai=<id>`: a région's admin tries a regional rule (a draft, or a published one)
//! on the simulator before publishing it; nobody else sees it (404).

use std::sync::Arc;

use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::eligibility::{parse_regional, Catalogue};
use crate::error::AppError;
use crate::web::AppState;

/// The rule being tried, named on the page and kept in the form.
#[derive(Debug, Clone, Serialize)]
pub struct Trial {
    pub id: String,
    pub code: String,
}

/// The catalogue to evaluate: the live one, or with the tried rule (replacing a published rule
/// of the same code). Takes the `essai` parameter out of `pairs`.
pub async fn catalogue_for(
    state: &AppState,
    viewer: Option<&Viewer>,
    pairs: &mut Vec<(String, String)>,
) -> Result<(Arc<Catalogue>, Option<Trial>), AppError> {
    let live = state.catalogue.current();
    let Some(position) = pairs.iter().position(|(k, _)| k == "essai") else {
        return Ok((live, None));
    };
    let (_, id) = pairs.remove(position);
    pairs.retain(|(k, _)| k != "essai");
    let region = policy::view_admin_hub(viewer.ok_or(AppError::NotFound)?)
        .map_err(|_| AppError::NotFound)?
        .to_string();
    let rule = db::run(&state.pool, move |conn| {
        db::regional_aids::find(conn, id.trim())?.ok_or(AppError::NotFound)
    })
    .await?;
    if rule.region_code != region {
        return Err(AppError::NotFound);
    }
    let aid = parse_regional(&rule.body, &rule.region_code, state.catalogue.national())
        .map_err(|e| AppError::Conflict(format!("règle refusée : {e}")))?;
    let mut aids: Vec<_> = live
        .aids()
        .iter()
        .filter(|a| a.code != aid.code)
        .cloned()
        .collect();
    aids.push(aid);
    let trial = Trial {
        id: rule.id,
        code: rule.code,
    };
    Ok((Arc::new(Catalogue::from_aids(aids)), Some(trial)))
}
