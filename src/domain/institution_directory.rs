//! The national directory of partner institutions (`reference/institutions/institutions.csv`,
//! built by `scripts/generate-institutions.py`, see its PROVENANCE): parsing and checks.
//!
//! One row per institution: a stable `key` (re-importing updates the row with that key), its
//! kind, official name, territory (région, département, and the communes it covers when it
//! covers less than its département), the profession of an Ordre or a URPS, a public website or
//! phone where known, its source and what could not be verified. Contact mailboxes are never in
//! the directory: each région's administrators complete them.

use serde::Deserialize;

use crate::domain::institution::{InstitutionKind, Scope};
use crate::domain::profession::Profession;
use crate::domain::territory::is_well_formed_insee;

/// The directory shipped with the guichet.
pub const SHIPPED: &str = include_str!("../../reference/institutions/institutions.csv");

/// One institution of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub key: String,
    pub kind: InstitutionKind,
    pub name: String,
    pub region_code: String,
    pub departement_code: Option<String>,
    pub profession: Option<Profession>,
    /// INSEE codes; empty = the whole territory.
    pub communes: Vec<String>,
    pub website: String,
    pub phone: String,
    pub source: String,
    pub note: String,
}

/// A refused row, with its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ligne {line} : {message}")]
pub struct DirectoryError {
    pub line: u64,
    pub message: String,
}

/// The columns of a directory file.
pub const COLUMNS: [&str; 11] = [
    "key",
    "kind",
    "name",
    "region",
    "departement",
    "profession",
    "communes",
    "website",
    "phone",
    "source",
    "note",
];

#[derive(Deserialize)]
struct Raw {
    key: String,
    kind: String,
    name: String,
    region: String,
    departement: String,
    profession: String,
    communes: String,
    website: String,
    phone: String,
    source: String,
    note: String,
}

fn non_empty(value: String) -> Option<String> {
    let value = value.trim().to_string();
    (!value.is_empty()).then_some(value)
}

fn check(raw: Raw) -> Result<DirectoryEntry, String> {
    let key = non_empty(raw.key).ok_or("la clé est vide")?;
    let kind = raw
        .kind
        .parse::<InstitutionKind>()
        .map_err(|_| format!("type d'institution inconnu « {} »", raw.kind.trim()))?;
    let name = non_empty(raw.name).ok_or("le nom est vide")?;
    let region_code = non_empty(raw.region).ok_or("la région est vide")?;
    let departement_code = non_empty(raw.departement);
    if kind.scope() == Scope::Departement
        && departement_code.is_none()
        && kind != InstitutionKind::Ordre
    {
        return Err(format!("un(e) {} a besoin d'un département", kind.label()));
    }
    let profession = match non_empty(raw.profession) {
        None if kind.is_per_profession() => {
            return Err(format!("un(e) {} a besoin d'une profession", kind.label()))
        }
        None => None,
        Some(slug) => Some(
            slug.parse::<Profession>()
                .map_err(|_| format!("profession inconnue « {slug} »"))?,
        ),
    };
    let communes: Vec<String> = raw
        .communes
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if let Some(bad) = communes.iter().find(|c| !is_well_formed_insee(c)) {
        return Err(format!("code commune mal formé « {bad} »"));
    }
    if !communes.is_empty() && departement_code.is_none() {
        return Err("des communes sans département".to_string());
    }
    let website = raw.website.trim().to_string();
    if !website.is_empty() && !website.starts_with("https://") {
        return Err(format!("le site « {website} » doit commencer par https://"));
    }
    Ok(DirectoryEntry {
        key,
        kind,
        name,
        region_code,
        departement_code,
        profession,
        communes,
        website,
        phone: raw.phone.trim().to_string(),
        source: non_empty(raw.source).ok_or("la source est vide")?,
        note: raw.note.trim().to_string(),
    })
}

/// Parses a directory file; every refused row is reported with its line, nothing is kept then.
pub fn parse(text: &str) -> Result<Vec<DirectoryEntry>, Vec<DirectoryError>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::None)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            return Err(vec![DirectoryError {
                line: 1,
                message: format!("en-tête illisible ({e})"),
            }])
        }
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut keys = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    for record in reader.records() {
        let (line, checked) = match record {
            Err(e) => (
                e.position().map(|p| p.line()).unwrap_or(0),
                Err(format!("ligne illisible ({e})")),
            ),
            Ok(record) => (
                record.position().map(|p| p.line()).unwrap_or(0),
                record
                    .deserialize::<Raw>(Some(&headers))
                    .map_err(|e| format!("colonnes attendues : {} ({e})", COLUMNS.join(", ")))
                    .and_then(check),
            ),
        };
        match checked {
            Ok(entry) if !keys.insert(entry.key.clone()) => errors.push(DirectoryError {
                line,
                message: format!("clé « {} » en double", entry.key),
            }),
            Ok(entry) if !names.insert(entry.name.clone()) => errors.push(DirectoryError {
                line,
                message: format!("nom « {} » en double", entry.name),
            }),
            Ok(entry) => entries.push(entry),
            Err(message) => errors.push(DirectoryError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// The territories of the entries that `departements` ((code, région) pairs) does not know,
/// as French sentences; empty when all are known.
pub fn unknown_territories(
    entries: &[DirectoryEntry],
    departements: &[(String, String)],
) -> Vec<String> {
    let mut unknown = std::collections::BTreeSet::new();
    for e in entries {
        if !departements.iter().any(|(_, r)| r == &e.region_code) {
            unknown.insert(format!("région « {} » inconnue ({})", e.region_code, e.key));
        }
        if let Some(dep) = &e.departement_code {
            if !departements
                .iter()
                .any(|(d, r)| d == dep && r == &e.region_code)
            {
                unknown.insert(format!(
                    "département « {dep} » inconnu dans la région {} ({})",
                    e.region_code, e.key
                ));
            }
        }
    }
    unknown.into_iter().collect()
}

/// True when an institution with this list of communes (empty = all) serves the commune; without
/// a commune (a question about the professional's département), every institution does.
pub fn covers(communes: &[String], insee: Option<&str>) -> bool {
    match insee {
        Some(code) if !communes.is_empty() => communes.iter().any(|c| c == code),
        _ => true,
    }
}

#[cfg(test)]
#[path = "institution_directory_tests.rs"]
mod tests;
