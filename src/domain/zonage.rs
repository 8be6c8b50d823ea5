//! A zonage: for one région and one profession, over a period, the zone of each commune
//! (domain.md §4), and the CSV format it is imported from.
//!
//! The CSV has a header naming at least the columns `insee` and `zone` (other columns, such as
//! a commune name, are ignored). `zone` is one of ZIP, ZAC, ZV, ZAR, HZ. Some sources only list
//! the ZIP communes: with [`EmptyZone::NotZip`] an empty `zone` means "not ZIP" =
//! {ZAC, ZV, ZAR, HZ}; otherwise an empty zone is an error. Any bad row rejects the whole file.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::profession::Profession;
use crate::domain::territory::is_well_formed_insee;
use crate::domain::zone::{ZoneCategory, ZoneSet};

/// What a zonage is about and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZonageMeta {
    pub region_code: String,
    pub profession: Profession,
    pub valid_from: NaiveDate,
    /// Last day in force (inclusive); `None` while in force.
    pub valid_to: Option<NaiveDate>,
    /// The arrêté or extraction the zones come from, in French.
    pub source: String,
}

/// The zone of one commune in a zonage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneZone {
    pub insee: String,
    pub zone: ZoneSet,
}

/// The zone of a commune for one profession over a zonage's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneOfCommune {
    pub profession: Profession,
    pub zone: ZoneSet,
    pub region_code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: String,
}

impl ZoneOfCommune {
    /// Whether the zonage is in force on `on`.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|to| on <= to)
    }
}

/// Every zonage of every commune, in memory, for the lookup "commune + profession + date".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZonageIndex {
    by_commune: HashMap<String, Vec<ZoneOfCommune>>,
}

impl ZonageIndex {
    /// Builds the index from (INSEE code, zone) pairs, in any order.
    pub fn new(rows: impl IntoIterator<Item = (String, ZoneOfCommune)>) -> ZonageIndex {
        let mut by_commune: HashMap<String, Vec<ZoneOfCommune>> = HashMap::new();
        for (insee, zone) in rows {
            by_commune.entry(insee).or_default().push(zone);
        }
        for zones in by_commune.values_mut() {
            // Per profession, the most recent zonage first.
            zones.sort_by(|a, b| {
                (a.profession, std::cmp::Reverse(a.valid_from))
                    .cmp(&(b.profession, std::cmp::Reverse(b.valid_from)))
            });
        }
        ZonageIndex { by_commune }
    }

    /// The zones of a commune on `on`, one per profession that has a zonage in force.
    pub fn zones_of_commune(&self, insee: &str, on: NaiveDate) -> Vec<&ZoneOfCommune> {
        let mut out: Vec<&ZoneOfCommune> = Vec::new();
        let zones = self.by_commune.get(insee).map_or(&[][..], Vec::as_slice);
        for zone in zones.iter().filter(|z| z.in_force(on)) {
            if !out.iter().any(|z| z.profession == zone.profession) {
                out.push(zone);
            }
        }
        out
    }

    /// The zone of a commune for `profession` on `on`, if a zonage is in force.
    pub fn zone_of_commune(
        &self,
        insee: &str,
        profession: Profession,
        on: NaiveDate,
    ) -> Option<&ZoneOfCommune> {
        self.by_commune
            .get(insee)?
            .iter()
            .find(|z| z.profession == profession && z.in_force(on))
    }
}

/// How to read an empty `zone` cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyZone {
    /// An empty zone is an error.
    Reject,
    /// The source only lists ZIP communes: empty means {ZAC, ZV, ZAR, HZ}.
    NotZip,
}

/// A rejected CSV file: the 1-based line and a French reason.
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

/// Parses a zonage CSV; the whole file is rejected at the first bad row.
pub fn parse_csv(text: &str, empty: EmptyZone) -> Result<Vec<CommuneZone>, CsvError> {
    parse_csv_lines(text, empty)
        .map(|rows| rows.into_iter().map(|(_, row)| row).collect())
        .map_err(|mut errors| errors.swap_remove(0))
}

/// Parses a zonage CSV and reports every bad line (never an empty list of errors); each row
/// comes with its 1-based line.
pub fn parse_csv_lines(
    text: &str,
    empty: EmptyZone,
) -> Result<Vec<(usize, CommuneZone)>, Vec<CsvError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let (header_line, header) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or_else(|| {
            vec![error(
                1,
                "fichier vide : l'en-tête « insee,zone » est attendu",
            )]
        })?;
    let columns = split_row(header).map_err(|m| vec![error(header_line, m)])?;
    let position = |name: &str| {
        columns
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                vec![error(
                    header_line,
                    format!("en-tête sans colonne « {name} » (attendu au moins : insee,zone)"),
                )]
            })
    };
    let (insee_at, zone_at) = (position("insee")?, position("zone")?);
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        match parse_row(raw, columns.len(), insee_at, zone_at, empty, &mut seen) {
            Ok(row) => rows.push((line, row)),
            Err(message) => errors.push(error(line, message)),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(error(header_line, "aucune commune après l'en-tête"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn parse_row(
    raw: &str,
    width: usize,
    insee_at: usize,
    zone_at: usize,
    empty: EmptyZone,
    seen: &mut HashSet<String>,
) -> Result<CommuneZone, String> {
    let cells = split_row(raw)?;
    if cells.len() != width {
        return Err(format!(
            "{} colonnes au lieu de {width} (comme l'en-tête)",
            cells.len()
        ));
    }
    let insee = cells[insee_at].trim().to_ascii_uppercase();
    if !is_well_formed_insee(&insee) {
        return Err(format!(
            "code INSEE mal formé « {} » (5 caractères, ex. 13055 ou 2A004)",
            cells[insee_at].trim()
        ));
    }
    if !seen.insert(insee.clone()) {
        return Err(format!("commune {insee} déjà listée plus haut"));
    }
    let zone = parse_zone(cells[zone_at].trim(), empty)?;
    Ok(CommuneZone { insee, zone })
}

fn parse_zone(cell: &str, empty: EmptyZone) -> Result<ZoneSet, String> {
    if cell.is_empty() {
        return match empty {
            EmptyZone::NotZip => Ok(ZoneSet::not_zip()),
            EmptyZone::Reject => Err(
                "zone vide (utilisez --empty-means-not-zip si la source ne liste que les ZIP)"
                    .to_string(),
            ),
        };
    }
    cell.parse::<ZoneCategory>()
        .map(ZoneSet::only)
        .map_err(|_| format!("zone inconnue « {cell} » (attendu : ZIP, ZAC, ZV, ZAR ou HZ)"))
}

/// Splits one CSV row on commas; fields may be quoted ("a,b", "say ""hi""").
fn split_row(row: &str) -> Result<Vec<String>, String> {
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
            (false, ',') => {
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
mod tests {
    use super::*;

    #[test]
    fn reads_insee_and_zone_whatever_the_other_columns() {
        let text = "\u{feff}insee,nom,zone\n13055,Marseille,ZAC\n04001,\"Aiglun, le\",zip\n\n";
        let rows = parse_csv(text, EmptyZone::Reject).expect("valide");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].zone, ZoneSet::only(ZoneCategory::Zac));
        assert_eq!(rows[1].insee, "04001");
        assert_eq!(rows[1].zone, ZoneSet::only(ZoneCategory::Zip));
    }

    #[test]
    fn empty_zone_needs_the_flag() {
        let text = "insee,zone\r\n04004,\r\n";
        let err = parse_csv(text, EmptyZone::Reject).expect_err("refusé");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("--empty-means-not-zip"), "{err}");
        let rows = parse_csv(text, EmptyZone::NotZip).expect("valide");
        assert_eq!(rows[0].zone, ZoneSet::not_zip());
    }

    #[test]
    fn every_bad_line_is_reported() {
        let text = "insee,zone\n13055,ZIP\n1305,ZIP\n13001,ZZZ\n13055,ZAC\n";
        let errors = parse_csv_lines(text, EmptyZone::Reject).expect_err("refusé");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        let rows = parse_csv_lines("insee,zone\n\n13055,ZIP\n", EmptyZone::Reject).expect("ok");
        assert_eq!(rows[0].0, 3);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let cases = [
            (
                "insee,zone\n13055,ZIP\n13001,ZZZ\n",
                3,
                "zone inconnue « ZZZ »",
            ),
            ("insee,zone\n1305,ZIP\n", 2, "code INSEE mal formé"),
            ("insee,zone\n13055,ZIP\n13055,ZAC\n", 3, "déjà listée"),
            ("insee,zone\n13055,ZIP,x\n", 2, "3 colonnes au lieu de 2"),
            ("insee,zone\n\"13055,ZIP\n", 2, "guillemet non refermé"),
            ("code,zone\n13055,ZIP\n", 1, "colonne « insee »"),
            ("insee,zone\n", 1, "aucune commune"),
            ("", 1, "fichier vide"),
        ];
        for (text, line, needle) in cases {
            let err = parse_csv(text, EmptyZone::NotZip).expect_err(text);
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.message.contains(needle), "{text:?}: {err}");
        }
    }
}
