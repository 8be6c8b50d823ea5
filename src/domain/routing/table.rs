//! Parsing and checking `config/routing.toml` (format documented in the file itself).

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::{Destination, RoutingError, RoutingTable};
use crate::domain::institution::InstitutionKind;
use crate::domain::request::RequestKind;

/// Name of the pseudo institution kind meaning "the guichet's référent institution".
pub const REFERENT: &str = "referent";
/// Key of the aid table used for aid codes not listed.
pub const DEFAULT_AID: &str = "default";

type RawLists = BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    source: String,
    last_checked: Spanned<toml::value::Datetime>,
    referent: Spanned<String>,
    kinds: RawLists,
    aids: RawLists,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

struct Parser<'a> {
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, span: Range<usize>, message: String) -> RoutingError {
        RoutingError {
            line: Some(line_of(self.text, span.start)),
            message,
        }
    }

    fn kind(&self, raw: &Spanned<String>) -> Result<InstitutionKind, RoutingError> {
        raw.get_ref().parse::<InstitutionKind>().map_err(|_| {
            let known: Vec<&str> = InstitutionKind::ALL.iter().map(|k| k.slug()).collect();
            self.error(
                raw.span(),
                format!(
                    "type d'institution inconnu « {} » ; choisissez parmi {}",
                    raw.get_ref(),
                    known.join(", ")
                ),
            )
        })
    }

    /// A TOML date without time (`2026-11-22`).
    fn date(&self, raw: &Spanned<toml::value::Datetime>) -> Result<NaiveDate, RoutingError> {
        let value = raw.get_ref();
        value
            .date
            .filter(|_| value.time.is_none() && value.offset.is_none())
            .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
            .ok_or_else(|| self.error(raw.span(), format!("date attendue (AAAA-MM-JJ) : {value}")))
    }

    /// One list of destinations; `referent` stands for the référent institution.
    fn destinations(
        &self,
        list: &Spanned<Vec<Spanned<String>>>,
        referent: InstitutionKind,
    ) -> Result<Vec<Destination>, RoutingError> {
        if list.get_ref().is_empty() {
            let msg = "la liste est vide : indiquez au moins une institution".to_string();
            return Err(self.error(list.span(), msg));
        }
        let mut out = Vec::new();
        for entry in list.get_ref() {
            let mut alternatives = Vec::new();
            for part in entry.get_ref().split('|') {
                let part = part.trim();
                let kind = if part == REFERENT {
                    referent
                } else {
                    self.kind(&Spanned::new(entry.span(), part.to_string()))?
                };
                alternatives.push(kind);
            }
            out.push(Destination { alternatives });
        }
        Ok(out)
    }
}

fn is_aid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Parses the routing table (see [`RoutingTable::from_toml`]).
pub(super) fn parse(text: &str) -> Result<RoutingTable, RoutingError> {
    let raw: RawTable = toml::from_str(text).map_err(|e| RoutingError {
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let p = Parser { text };
    let last_checked = p.date(&raw.last_checked)?;
    let referent = p.kind(&raw.referent)?;
    let mut kinds = BTreeMap::new();
    for (key, list) in &raw.kinds {
        let kind = match RequestKind::from_slug(key.get_ref()) {
            Some(RequestKind::AidApplication) => {
                let msg = "les demandes d'aide se routent dans la table [aids]".to_string();
                return Err(p.error(key.span(), msg));
            }
            Some(kind) => kind,
            None => {
                let known: Vec<&str> = RequestKind::ALL
                    .iter()
                    .filter(|k| **k != RequestKind::AidApplication)
                    .map(|k| k.slug())
                    .collect();
                let msg = format!(
                    "type de demande inconnu « {} » ; choisissez parmi {}",
                    key.get_ref(),
                    known.join(", ")
                );
                return Err(p.error(key.span(), msg));
            }
        };
        kinds.insert(kind, p.destinations(list, referent)?);
    }
    for kind in RequestKind::ALL {
        if kind != RequestKind::AidApplication && !kinds.contains_key(&kind) {
            return Err(RoutingError {
                line: None,
                message: format!("[kinds] : il manque la demande « {} »", kind.slug()),
            });
        }
    }
    let mut aids = BTreeMap::new();
    let mut default_aid = None;
    for (key, list) in &raw.aids {
        let destinations = p.destinations(list, referent)?;
        if key.get_ref() == DEFAULT_AID {
            default_aid = Some(destinations);
        } else if is_aid_code(key.get_ref()) {
            aids.insert(key.get_ref().clone(), destinations);
        } else {
            let msg = format!(
                "code d'aide « {} » : majuscules, chiffres et tirets seulement",
                key.get_ref()
            );
            return Err(p.error(key.span(), msg));
        }
    }
    let default_aid = default_aid.ok_or_else(|| RoutingError {
        line: None,
        message: "[aids] : il manque la liste « default » des aides non listées".to_string(),
    })?;
    Ok(RoutingTable {
        source: raw.source,
        last_checked,
        referent,
        kinds,
        aids,
        default_aid,
    })
}
