//! The zonages shipped with the guichet (`reference/zonage/france/`, see its README and
//! PROVENANCE): the files, embedded in the binary, and their manifest `zonages.toml` saying for
//! which profession, from and until when, and from which source each one holds, région by
//! région (a région that re-zoned ends the older file the day before its newer arrêté).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::ZonageMeta;
use crate::domain::profession::Profession;

/// Folder of the shipped files, relative to the repository (shown as the imported file name).
pub const FOLDER: &str = "reference/zonage/france";

const MANIFEST: &str = include_str!("../../../reference/zonage/france/zonages.toml");

macro_rules! shipped_files {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../../reference/zonage/france/", $name)))),+]
    };
}

/// Every file the manifest may name, embedded.
const FILES: &[(&str, &str)] = shipped_files!(
    "medecins-2025-05.csv",
    "medecins-paca-2026-01.csv",
    "infirmiers-2025-09.csv",
    "infirmiers-2026-03.csv",
    "masseurs-kinesitherapeutes-2025-09.csv",
    "sages-femmes-2025-09.csv",
    "chirurgiens-dentistes-2025-09.csv",
    "orthophonistes-2025-09.csv",
);

/// What changes for one région.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionOverride {
    #[serde(default, deserialize_with = "optional_date")]
    pub from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub source: Option<String>,
}

/// One shipped file and when it holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippedZonage {
    pub file: String,
    pub profession: Profession,
    #[serde(deserialize_with = "date")]
    pub from: NaiveDate,
    #[serde(default, deserialize_with = "optional_date")]
    pub to: Option<NaiveDate>,
    /// Only these régions (all when absent).
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    pub source: String,
    #[serde(deserialize_with = "date")]
    pub last_checked: NaiveDate,
    #[serde(default)]
    pub region: BTreeMap<String, RegionOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    zonage: Vec<ShippedZonage>,
}

impl ShippedZonage {
    /// The zonage of this file for `region`, or `None` when the file is not for that région.
    pub fn meta_for(&self, region: &str) -> Option<ZonageMeta> {
        if let Some(regions) = &self.regions {
            if !regions.iter().any(|r| r == region) {
                return None;
            }
        }
        let special = self.region.get(region).cloned().unwrap_or_default();
        Some(ZonageMeta {
            region_code: region.to_string(),
            profession: self.profession,
            valid_from: special.from.unwrap_or(self.from),
            valid_to: special.to.or(self.to),
            source: special.source.unwrap_or_else(|| self.source.clone()),
            last_checked: Some(self.last_checked),
        })
    }

    /// The file's text, embedded in the binary.
    pub fn text(&self) -> Option<&'static str> {
        FILES
            .iter()
            .find(|(name, _)| *name == self.file)
            .map(|(_, text)| *text)
    }

    /// The file as the import log names it.
    pub fn path(&self) -> String {
        format!("{FOLDER}/{}", self.file)
    }
}

/// Reads a manifest; every named file must be embedded.
pub fn parse_manifest(text: &str) -> Result<Vec<ShippedZonage>, String> {
    let manifest: Manifest =
        toml::from_str(text).map_err(|e| format!("{FOLDER}/zonages.toml : {e}"))?;
    for z in &manifest.zonage {
        if z.text().is_none() {
            return Err(format!(
                "{FOLDER}/zonages.toml : fichier « {} » absent du binaire",
                z.file
            ));
        }
    }
    Ok(manifest.zonage)
}

/// The shipped manifest.
pub fn manifest() -> Result<Vec<ShippedZonage>, String> {
    parse_manifest(MANIFEST)
}

fn parse_date(value: toml::Value) -> Result<NaiveDate, String> {
    let text = match value {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => return Err(format!("date attendue (AAAA-MM-JJ), trouvé : {other}")),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| format!("date impossible : {text}"))
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    parse_date(toml::Value::deserialize(d)?).map_err(serde::de::Error::custom)
}

fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

#[cfg(test)]
#[path = "shipped_tests.rs"]
mod tests;
