//! `guichet import zonage FILE …`: reads a zonage CSV (see [`crate::domain::zonage`]) and
//! records it, closing the previous zonage of the same région and profession. A bad row
//! rejects the whole file: nothing is imported.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Context;

use crate::db::{self, DbConnection};
use crate::domain::zonage::{parse_csv, CommuneZone, EmptyZone, ZonageMeta};
use crate::domain::zone::{ZoneCategory, ZoneSet};

/// What an import did, for the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonageReport {
    pub communes: usize,
    pub zip: usize,
    /// Previous zonages closed by this one.
    pub closed: usize,
    /// INSEE codes of the file that the communes table of the région does not know.
    pub unknown_communes: Vec<String>,
}

/// Reads and records the CSV at `path`.
pub fn import_file(
    conn: &mut DbConnection,
    path: &Path,
    meta: &ZonageMeta,
    empty: EmptyZone,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<ZonageReport> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("lecture impossible de {}", path.display()))?;
    let rows = parse_csv(&text, empty).with_context(|| format!("{}", path.display()))?;
    import_rows(conn, meta, &rows, now)
}

/// Records already parsed rows (the demo seed uses it with the embedded PACA file).
pub fn import_rows(
    conn: &mut DbConnection,
    meta: &ZonageMeta,
    rows: &[CommuneZone],
    now: chrono::NaiveDateTime,
) -> anyhow::Result<ZonageReport> {
    if let Some(to) = meta.valid_to {
        anyhow::ensure!(
            to >= meta.valid_from,
            "--to ({to}) doit être postérieur ou égal à --from ({})",
            meta.valid_from
        );
    }
    anyhow::ensure!(
        !meta.source.trim().is_empty(),
        "--source est obligatoire : citez l'arrêté ou l'extraction d'origine"
    );
    let region = db::territories::region_name(conn, &meta.region_code)
        .context("lecture des régions impossible")?;
    anyhow::ensure!(
        region.is_some(),
        "région inconnue : {} (importez d'abord les communes, ou vérifiez le code INSEE de la région, ex. 93)",
        meta.region_code
    );
    let known: HashSet<String> = db::territories::insee_codes_of_region(conn, &meta.region_code)
        .context("lecture des communes impossible")?
        .into_iter()
        .collect();
    let unknown_communes = rows
        .iter()
        .filter(|r| !known.contains(&r.insee))
        .map(|r| r.insee.clone())
        .collect();
    let recorded = db::zonage::record(conn, meta, rows, now)?;
    Ok(ZonageReport {
        communes: recorded.communes,
        zip: rows
            .iter()
            .filter(|r| r.zone == ZoneSet::only(ZoneCategory::Zip))
            .count(),
        closed: recorded.closed,
        unknown_communes,
    })
}
