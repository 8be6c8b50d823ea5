//! Importing a zonage — one function for `guichet import zonage` and the admin page
//! (`/admin/zonage`), and the shipped files reuse its second half: the file is read in either
//! format ([`crate::domain::zonage::parse`]; any bad line rejects it, nothing is recorded),
//! the communes of the région are kept (a commune of another région, or one the territories
//! table does not know, is left out and counted), and the zonage is recorded with its import
//! log and an audit event, closing the previous zonage of the same région and profession.

use std::collections::{BTreeMap, HashSet};

use crate::db::{self, zonage::ZonageWriteError, DbConnection};
use crate::domain::arrondissement;
use crate::domain::zonage::{
    decode_text, parse_zonage, CommuneZone, CsvError, EmptyZone, ZonageFormat, ZonageMeta,
};
use crate::domain::zone::{of_profession, ZoneCategory};

/// A zonage file to import.
#[derive(Debug, Clone)]
pub struct ZonageFile<'a> {
    pub meta: ZonageMeta,
    pub bytes: &'a [u8],
    pub empty: EmptyZone,
    /// As shown in the import log (the uploaded file's name, the CLI's path).
    pub file_name: String,
    /// Who imports it (none from the command line).
    pub actor_id: Option<String>,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A field of the request (`profession`, `valid_to`, `source`, `region`, `fichier`…).
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("le fichier contient {} ligne(s) en erreur : rien n'a été importé", .0.len())]
    Lines(Vec<CsvError>),
    #[error("un zonage de cette région et de cette profession commence déjà le {0} : importez les zonages dans l'ordre chronologique")]
    LaterZonageExists(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fn field(field: &'static str, message: impl Into<String>) -> ImportError {
    ImportError::Field {
        field,
        message: message.into(),
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonageReport {
    pub zonage_id: String,
    pub format: ZonageFormat,
    /// Communes recorded with a zone.
    pub communes: usize,
    /// Communes per precise category, in the scale's order (French short labels).
    pub by_category: Vec<(&'static str, usize)>,
    /// Previous zonages closed the day before this one.
    pub closed: usize,
    /// Communes whose zone is empty or "N/A": unknown, not recorded.
    pub without_zone: usize,
    /// Communes of the région's départements that the territories table does not know.
    pub unknown_communes: Vec<String>,
    /// Communes of other régions (a national file imported for one région).
    pub outside_region: usize,
}

impl ZonageReport {
    /// French one-line summary of the counts per zone: "ZIP 403, ZAC 12".
    pub fn categories_text(&self) -> String {
        let parts: Vec<String> = self
            .by_category
            .iter()
            .map(|(label, n)| format!("{label} {n}"))
            .collect();
        parts.join(", ")
    }
}

/// Checks the request, reads the file and records the zonage.
pub fn import_zonage(
    conn: &mut DbConnection,
    file: &ZonageFile,
    now: chrono::NaiveDateTime,
) -> Result<ZonageReport, ImportError> {
    let meta = &file.meta;
    if ZoneCategory::scale(meta.profession).is_empty() {
        return Err(field(
            "profession",
            format!(
                "Il n'existe pas de zonage conventionnel {} : rien à importer.",
                of_profession(meta.profession)
            ),
        ));
    }
    if file.empty == EmptyZone::NotZip
        && meta.profession != crate::domain::profession::Profession::Medecin
    {
        return Err(field(
            "empty_means_not_zip",
            "« Zone vide = hors ZIP » ne s'applique qu'au zonage des médecins.",
        ));
    }
    let text = decode_text(file.bytes).map_err(|m| field("fichier", m))?;
    let parsed = parse_zonage(&text, meta.profession, file.empty).map_err(ImportError::Lines)?;
    let rows: Vec<CommuneZone> = parsed.rows.into_iter().map(|(_, row)| row).collect();
    record_rows(
        conn,
        meta,
        &rows,
        Origin {
            format: parsed.format,
            without_zone: parsed.without_zone.len(),
            file_name: &file.file_name,
            actor_id: file.actor_id.as_deref(),
            audited: true,
        },
        now,
    )
}

/// Where already parsed rows come from, for the import log.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub format: ZonageFormat,
    pub without_zone: usize,
    pub file_name: &'a str,
    pub actor_id: Option<&'a str>,
    /// Whether the import goes to the audit log (not the shipped data loaded on first start).
    pub audited: bool,
}

/// The département of an INSEE code: `97411` → `974`, `2A004` → `2A`, `13055` → `13`.
pub(crate) fn departement_of(insee: &str) -> &str {
    let len = if insee.starts_with("97") { 3 } else { 2 };
    insee.get(..len).unwrap_or(insee)
}

/// What an import needs to know of the région: its name, the INSEE codes of its communes and
/// of their municipal arrondissements, its départements.
#[derive(Debug, Clone)]
pub struct RegionCommunes {
    pub name: String,
    pub known: HashSet<String>,
    pub departements: HashSet<String>,
}

impl RegionCommunes {
    /// Reads them; `None` for a région the territories table does not know.
    pub fn load(conn: &mut DbConnection, region: &str) -> diesel::QueryResult<Option<Self>> {
        let Some(name) = db::territories::region_name(conn, region)? else {
            return Ok(None);
        };
        let mut known: HashSet<String> = db::territories::insee_codes_of_region(conn, region)?
            .into_iter()
            .collect();
        let parts: Vec<String> = known
            .iter()
            .flat_map(|c| {
                arrondissement::of_commune(c)
                    .iter()
                    .map(|a| a.insee.clone())
            })
            .collect();
        known.extend(parts);
        let departements = db::territories::departements_of_region(conn, region)?
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        Ok(Some(RegionCommunes {
            name,
            known,
            departements,
        }))
    }
}

/// Keeps the rows of the région's communes (and of their municipal arrondissements), records
/// them and logs the import; the others are counted.
pub fn record_rows(
    conn: &mut DbConnection,
    meta: &ZonageMeta,
    rows: &[CommuneZone],
    origin: Origin,
    now: chrono::NaiveDateTime,
) -> Result<ZonageReport, ImportError> {
    check_meta(meta)?;
    let Some(region) = RegionCommunes::load(conn, &meta.region_code)? else {
        return Err(field(
            "region",
            format!(
                "Région inconnue : {} (importez d'abord les communes, ou vérifiez le code INSEE de la région, ex. 93).",
                meta.region_code
            ),
        ));
    };
    record_in_region(conn, meta, rows, &region, origin, now)
}

fn check_meta(meta: &ZonageMeta) -> Result<(), ImportError> {
    if meta.valid_to.is_some_and(|to| to < meta.valid_from) {
        return Err(field(
            "valid_to",
            "La date de fin doit suivre l'entrée en vigueur.",
        ));
    }
    if meta.source.trim().is_empty() {
        return Err(field(
            "source",
            "Citez la source : l'arrêté ou l'extraction d'origine.",
        ));
    }
    Ok(())
}

/// [`record_rows`] with the région already read (the shipped zonages reuse it).
pub fn record_in_region(
    conn: &mut DbConnection,
    meta: &ZonageMeta,
    rows: &[CommuneZone],
    region: &RegionCommunes,
    origin: Origin,
    now: chrono::NaiveDateTime,
) -> Result<ZonageReport, ImportError> {
    check_meta(meta)?;
    let mut kept = Vec::with_capacity(rows.len());
    let mut unknown_communes = Vec::new();
    let mut outside_region = 0;
    for row in rows {
        if region.known.contains(&row.insee) {
            kept.push(row.clone());
        } else if region.departements.contains(departement_of(&row.insee)) {
            unknown_communes.push(row.insee.clone());
        } else {
            outside_region += 1;
        }
    }
    if kept.is_empty() {
        return Err(field(
            "fichier",
            format!(
                "Aucune commune du fichier n'est une commune connue de la région {} : rien n'a été importé.",
                region.name
            ),
        ));
    }
    let mut counts: BTreeMap<ZoneCategory, usize> = BTreeMap::new();
    for row in &kept {
        if let [only] = row.zone.iter().collect::<Vec<_>>()[..] {
            *counts.entry(only).or_default() += 1;
        }
    }
    let report = crate::db::transaction(conn, |conn| {
        let recorded = match db::zonage::record(conn, meta, &kept, now) {
            Ok(recorded) => recorded,
            Err(ZonageWriteError::LaterZonageExists(from)) => {
                return Err(ImportError::LaterZonageExists(from))
            }
            Err(ZonageWriteError::Database(e)) => return Err(e.into()),
        };
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        db::zonage_imports::insert(
            conn,
            &db::zonage_imports::NewZonageImport {
                id: uuid::Uuid::now_v7().to_string(),
                zonage_id: recorded.id.clone(),
                file_name: origin.file_name.to_string(),
                communes: count(recorded.communes),
                unknown_communes: count(unknown_communes.len()),
                actor_id: origin.actor_id.map(str::to_string),
                imported_at: now,
                file_format: origin.format.slug().to_string(),
                without_zone: count(origin.without_zone),
                outside_region: count(outside_region),
            },
        )?;
        let detail = format!(
            "zonage {} {} du {} : {} communes ({}, {}), {} sans zone, {} inconnues, {} hors région, {} zonage(s) clos",
            meta.region_code,
            meta.profession.slug(),
            meta.valid_from,
            recorded.communes,
            origin.file_name,
            origin.format.label(),
            origin.without_zone,
            unknown_communes.len(),
            outside_region,
            recorded.closed
        );
        if origin.audited {
            db::audit::record(
                conn,
                "zonage_import",
                origin.actor_id,
                None,
                None,
                &detail,
                now,
            )?;
        }
        Ok(ZonageReport {
            zonage_id: recorded.id,
            format: origin.format,
            communes: recorded.communes,
            by_category: ZoneCategory::scale(meta.profession)
                .iter()
                .filter_map(|c| counts.get(c).map(|n| (c.short_label(), *n)))
                .collect(),
            closed: recorded.closed,
            without_zone: origin.without_zone,
            unknown_communes: unknown_communes.clone(),
            outside_region,
        })
    })?;
    Ok(report)
}
