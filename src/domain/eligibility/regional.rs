//! Regional aid rules: a région's admins add, from the browser, an aid rule file of their own
//! (a Région's grant, a département's bursary…). Same format and checks as `config/aides`, plus:
//! its code is not a national aid's, its successor (if any) exists, and every version applies in
//! the région only (a criterion `region_in = ["<its région>"]`). Published rules join the
//! national catalogue without a redeploy.

use std::path::PathBuf;

use super::catalogue::{parse_file, Catalogue, RuleFileError};
use super::criteria::Condition;
use super::rules::Aid;
use crate::domain::slug::slug_enum;

slug_enum! {
    /// Where a regional rule file stands: saved, in the catalogue, or taken out of it.
    pub enum RuleState, "État de règle inconnu" {
        Brouillon => ("brouillon", "brouillon"),
        Publiee => ("publiee", "publiée"),
        Retiree => ("retiree", "retirée"),
    }
}

/// Why a regional rule is refused: the line of the text when known, and a French reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("ligne {l} : ")).unwrap_or_default())]
pub struct RegionalRuleError {
    pub line: Option<usize>,
    pub message: String,
}

fn refused(line: Option<usize>, message: impl Into<String>) -> RegionalRuleError {
    RegionalRuleError {
        line,
        message: message.into(),
    }
}

/// Parses and checks the text of a regional rule for `region` (see the module documentation).
pub fn parse_regional(
    text: &str,
    region: &str,
    national: &Catalogue,
) -> Result<Aid, RegionalRuleError> {
    if text.trim().is_empty() {
        return Err(refused(
            None,
            "Collez le fichier de règles (TOML) de l'aide.",
        ));
    }
    let code = match toml::from_str::<toml::Table>(text) {
        Ok(table) => match table.get("code").and_then(|v| v.as_str()) {
            Some(code) => code.to_string(),
            None => {
                return Err(refused(
                    Some(1),
                    "il manque le code de l'aide (code = \"…\")",
                ))
            }
        },
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            return Err(refused(
                line,
                format!("TOML invalide : {}", e.message().trim()),
            ));
        }
    };
    let path = PathBuf::from(format!("{code}.toml"));
    let aid = match parse_file(&path, text.to_string()) {
        Ok(parsed) => parsed.aid,
        Err(RuleFileError::Invalid { line, message, .. }) => return Err(refused(line, message)),
        Err(e) => return Err(refused(None, e.to_string())),
    };
    if national.get(&aid.code).is_some() {
        return Err(refused(
            None,
            format!(
                "« {} » est une aide nationale : choisissez un autre code (ex. {}-{region}).",
                aid.code, aid.code
            ),
        ));
    }
    if let Some(successor) = &aid.successor {
        if national.get(successor).is_none() {
            return Err(refused(
                None,
                format!("successeur « {successor} » inconnu du catalogue"),
            ));
        }
    }
    let local = |c: &Condition| matches!(c, Condition::RegionIn(codes) if !codes.is_empty() && codes.iter().all(|r| r == region));
    for version in &aid.versions {
        if !version.criteria.iter().any(|c| local(&c.when)) {
            return Err(refused(
                None,
                format!(
                    "version « {} » : une aide régionale s'applique dans la région seulement ; ajoutez un critère `when = {{ region_in = [\"{region}\"] }}`.",
                    version.label
                ),
            ));
        }
    }
    Ok(aid)
}

/// The national catalogue with the published regional aids.
pub fn with_regional(national: &Catalogue, regional: Vec<Aid>) -> Catalogue {
    let mut aids = national.aids().to_vec();
    for aid in regional {
        if national.get(&aid.code).is_none() && !aids.iter().any(|a| a.code == aid.code) {
            aids.push(aid);
        }
    }
    Catalogue::from_aids(aids)
}

#[cfg(test)]
#[path = "regional_tests.rs"]
mod tests;
