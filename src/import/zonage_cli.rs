//! What `guichet import zonage` and `guichet import zonage-france` print (French), around the
//! imports themselves ([`super::zonage`], [`super::zonage_france`]).

use std::path::Path;

use chrono::NaiveDateTime;

use super::zonage::{import_zonage, ImportError, ZonageFile};
use super::zonage_france::Existing;
use crate::db::DbConnection;
use crate::domain::zonage::{EmptyZone, ZonageMeta};

/// `guichet import zonage FILE …`: imports the file and prints what was done.
pub fn import_file(
    conn: &mut DbConnection,
    file: &Path,
    meta: &ZonageMeta,
    empty: EmptyZone,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("lecture impossible de {} : {e}", file.display()))?;
    let request = ZonageFile {
        meta: meta.clone(),
        bytes: &bytes,
        empty,
        file_name: file.display().to_string(),
        actor_id: None,
    };
    let report = match import_zonage(conn, &request, now) {
        Ok(report) => report,
        Err(ImportError::Lines(errors)) => {
            let mut message = format!(
                "{} : {} ligne(s) en erreur, rien n'a été importé",
                file.display(),
                errors.len()
            );
            for e in errors.iter().take(20) {
                message.push_str(&format!("\n  {e}"));
            }
            return Err(anyhow::anyhow!(message));
        }
        Err(e) => return Err(anyhow::anyhow!("{} : {e}", file.display())),
    };
    println!(
        "Zonage importé ({}) : {} communes ({}), en vigueur à partir du {}{}.",
        report.format.label(),
        report.communes,
        report.categories_text(),
        meta.valid_from,
        match report.closed {
            0 => String::new(),
            n => format!(" ; {n} zonage(s) précédent(s) clos la veille"),
        }
    );
    if report.without_zone > 0 {
        println!(
            "{} commune(s) sans zone (vide ou N/A) : zone inconnue, non importées.",
            report.without_zone
        );
    }
    if report.outside_region > 0 {
        println!(
            "{} commune(s) d'autres régions ignorées.",
            report.outside_region
        );
    }
    if !report.unknown_communes.is_empty() {
        println!(
            "Attention : {} code(s) INSEE absents du référentiel des communes de la région, ignorés : {}.",
            report.unknown_communes.len(),
            report.unknown_communes.join(", ")
        );
    }
    Ok(())
}

/// `guichet import zonage-france` and the first start: records the shipped zonages of every
/// région that has communes and prints what was done.
pub fn import_shipped(
    conn: &mut DbConnection,
    existing: Existing,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let report = super::zonage_france::import_shipped(conn, None, existing, now)?;
    println!(
        "Zonages livrés (reference/zonage/france) : {} enregistrés, {} remplacés, {} déjà présents ; {} lignes commune en {:.2} s ({} communes inconnues ignorées).",
        report.recorded,
        report.replaced,
        report.kept,
        report.communes,
        report.seconds,
        report.unknown_communes
    );
    for skipped in &report.skipped {
        println!("  non importé : {skipped}");
    }
    Ok(())
}
