//! The zonages shipped with the guichet (`reference/zonage/france/`, embedded): recorded on
//! first start for every région that has communes, and again by `guichet import zonage-france`
//! (idempotent: a shipped zonage already there is replaced in place, never duplicated).

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::Context;

use super::zonage::{departement_of, record_in_region, ImportError, Origin, RegionCommunes};
use crate::db::{self, DbConnection};
use crate::domain::zonage::shipped::{self, ShippedZonage};
use crate::domain::zonage::{parse_zonage, CommuneZone, EmptyZone, ZonageFormat, ZonageMeta};

/// What to do with a shipped zonage already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Leave it (first start, demo seeding).
    Keep,
    /// Replace its communes, source and check date (`guichet import zonage-france`).
    Replace,
}

/// What loading the shipped zonages did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShippedReport {
    /// Zonages recorded (one per région, profession and file).
    pub recorded: usize,
    /// Zonages already there and replaced.
    pub replaced: usize,
    /// Zonages already there and kept.
    pub kept: usize,
    /// Commune rows written.
    pub communes: usize,
    /// Rows left out because the territories table does not know the commune.
    pub unknown_communes: usize,
    /// Zonages not recorded, with the reason (French).
    pub skipped: Vec<String>,
    pub seconds: f64,
}

/// One shipped file, read once per process.
struct ShippedFile {
    zonage: ShippedZonage,
    rows: Vec<CommuneZone>,
    without_zone: Vec<String>,
}

fn shipped_files() -> anyhow::Result<&'static [ShippedFile]> {
    static FILES: OnceLock<Result<Vec<ShippedFile>, String>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let mut out = Vec::new();
        for zonage in shipped::manifest()? {
            let text = zonage.text().unwrap_or_default();
            let parsed =
                parse_zonage(text, zonage.profession, EmptyZone::Unknown).map_err(|errors| {
                    let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                    format!("{} illisible : {first}", zonage.path())
                })?;
            out.push(ShippedFile {
                rows: parsed.rows.into_iter().map(|(_, r)| r).collect(),
                without_zone: parsed.without_zone,
                zonage,
            });
        }
        Ok(out)
    });
    files.as_deref().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Records the shipped zonages of `regions` (every région with communes when `None`).
pub fn import_shipped(
    conn: &mut DbConnection,
    regions: Option<&[&str]>,
    existing: Existing,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<ShippedReport> {
    let started = Instant::now();
    let files = shipped_files()?;
    let region_of: HashMap<String, String> = db::territories::departement_regions(conn)
        .context("lecture des départements impossible")?
        .into_iter()
        .collect();
    let mut with_communes: Vec<String> = db::territories::commune_regions(conn)
        .context("lecture des communes impossible")?
        .into_iter()
        .map(|(_, region)| region)
        .collect();
    with_communes.sort();
    with_communes.dedup();
    let wanted: Vec<String> = with_communes
        .into_iter()
        .filter(|r| regions.is_none_or(|only| only.contains(&r.as_str())))
        .collect();
    // Per région: (meta, its rows, its rows without zone, file), oldest first per profession.
    let mut plan: Vec<(ZonageMeta, Vec<CommuneZone>, usize, &ShippedFile)> = Vec::new();
    for file in files {
        let mut by_region: HashMap<&str, Vec<CommuneZone>> = HashMap::new();
        for row in &file.rows {
            if let Some(region) = region_of.get(departement_of(&row.insee)) {
                by_region.entry(region).or_default().push(row.clone());
            }
        }
        for region in &wanted {
            let Some(meta) = file.zonage.meta_for(region) else {
                continue;
            };
            let Some(rows) = by_region.remove(region.as_str()) else {
                continue;
            };
            let without_zone = file
                .without_zone
                .iter()
                .filter(|c| region_of.get(departement_of(c)) == Some(region))
                .count();
            plan.push((meta, rows, without_zone, file));
        }
    }
    plan.sort_by(|a, b| {
        (&a.0.region_code, a.0.profession, a.0.valid_from).cmp(&(
            &b.0.region_code,
            b.0.profession,
            b.0.valid_from,
        ))
    });
    let mut report = ShippedReport::default();
    let mut regions: HashMap<String, RegionCommunes> = HashMap::new();
    for (meta, rows, without_zone, file) in plan {
        if !regions.contains_key(&meta.region_code) {
            let Some(region) = RegionCommunes::load(conn, &meta.region_code)? else {
                continue;
            };
            regions.insert(meta.region_code.clone(), region);
        }
        let Some(region) = regions.get(&meta.region_code) else {
            continue;
        };
        let planned = Planned {
            meta: &meta,
            rows: &rows,
            without_zone,
            file,
            region,
        };
        record_one(conn, &planned, existing, now, &mut report)?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One zonage to record: a shipped file for one région.
struct Planned<'a> {
    meta: &'a ZonageMeta,
    rows: &'a [CommuneZone],
    without_zone: usize,
    file: &'a ShippedFile,
    region: &'a RegionCommunes,
}

fn record_one(
    conn: &mut DbConnection,
    planned: &Planned,
    existing: Existing,
    now: chrono::NaiveDateTime,
    report: &mut ShippedReport,
) -> anyhow::Result<()> {
    let Planned {
        meta,
        rows,
        without_zone,
        file,
        region,
    } = *planned;
    let path = file.zonage.path();
    let what = format!(
        "{} {} du {} ({})",
        meta.region_code,
        meta.profession.slug(),
        meta.valid_from,
        file.zonage.file
    );
    let stored =
        db::zonage::starting_on(conn, &meta.region_code, meta.profession, meta.valid_from)?;
    if let Some(stored) = stored {
        if stored.file_name.as_deref() != Some(path.as_str()) {
            report
                .skipped
                .push(format!("{what} : un autre zonage commence le même jour"));
        } else if existing == Existing::Keep {
            report.kept += 1;
        } else {
            let known: Vec<CommuneZone> = rows
                .iter()
                .filter(|r| region.known.contains(&r.insee))
                .cloned()
                .collect();
            let to = stored.valid_to.as_deref();
            report.communes += db::zonage::replace(conn, &stored.id, to, meta, &known, now)?;
            report.replaced += 1;
        }
        return Ok(());
    }
    let origin = Origin {
        format: ZonageFormat::Guichet,
        without_zone,
        file_name: &path,
        actor_id: None,
        audited: false,
    };
    match record_in_region(conn, meta, rows, region, origin, now) {
        Ok(done) => {
            report.recorded += 1;
            report.communes += done.communes;
            report.unknown_communes += done.unknown_communes.len();
        }
        // None of the file's communes of this région is in the territories table (tests
        // load a few communes only): nothing to record.
        Err(ImportError::Field {
            field: "fichier", ..
        }) => {
            report.unknown_communes += rows.len();
        }
        Err(ImportError::LaterZonageExists(later)) => report.skipped.push(format!(
            "{what} : un zonage plus récent commence le {later}"
        )),
        Err(e) => return Err(anyhow::anyhow!("zonage {what} : {e}")),
    }
    Ok(())
}
