//! `guichet import institutions [FILE]`: loads the national directory of institutions
//! (`domain::institution_directory`) into the database, idempotently.
//!
//! A row of the directory is matched, in order, with the institution that has its key; else with
//! one without key of the same kind, territory and profession that has its name, or that is the
//! only one of its kind there (an institution created by hand or by the demo seed is adopted, not
//! duplicated); else it is added, without a contact mailbox ("à compléter"). On a matched
//! institution the directory sets the key, official name, territory, communes, website, source
//! and note; it never touches the contact mailbox, and sets the phone only when it is empty.
//! An adopted institution keeps its own name. Rows that did not change are not written, so a
//! second run changes nothing.

use diesel::QueryResult;

use crate::db::institutions::{DirectoryFields, Institution, NewInstitution};
use crate::db::{self, DbConnection};
use crate::domain::institution_directory::{unknown_territories, DirectoryEntry};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectoryReport {
    pub added: usize,
    pub adopted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn fields_of(
    entry: &DirectoryEntry,
    current: Option<&Institution>,
    adopted: bool,
) -> DirectoryFields {
    let phone = match current {
        Some(i) if !i.phone.trim().is_empty() => i.phone.clone(),
        _ => entry.phone.clone(),
    };
    let name = match current {
        Some(i) if adopted => i.name.clone(),
        _ => entry.name.clone(),
    };
    DirectoryFields {
        directory_key: Some(entry.key.clone()),
        name,
        region_code: Some(entry.region_code.clone()),
        departement_code: entry.departement_code.clone(),
        profession: entry.profession,
        communes: entry.communes.join(" "),
        website: entry.website.clone(),
        phone,
        source: entry.source.clone(),
        note: entry.note.clone(),
    }
}

fn current_fields(i: &Institution) -> DirectoryFields {
    DirectoryFields {
        directory_key: i.directory_key.clone(),
        name: i.name.clone(),
        region_code: i.region_code.clone(),
        departement_code: i.departement_code.clone(),
        profession: i.profession,
        communes: i.communes.clone(),
        website: i.website.clone(),
        phone: i.phone.clone(),
        source: i.source.clone(),
        note: i.note.clone(),
    }
}

fn same_place(i: &Institution, entry: &DirectoryEntry) -> bool {
    i.directory_key.is_none()
        && i.kind == entry.kind
        && i.region_code.as_deref() == Some(entry.region_code.as_str())
        && i.departement_code == entry.departement_code
        && i.profession == entry.profession
}

/// The unkeyed institution the entry adopts, if any (see the module documentation).
fn adoptable<'a>(
    existing: &'a [Institution],
    entry: &DirectoryEntry,
    taken: &std::collections::HashSet<String>,
) -> Option<&'a Institution> {
    let free = |i: &&Institution| i.directory_key.is_none() && !taken.contains(&i.id);
    let candidates: Vec<&Institution> = existing
        .iter()
        .filter(free)
        .filter(|i| same_place(i, entry))
        .collect();
    existing
        .iter()
        .filter(free)
        .find(|i| i.name == entry.name && i.kind == entry.kind)
        .or(match candidates.as_slice() {
            [only] if entry.communes.is_empty() => Some(*only),
            _ => None,
        })
}

/// Why a directory was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("les territoires ne sont pas importés : lancez d'abord `guichet import communes`")]
    NoTerritories,
    #[error("territoires inconnus, rien n'a été importé :\n{}", .0.join("\n"))]
    UnknownTerritories(Vec<String>),
    #[error("base de données : {0}")]
    Database(#[from] diesel::result::Error),
}

/// Loads the entries in one transaction; see the module documentation. Nothing is written when
/// a territory of the directory is unknown to the database.
pub fn import(
    conn: &mut DbConnection,
    entries: &[DirectoryEntry],
    now: chrono::NaiveDateTime,
) -> Result<DirectoryReport, ImportError> {
    let departements = db::territories::departement_regions(conn)?;
    if departements.is_empty() {
        return Err(ImportError::NoTerritories);
    }
    let unknown = unknown_territories(entries, &departements);
    if !unknown.is_empty() {
        return Err(ImportError::UnknownTerritories(unknown));
    }
    Ok(write(conn, entries, now)?)
}

fn write(
    conn: &mut DbConnection,
    entries: &[DirectoryEntry],
    now: chrono::NaiveDateTime,
) -> QueryResult<DirectoryReport> {
    db::transaction(conn, |conn| {
        let existing = db::institutions::all(conn)?;
        let mut report = DirectoryReport::default();
        let mut taken = std::collections::HashSet::new();
        for entry in entries {
            let keyed = existing
                .iter()
                .find(|i| i.directory_key.as_deref() == Some(entry.key.as_str()));
            let (current, adopted) = match keyed {
                Some(i) => (Some(i), false),
                None => match adoptable(&existing, entry, &taken) {
                    Some(i) => (Some(i), true),
                    None => (None, false),
                },
            };
            let fields = fields_of(entry, current, adopted);
            match current {
                Some(i) => {
                    taken.insert(i.id.clone());
                    if current_fields(i) == fields {
                        report.unchanged += 1;
                    } else {
                        db::institutions::set_directory_fields(conn, &i.id, &fields)?;
                        if adopted {
                            report.adopted += 1;
                        } else {
                            report.updated += 1;
                        }
                    }
                }
                None => {
                    let mut row = NewInstitution::new(entry.kind, &entry.name, "", "", now);
                    row.region_code = fields.region_code;
                    row.departement_code = fields.departement_code;
                    row.profession = fields.profession;
                    row.directory_key = fields.directory_key;
                    row.communes = fields.communes;
                    row.website = fields.website;
                    row.phone = fields.phone;
                    row.source = fields.source;
                    row.note = fields.note;
                    db::institutions::insert(conn, &row)?;
                    report.added += 1;
                }
            }
        }
        Ok(report)
    })
}

/// `guichet import institutions [FILE]`: the shipped directory without a file. A refused file
/// lists every bad line and changes nothing (exit code 2).
pub fn run(
    pool: &db::DbPool,
    file: Option<&std::path::Path>,
    now: chrono::NaiveDateTime,
) -> Result<(), crate::command_error::StartupError> {
    use crate::command_error::StartupError;
    use crate::domain::institution_directory::{parse, SHIPPED};
    let text = match file {
        None => SHIPPED.to_string(),
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            StartupError::Refused(format!("lecture impossible de {} : {e}", path.display()))
        })?,
    };
    let entries = parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        StartupError::Refused(format!(
            "annuaire refusé, rien n'a été importé :\n{}",
            lines.join("\n")
        ))
    })?;
    let mut conn = pool
        .get()
        .map_err(|e| StartupError::Other(anyhow::anyhow!("connexion impossible : {e}")))?;
    let report = import(&mut conn, &entries, now).map_err(|e| match e {
        ImportError::Database(_) => StartupError::Other(anyhow::anyhow!("{e}")),
        _ => StartupError::Refused(e.to_string()),
    })?;
    println!(
        "Annuaire des institutions : {} lignes ; {} ajoutées, {} reprises (existantes, sans clé), {} mises à jour, {} inchangées.",
        entries.len(),
        report.added,
        report.adopted,
        report.updated,
        report.unchanged
    );
    let missing = db::institutions::without_mailbox(&mut conn)
        .map_err(|e| StartupError::Other(anyhow::anyhow!("base de données : {e}")))?
        .len();
    if missing > 0 {
        println!(
            "{missing} institution(s) sans adresse de contact (« à compléter ») : les administrateurs de chaque région les complètent dans Administration › Institutions."
        );
    }
    Ok(())
}
