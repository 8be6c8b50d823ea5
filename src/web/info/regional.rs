//! The région of a visitor and the regional version of a text they read (information pages,
//! "Qui contacter ?"): the commune they typed, else the région they chose (`?region=`), else the
//! région of their account (`domain::content::regional::visitor_region`).

use serde::Serialize;

use super::Choice;
use crate::auth::Viewer;
use crate::db;
use crate::domain::content::{regional::visitor_region, regional::TextKey, render};
use crate::error::AppError;
use crate::web::AppState;

/// What a public page shows of the région.
#[derive(Debug, Serialize)]
pub struct RegionalView {
    /// The région of the visitor, if known.
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    /// Every région, for the choice.
    pub regions: Vec<Choice>,
    /// The HTML of the regional version, when the région wrote one.
    #[serde(skip)]
    pub html: Option<String>,
}

/// The visitor's région and the regional version of `key` there.
pub async fn for_visitor(
    state: &AppState,
    viewer: Option<&Viewer>,
    commune_region: Option<String>,
    chosen: Option<String>,
    key: TextKey,
) -> Result<RegionalView, AppError> {
    let account_region = viewer.and_then(|v| v.region_code.clone());
    let (names, region, version) = db::run(&state.pool, move |conn| {
        let names = db::indicators::region_names(conn)?;
        let region = visitor_region(
            commune_region.as_deref(),
            chosen.as_deref(),
            account_region.as_deref(),
            |r| names.contains_key(r),
        );
        let version = crate::regional_content::current(conn, region.as_deref(), key)?;
        Ok((names, region, version))
    })
    .await?;
    let html = version.and_then(|v| match render(&v.body) {
        Ok(rendered) => Some(rendered.html),
        Err(e) => {
            // Checked when saved; a text the renderer now refuses falls back to the national one.
            tracing::warn!(region = %v.region_code, text = %v.text_key, version = v.version, error = %e, "texte régional illisible");
            None
        }
    });
    let mut regions: Vec<Choice> = names
        .iter()
        .map(|(value, label)| Choice {
            value: value.clone(),
            label: label.clone(),
        })
        .collect();
    regions.sort_by_key(|c| crate::domain::territory::normalize_search(&c.label));
    Ok(RegionalView {
        region_name: region.as_ref().and_then(|r| names.get(r).cloned()),
        region_code: region,
        regions,
        html,
    })
}
