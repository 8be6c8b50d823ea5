//! The two file formats a zonage is imported from, detected from the header:
//!
//! - the guichet's CSV: comma-separated, a header naming at least `insee` and `zone` (other
//!   columns, such as a name, are ignored); `zone` is a slug of the profession's scale (`ZIP`,
//!   `tres-sous-dotee`…) or a set of them (`ZAC|ZV|ZAR|HZ`);
//! - CartoSanté's export: `;`-separated, title lines, then `Code;Libellé;Zonage <profession>`;
//!   zones written `1_Tres_sous_dotee`, `5b_Non_prioritaire`, `1_ZIP`… or as labels.
//!
//! UTF-8 (with or without BOM) or Windows-1252. An empty zone or "N/A" is *unknown*: the
//! commune is left out (counted), never given the lowest category. With [`EmptyZone::NotZip`]
//! (médecins sources that only list the ZIP communes) an empty zone means {ZAC, ZV, ZAR, HZ}.
//! A zone outside the profession's scale, an unknown label, a malformed or repeated INSEE code
//! is an error naming its line; any error rejects the whole file.

use std::collections::HashSet;

use serde::Serialize;

use super::labels::{category_of, is_unknown};
use super::CommuneZone;
use crate::domain::profession::Profession;
use crate::domain::territory::{is_well_formed_insee, normalize_search};
use crate::domain::zone::{of_profession, ZoneCategory, ZoneSet};

/// How to read an empty `zone` cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyZone {
    /// Empty is unknown: the commune is left out.
    Unknown,
    /// The source only lists ZIP communes: empty means {ZAC, ZV, ZAR, HZ} (médecins only).
    NotZip,
}

/// The format a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZonageFormat {
    Guichet,
    CartoSante,
}

impl ZonageFormat {
    /// French name, for reports.
    pub fn label(self) -> &'static str {
        match self {
            ZonageFormat::Guichet => "CSV du guichet",
            ZonageFormat::CartoSante => "export CartoSanté",
        }
    }

    /// Stable name stored with the import.
    pub fn slug(self) -> &'static str {
        match self {
            ZonageFormat::Guichet => "guichet",
            ZonageFormat::CartoSante => "cartosante",
        }
    }
}

/// A rejected line: the 1-based line and a French reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("ligne {line} : {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> CsvError {
    CsvError {
        line,
        message: message.into(),
    }
}

/// A file read without error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedZonage {
    pub format: ZonageFormat,
    /// The communes with a zone, each with its 1-based line.
    pub rows: Vec<(usize, CommuneZone)>,
    /// The communes whose zone is empty or "N/A": unknown, not recorded.
    pub without_zone: Vec<String>,
}

/// The file's text: UTF-8 (a BOM is dropped), else Windows-1252 (spreadsheets' "CSV" in
/// French); a binary file (NUL bytes) is refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("Ce fichier n'est pas un fichier texte CSV : enregistrez le tableau au format CSV (colonnes insee et zone, ou export CartoSanté).".to_string());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => char::from(b),
    }
}

/// The header: where it is, the separator and the two columns.
struct Header {
    line: usize,
    separator: char,
    width: usize,
    insee_at: usize,
    zone_at: usize,
    format: ZonageFormat,
}

const HEADER_SEARCH: usize = 10;

fn find_header(lines: &[(usize, &str)]) -> Result<Header, CsvError> {
    for (index, (line, raw)) in lines.iter().take(HEADER_SEARCH).enumerate() {
        let separator = if raw.contains(';') { ';' } else { ',' };
        let Ok(cells) = split_row(raw, separator) else {
            continue;
        };
        let names: Vec<String> = cells.iter().map(|c| normalize_search(c)).collect();
        let insee_at = names
            .iter()
            .position(|n| matches!(n.as_str(), "insee" | "code" | "code insee" | "codgeo"));
        let zone_at = names
            .iter()
            .position(|n| n == "zone" || n == "zonage" || n.starts_with("zonage "));
        if let (Some(insee_at), Some(zone_at)) = (insee_at, zone_at) {
            let cartosante = separator == ';' || index > 0 || names[zone_at].starts_with("zonage");
            return Ok(Header {
                line: *line,
                separator,
                width: cells.len(),
                insee_at,
                zone_at,
                format: if cartosante {
                    ZonageFormat::CartoSante
                } else {
                    ZonageFormat::Guichet
                },
            });
        }
    }
    let first = lines.first().map_or(1, |(line, _)| *line);
    Err(error(
        first,
        "en-tête introuvable : attendu « insee,zone » (CSV du guichet) ou « Code;Libellé;Zonage … » (export CartoSanté)",
    ))
}

/// Reads a zonage file for `profession`; every bad line is reported (never an empty list).
pub fn parse_zonage(
    text: &str,
    profession: Profession,
    empty: EmptyZone,
) -> Result<ParsedZonage, Vec<CsvError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return Err(vec![error(
            1,
            "fichier vide : l'en-tête « insee,zone » ou « Code;Libellé;Zonage … » est attendu",
        )]);
    }
    let header = find_header(&lines).map_err(|e| vec![e])?;
    let mut seen = HashSet::new();
    let mut parsed = ParsedZonage {
        format: header.format,
        rows: Vec::new(),
        without_zone: Vec::new(),
    };
    let mut errors = Vec::new();
    for &(line, raw) in lines.iter().filter(|(l, _)| *l > header.line) {
        match parse_row(raw, &header, profession, empty, &mut seen) {
            Ok((insee, Some(zone))) => parsed.rows.push((line, CommuneZone { insee, zone })),
            Ok((insee, None)) => parsed.without_zone.push(insee),
            Err(message) => errors.push(error(line, message)),
        }
    }
    if parsed.rows.is_empty() && errors.is_empty() {
        errors.push(error(
            header.line,
            "aucune commune avec une zone après l'en-tête",
        ));
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

fn parse_row(
    raw: &str,
    header: &Header,
    profession: Profession,
    empty: EmptyZone,
    seen: &mut HashSet<String>,
) -> Result<(String, Option<ZoneSet>), String> {
    let cells = split_row(raw, header.separator)?;
    if cells.len() != header.width {
        return Err(format!(
            "{} colonnes au lieu de {} (comme l'en-tête)",
            cells.len(),
            header.width
        ));
    }
    let insee = cells[header.insee_at].trim().to_ascii_uppercase();
    if !is_well_formed_insee(&insee) {
        return Err(format!(
            "code INSEE mal formé « {} » (5 caractères, ex. 13055 ou 2A004)",
            cells[header.insee_at].trim()
        ));
    }
    if !seen.insert(insee.clone()) {
        return Err(format!("commune {insee} déjà listée plus haut"));
    }
    let cell = cells[header.zone_at].trim();
    if cell.is_empty() && empty == EmptyZone::NotZip {
        return Ok((insee, Some(ZoneSet::not_zip())));
    }
    if is_unknown(cell) {
        return Ok((insee, None));
    }
    let zone = parse_zone(cell, profession)?;
    Ok((insee, Some(zone)))
}

/// One zone, or a set written `A|B`, checked against the profession's scale.
fn parse_zone(cell: &str, profession: Profession) -> Result<ZoneSet, String> {
    let scale = ZoneCategory::scale(profession);
    let expected = || {
        let labels: Vec<&str> = scale.iter().map(|c| c.slug()).collect();
        labels.join(", ")
    };
    let mut set = ZoneSet::EMPTY;
    for part in cell.split('|') {
        let Some(category) = category_of(part) else {
            return Err(format!(
                "zone inconnue « {} » (attendu pour le zonage {} : {})",
                part.trim(),
                of_profession(profession),
                expected()
            ));
        };
        if category.check_scale(profession).is_err() {
            return Err(format!(
                "la zone « {} » n'est pas une catégorie du zonage {} (attendu : {})",
                part.trim(),
                of_profession(profession),
                expected()
            ));
        }
        set = set.union(ZoneSet::only(category));
    }
    Ok(set)
}

/// Splits one row on `separator`; fields may be quoted ("a,b", "say ""hi""").
fn split_row(row: &str, separator: char) -> Result<Vec<String>, String> {
    let row = row.strip_suffix('\r').unwrap_or(row);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.trim().is_empty() && !was_quoted => {
                cell.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, '"') => return Err("guillemet inattendu au milieu d'un champ".to_string()),
            (false, c) if c == separator => {
                cells.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err("guillemet non refermé".to_string());
    }
    cells.push(cell);
    Ok(cells)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
