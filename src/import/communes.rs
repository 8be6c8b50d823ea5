//! Reads régions, départements and current communes from the `@etalab/decoupage-administratif`
//! JSON files and upserts them: re-running the import updates, never duplicates.

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::db::{self, DbConnection};
use crate::domain::territory::{Commune, Departement, Region};

#[derive(Deserialize)]
struct RawRegion {
    code: String,
    nom: String,
}

#[derive(Deserialize)]
struct RawDepartement {
    code: String,
    nom: String,
    region: String,
}

#[derive(Deserialize)]
struct RawCommune {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    departement: Option<String>,
    region: Option<String>,
    #[serde(rename = "codesPostaux", default)]
    postal_codes: Vec<String>,
    population: Option<i64>,
}

/// What an import did, for the CLI and the benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub regions: usize,
    pub departements: usize,
    pub communes: usize,
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<T> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "lecture impossible de {} (lancez `make run` ou `npm install` dans assets/)",
            path.display()
        )
    })?;
    serde_json::from_slice(&bytes).with_context(|| format!("JSON invalide dans {}", path.display()))
}

/// Parses the three files of `dir` into domain values (only `commune-actuelle` entries).
pub fn read_dir(dir: &Path) -> anyhow::Result<(Vec<Region>, Vec<Departement>, Vec<Commune>)> {
    let regions: Vec<RawRegion> = read_json(&dir.join("regions.json"))?;
    let departements: Vec<RawDepartement> = read_json(&dir.join("departements.json"))?;
    let communes: Vec<RawCommune> = read_json(&dir.join("communes.json"))?;
    let regions = regions
        .into_iter()
        .map(|r| Region {
            code: r.code,
            name: r.nom,
        })
        .collect();
    let departements = departements
        .into_iter()
        .map(|d| Departement {
            code: d.code,
            name: d.nom,
            region_code: d.region,
        })
        .collect();
    let communes = communes
        .into_iter()
        .filter(|c| c.kind == "commune-actuelle")
        .filter_map(|c| {
            Some(Commune {
                insee: c.code,
                name: c.nom,
                departement_code: c.departement?,
                region_code: c.region?,
                postal_codes: c.postal_codes,
                population: i32::try_from(c.population.unwrap_or(0)).unwrap_or(i32::MAX),
            })
        })
        .collect();
    Ok((regions, departements, communes))
}

/// Imports the files of `dir` in one transaction.
pub fn import_dir(
    conn: &mut DbConnection,
    dir: &Path,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<ImportReport> {
    let (regions, departements, communes) = read_dir(dir)?;
    db::territories::upsert_all(conn, &regions, &departements, &communes, now)
        .context("enregistrement des territoires impossible")?;
    Ok(ImportReport {
        regions: regions.len(),
        departements: departements.len(),
        communes: communes.len(),
    })
}
