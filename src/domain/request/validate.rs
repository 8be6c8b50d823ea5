//! Drafts (anything goes) and the check on submission (everything missing or invalid, in French).

use crate::domain::french;
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::fields::form_for;
use super::form::{FieldSpec, InputType, ATTACHMENTS};
use super::kind::RequestKind;
use super::team::{check_composition, parse_team, TeamMember};
use crate::domain::arrondissement;
use crate::domain::identifiers::ProfessionalNumber;
use crate::domain::territory::is_well_formed_insee;

/// A saved draft: field name → raw text, exactly as typed (unknown names are kept too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Draft(pub BTreeMap<String, String>);

impl Draft {
    /// A draft from `(name, value)` pairs (e.g. the fields of a posted form).
    pub fn from_pairs<I, K, V>(pairs: I) -> Draft
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Draft(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// The raw value of `field` (`None` when absent).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Sets the raw value of `field`.
    pub fn set(&mut self, field: impl Into<String>, value: impl Into<String>) {
        self.0.insert(field.into(), value.into());
    }
}

pub use crate::domain::field_error::FieldError;

/// What submission needs besides the draft.
pub struct SubmissionContext<'a> {
    /// The day of submission (date fields are checked against it).
    pub today: NaiveDate,
    /// Codes of the aids of the catalogue (an aid application must name one).
    pub aid_codes: &'a [&'a str],
    /// Whether a well-formed INSEE code names a known commune.
    pub commune_exists: &'a dyn Fn(&str) -> bool,
    /// Number of documents already attached to the request.
    pub attachment_count: usize,
}

/// A request that passed [`validate_for_submission`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidRequest {
    pub kind: RequestKind,
    /// INSEE code of the commune of the practice (upper-case); `None` only for a question
    /// without commune.
    pub commune_insee: Option<String>,
    /// The aid code as written in the catalogue (aid applications only).
    pub aid_code: Option<String>,
    pub professional_number: Option<ProfessionalNumber>,
    /// Team members (coordinated practice only).
    pub team: Vec<TeamMember>,
    /// Every filled-in field of the form, normalized: trimmed, dates ISO, numbers with a point,
    /// codes upper-case, team as canonical lines. Empty optional fields are left out.
    pub values: BTreeMap<String, String>,
}

impl ValidRequest {
    /// The normalized value of `field`, if filled in.
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    /// A date field's value.
    pub fn date(&self, field: &str) -> Option<NaiveDate> {
        self.value(field).and_then(|v| v.parse().ok())
    }
}

/// Checks a draft for submission. `Err` lists every problem, in form order, each with the
/// field it belongs to (a missing required document is reported under [`ATTACHMENTS`]).
pub fn validate_for_submission(
    kind: RequestKind,
    draft: &Draft,
    ctx: &SubmissionContext<'_>,
) -> Result<ValidRequest, Vec<FieldError>> {
    let form = form_for(kind);
    let mut errors = Vec::new();
    let mut request = ValidRequest {
        kind,
        commune_insee: None,
        aid_code: None,
        professional_number: None,
        team: Vec::new(),
        values: BTreeMap::new(),
    };
    for spec in &form.fields {
        let raw = draft.get(spec.name).map(str::trim).unwrap_or_default();
        if raw.is_empty() {
            if spec.required {
                errors.push(error(spec.name, format!("Indiquez {}.", spec.subject)));
            }
            continue;
        }
        match check_field(spec, raw, ctx, &mut request) {
            Ok(normalized) => {
                request.values.insert(spec.name.to_string(), normalized);
            }
            Err(messages) => errors.extend(messages.into_iter().map(|m| error(spec.name, m))),
        }
    }
    check_date_order(&request, &mut errors);
    if let (Some(requirement), 0) = (form.attachment, ctx.attachment_count) {
        errors.push(error(ATTACHMENTS, requirement.missing_message.to_string()));
    }
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

fn error(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        message,
    }
}

/// Upper-cases the first letter of a French phrase.
fn capitalized(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Checks one non-empty value; returns its normalized form or the French messages.
fn check_field(
    spec: &FieldSpec,
    raw: &str,
    ctx: &SubmissionContext<'_>,
    request: &mut ValidRequest,
) -> Result<String, Vec<String>> {
    let one = |m: String| vec![m];
    let subject = capitalized(spec.subject);
    let chars = raw.chars().count();
    match spec.input {
        InputType::Text | InputType::Textarea => {
            let max = match spec.input {
                InputType::Text => super::form::TEXT_MAX_CHARS,
                _ => super::form::TEXTAREA_MAX_CHARS,
            };
            if chars > max {
                return Err(one(format!(
                    "Ce texte ne doit pas dépasser {max} caractères (vous en avez saisi {chars})."
                )));
            }
            Ok(raw.to_string())
        }
        InputType::Date { range } => {
            let date = parse_date(raw).map_err(|impossible| {
                one(if impossible {
                    format!("{subject} est impossible : {raw}")
                } else {
                    format!(
                        "{subject} n'est pas une date : « {raw} » ; utilisez le format jj/mm/aaaa."
                    )
                })
            })?;
            let earliest = ctx
                .today
                .checked_sub_days(Days::new(range.max_days_before.into()));
            let latest = ctx
                .today
                .checked_add_days(Days::new(range.max_days_after.into()));
            if let Some(earliest) = earliest.filter(|e| date < *e) {
                let e = french::compact_date(earliest);
                return Err(one(format!(
                    "{subject} ne peut pas être antérieure au {e}."
                )));
            }
            if let Some(latest) = latest.filter(|l| date > *l) {
                let l = french::compact_date(latest);
                return Err(one(format!(
                    "{subject} ne peut pas être postérieure au {l}."
                )));
            }
            Ok(date.to_string())
        }
        InputType::CommuneInsee => {
            // A request is filed for a commune: a municipal arrondissement stands for its commune.
            let code = raw.to_ascii_uppercase();
            let code = arrondissement::commune_of(&code).map_or(code, str::to_string);
            if !is_well_formed_insee(&code) {
                return Err(one(format!(
                    "Le code commune « {raw} » est mal formé : choisissez la commune dans la liste."
                )));
            }
            if !(ctx.commune_exists)(&code) {
                return Err(one(format!(
                    "La commune « {code} » est inconnue : choisissez-la dans la liste."
                )));
            }
            request.commune_insee = Some(code.clone());
            Ok(code)
        }
        InputType::Select { options } => options
            .iter()
            .find(|o| o.value.eq_ignore_ascii_case(raw))
            .map(|o| o.value.to_string())
            .ok_or_else(|| one(format!("Choisissez {} dans la liste.", spec.subject))),
        InputType::AidCode => {
            let code = ctx
                .aid_codes
                .iter()
                .find(|c| c.eq_ignore_ascii_case(raw))
                .ok_or_else(|| {
                    one(format!(
                        "L'aide « {raw} » n'existe pas dans le catalogue du guichet."
                    ))
                })?;
            request.aid_code = Some(code.to_string());
            Ok(code.to_string())
        }
        InputType::YesNo => match raw.to_lowercase().as_str() {
            "oui" | "true" | "1" | "on" => Ok("oui".into()),
            "non" | "false" | "0" | "off" => Ok("non".into()),
            _ => Err(one(format!(
                "Répondez par oui ou par non : {}.",
                spec.subject
            ))),
        },
        InputType::Number { min, max } => {
            let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            let n = compact
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| one(format!("{subject} doit être un nombre : « {raw} ».")))?;
            if n < min || n > max {
                let (lo, hi) = (french::number(min), french::number(max));
                return Err(one(format!(
                    "{subject} doit être compris entre {lo} et {hi}."
                )));
            }
            Ok(n.to_string())
        }
        InputType::ProfessionalNumber => {
            let number = ProfessionalNumber::parse(raw).map_err(|e| one(e.to_string()))?;
            let normalized = number.as_str().to_string();
            request.professional_number = Some(number);
            Ok(normalized)
        }
        InputType::TeamMembers => {
            let team = parse_team(raw)?;
            if let RequestKind::CoordinatedPractice(structure) = request.kind {
                check_composition(structure, &team).map_err(one)?;
            }
            let lines: Vec<String> = team.iter().map(TeamMember::to_line).collect();
            request.team = team;
            Ok(lines.join("\n"))
        }
    }
}

/// Parses `2026-03-02` or `02/03/2026`. `Err(true)` when shaped like a date that does not exist
/// (`2026-02-30`), `Err(false)` when not a date at all.
pub(crate) fn parse_date(raw: &str) -> Result<NaiveDate, bool> {
    let numbers = |parts: Vec<&str>, widths: [usize; 3]| -> Option<[u32; 3]> {
        let ok = parts.len() == 3
            && parts
                .iter()
                .zip(widths)
                .all(|(p, w)| (1..=w).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
        let parse = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        if ok {
            Some([parse(0)?, parse(1)?, parse(2)?])
        } else {
            None
        }
    };
    let ymd = if let Some([y, m, d]) = numbers(raw.split('-').collect(), [4, 2, 2]) {
        (y, m, d)
    } else if let Some([d, m, y]) = numbers(raw.split('/').collect(), [2, 2, 4]) {
        (y, m, d)
    } else {
        return Err(false);
    };
    let (y, m, d) = ymd;
    if y < 1000 {
        return Err(false);
    }
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or(true)
}

/// An end date must not precede its start date.
fn check_date_order(request: &ValidRequest, errors: &mut Vec<FieldError>) {
    if let (Some(start), Some(end)) = (request.date("date_debut"), request.date("date_fin")) {
        if end < start {
            errors.push(error(
                "date_fin",
                "La date de fin doit être postérieure ou égale à la date de début.".to_string(),
            ));
        }
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
