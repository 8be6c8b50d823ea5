//! Parsing an eligibility request — the JSON body of `POST /api/v1/eligibility` or the GET
//! parameters of the simulator form — into an [`EligibilityQuery`], or a French message per
//! field. Never panics, whatever the input.
//!
//! Conventions: a missing field, a JSON `null` and an empty (or blank) string all mean "not
//! given". Unknown extra fields are ignored (a form carries its submit button, a client may send
//! more than we use). JSON values must have their JSON type (a number for `age`, a boolean for
//! `coordinated_practice`); form values are text and are converted (`oui`/`non`, `2,5`).

use super::profile::Profile;
use crate::domain::zone::ZoneSet;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

/// A parsed request.
#[derive(Debug, Clone, PartialEq)]
pub struct EligibilityQuery {
    /// The date of the check (today when not given).
    pub date: NaiveDate,
    /// The profile; its `zone` is filled only when `zone` was given (it wins over `commune`).
    pub profile: Profile,
    /// INSEE code of the commune of the practice, upper-cased, to be looked up by the caller.
    pub commune: Option<String>,
}

pub use crate::domain::field_error::FieldError;

/// A raw value of a field: JSON from the API, text from a form.
#[derive(Debug, Clone, Copy)]
pub enum RawValue<'a> {
    Json(&'a Value),
    Text(&'a str),
}

/// Where the fields come from.
pub trait FieldSource {
    /// The raw value of `name`, if present.
    fn raw(&self, name: &str) -> Option<RawValue<'_>>;
}

impl FieldSource for serde_json::Map<String, Value> {
    fn raw(&self, name: &str) -> Option<RawValue<'_>> {
        self.get(name).map(RawValue::Json)
    }
}

impl FieldSource for HashMap<String, String> {
    fn raw(&self, name: &str) -> Option<RawValue<'_>> {
        self.get(name).map(|v| RawValue::Text(v))
    }
}

impl FieldSource for BTreeMap<String, String> {
    fn raw(&self, name: &str) -> Option<RawValue<'_>> {
        self.get(name).map(|v| RawValue::Text(v))
    }
}

/// Query-string pairs: the first occurrence of a name wins.
impl FieldSource for [(String, String)] {
    fn raw(&self, name: &str) -> Option<RawValue<'_>> {
        self.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| RawValue::Text(v))
    }
}

/// Parses a JSON body (must be an object).
pub fn parse_json(body: &Value, today: NaiveDate) -> Result<EligibilityQuery, Vec<FieldError>> {
    match body.as_object() {
        Some(map) => parse_fields(map, today),
        None => Err(vec![FieldError {
            field: "body".to_string(),
            message: "Le corps de la requête doit être un objet JSON.".to_string(),
        }]),
    }
}

/// Parses any field source (JSON object or form parameters).
pub fn parse_fields<S: FieldSource + ?Sized>(
    source: &S,
    today: NaiveDate,
) -> Result<EligibilityQuery, Vec<FieldError>> {
    let mut p = Parser {
        source,
        errors: Vec::new(),
    };
    let on = p.field("date", date).unwrap_or(today);
    let profession = p.required("profession", "indiquez la profession", slug);
    let situation = p.required("situation", "indiquez la situation", slug);
    let profile = Profile {
        profession,
        specialty: p.field("specialty", specialty),
        situation,
        study_year: p.field("study_year", |r| integer(r, 1, 15)).map(narrow),
        installed_on: p.field("installed_on", date),
        first_installation: p.field("first_installation", boolean),
        zone: p.field("zone", slug::<ZoneSet>),
        sector: p.field("sector", slug),
        coordinated_practice: p.field("coordinated_practice", boolean),
        days_per_week: p.field("days_per_week", |r| decimal(r, 0.0, 7.0)),
        outreach_days_per_year_in_zip: p
            .field("outreach_days_per_year_in_zip", |r| integer(r, 0, 366)),
        age: p.field("age", |r| integer(r, 15, 120)).map(narrow),
        hosting_new_doctor: p.field("hosting_new_doctor", boolean),
        ambulatory_internship: p.field("ambulatory_internship", boolean),
        distance_km: p.field("distance_km", |r| decimal(r, 0.0, 20_000.0)),
        installation_aid_last_10_years: p.field("installation_aid_last_10_years", boolean),
        secondary_practice: p.field("secondary_practice", boolean),
        housed_free: p.field("housed_free", boolean),
        industrial_pharmacy: p.field("industrial_pharmacy", boolean),
        similar_contract: p.field("similar_contract", boolean),
        fragile_territory: p.field("fragile_territory", boolean),
        creating_practice: p.field("creating_practice", boolean),
        place: None,
    };
    // A zone is a category of the profession's own zonage (never a médecin's ZIP for a nurse).
    if let (Some(profession), Some(zone)) = (profile.profession, profile.zone) {
        if let Err(e) = zone.check_scale(profession) {
            p.errors.push(FieldError {
                field: "zone".to_string(),
                message: e.message(),
            });
        }
    }
    let commune = p.field("commune", commune);
    if p.errors.is_empty() {
        Ok(EligibilityQuery {
            date: on,
            profile,
            commune,
        })
    } else {
        Err(p.errors)
    }
}

struct Parser<'s, S: ?Sized> {
    source: &'s S,
    errors: Vec<FieldError>,
}

impl<S: FieldSource + ?Sized> Parser<'_, S> {
    /// Parses an optional field; records its error and returns `None` on failure.
    fn field<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(RawValue<'_>) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let raw = self.source.raw(name)?;
        match parse(raw) {
            Ok(value) => value,
            Err(message) => {
                self.errors.push(FieldError {
                    field: name.to_string(),
                    message,
                });
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        name: &str,
        hint: &str,
        parse: impl FnOnce(RawValue<'_>) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let before = self.errors.len();
        let value = self.field(name, parse);
        if value.is_none() && self.errors.len() == before {
            self.errors.push(FieldError {
                field: name.to_string(),
                message: format!("Champ obligatoire : {hint}."),
            });
        }
        value
    }
}

/// Values already range-checked to fit in a byte.
fn narrow(v: u32) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// The trimmed text, `None` when null or blank.
fn text<'a>(raw: RawValue<'a>) -> Result<Option<&'a str>, String> {
    let s = match raw {
        RawValue::Json(Value::Null) => return Ok(None),
        RawValue::Json(Value::String(s)) => s.as_str(),
        RawValue::Json(_) => {
            return Err("Type incorrect : une chaîne de caractères est attendue.".into())
        }
        RawValue::Text(s) => s,
    };
    let s = s.trim();
    Ok((!s.is_empty()).then_some(s))
}

fn slug<T>(raw: RawValue<'_>) -> Result<Option<T>, String>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match text(raw)? {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e: T::Err| format!("{e}.")),
    }
}

/// Parses a date typed as text (`AAAA-MM-JJ`); a French message otherwise. Blank = `None`.
pub fn parse_date_text(text: &str) -> Result<Option<NaiveDate>, String> {
    date(RawValue::Text(text))
}

fn date(raw: RawValue<'_>) -> Result<Option<NaiveDate>, String> {
    let Some(s) = text(raw)? else { return Ok(None) };
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!(
            "Date mal formée : « {s} » (format AAAA-MM-JJ, ex. 2026-01-15)."
        ));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("Date impossible : {s}."))
}

fn integer(raw: RawValue<'_>, min: u32, max: u32) -> Result<Option<u32>, String> {
    let range = format!("un nombre entier entre {min} et {max} est attendu");
    let value = match raw {
        RawValue::Json(Value::Null) => return Ok(None),
        RawValue::Json(Value::Number(n)) => n.as_u64(),
        RawValue::Json(_) => return Err(format!("Type incorrect : {range}.")),
        RawValue::Text(s) if s.trim().is_empty() => return Ok(None),
        RawValue::Text(s) => s.trim().parse::<u64>().ok(),
    };
    match value.and_then(|v| u32::try_from(v).ok()) {
        Some(v) if (min..=max).contains(&v) => Ok(Some(v)),
        _ => Err(format!("Valeur invalide : {range}.")),
    }
}

fn decimal(raw: RawValue<'_>, min: f64, max: f64) -> Result<Option<f64>, String> {
    let range = format!("un nombre entre {min} et {max} est attendu");
    let value = match raw {
        RawValue::Json(Value::Null) => return Ok(None),
        RawValue::Json(Value::Number(n)) => n.as_f64(),
        RawValue::Json(_) => return Err(format!("Type incorrect : {range}.")),
        RawValue::Text(s) if s.trim().is_empty() => return Ok(None),
        RawValue::Text(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
    };
    match value {
        Some(v) if v.is_finite() && (min..=max).contains(&v) => Ok(Some(v)),
        _ => Err(format!("Valeur invalide : {range}.")),
    }
}

fn boolean(raw: RawValue<'_>) -> Result<Option<bool>, String> {
    match raw {
        RawValue::Json(Value::Null) => Ok(None),
        RawValue::Json(Value::Bool(b)) => Ok(Some(*b)),
        RawValue::Json(_) => Err("Type incorrect : true ou false est attendu.".to_string()),
        RawValue::Text(s) => match s.trim().to_lowercase().as_str() {
            "" => Ok(None),
            "true" | "oui" | "on" | "1" => Ok(Some(true)),
            "false" | "non" | "off" | "0" => Ok(Some(false)),
            _ => Err("Valeur invalide : répondez oui ou non.".to_string()),
        },
    }
}

fn specialty(raw: RawValue<'_>) -> Result<Option<String>, String> {
    let Some(s) = text(raw)? else { return Ok(None) };
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let s = s.to_ascii_lowercase();
    if s.len() <= 80 && s.chars().all(ok) {
        Ok(Some(s))
    } else {
        Err("Spécialité mal formée : utilisez un identifiant comme medecine-generale.".to_string())
    }
}

fn commune(raw: RawValue<'_>) -> Result<Option<String>, String> {
    let Some(s) = text(raw)? else { return Ok(None) };
    let code = s.to_ascii_uppercase();
    let b = code.as_bytes();
    let well_formed = b.len() == 5
        && b[2..].iter().all(u8::is_ascii_digit)
        && (b[..2].iter().all(u8::is_ascii_digit) || &b[..2] == b"2A" || &b[..2] == b"2B");
    if well_formed {
        Ok(Some(code))
    } else {
        Err("Code INSEE mal formé (5 caractères, ex. 13055 ou 2A004).".to_string())
    }
}
