//! A zonage: for one région and one profession, over a period, the zone of each commune
//! (domain.md §4); the in-memory index answering "commune + profession + date", where Paris,
//! Lyon and Marseille answer from their municipal arrondissements; the file formats a zonage is
//! imported from ([`parse`]) and the zonages shipped with the guichet ([`shipped`]).

pub mod labels;
pub mod parse;
pub mod shipped;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::arrondissement;
use crate::domain::profession::Profession;
use crate::domain::zone::ZoneSet;

pub use parse::{decode_text, parse_zonage, CsvError, EmptyZone, ParsedZonage, ZonageFormat};

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
    /// When the source was last checked (the import day when not given).
    pub last_checked: Option<NaiveDate>,
}

impl ZonageMeta {
    /// Whether the zonage is in force on `on`.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|to| on <= to)
    }
}

/// The zone of one commune in a zonage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneZone {
    pub insee: String,
    pub zone: ZoneSet,
}

/// The zone of a commune for one profession over a zonage's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneOfCommune {
    pub profession: Profession,
    pub zone: ZoneSet,
    pub region_code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: String,
    pub last_checked: Option<NaiveDate>,
    /// When a commune is answered from its municipal arrondissements: the zone of each
    /// (`None`: unknown); empty otherwise.
    pub arrondissements: Vec<(String, Option<ZoneSet>)>,
}

impl ZoneOfCommune {
    /// Whether the zonage is in force on `on`.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|to| on <= to)
    }

    /// Whether the arrondissements of the commune are not all in the same zone.
    pub fn varies_by_arrondissement(&self) -> bool {
        let mut zones = self.arrondissements.iter().map(|(_, z)| z);
        zones
            .next()
            .is_some_and(|first| zones.any(|other| other != first))
    }

    /// French: "ZIP", "très sous-dotée", "ZIP ou ZAC selon l'arrondissement"…
    pub fn description(&self) -> String {
        let zone = self.zone.description_for(self.profession);
        if self.varies_by_arrondissement() {
            format!("{zone} selon l'arrondissement")
        } else {
            zone
        }
    }
}

/// One zone of a commune in the index: which zonage, which categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    zonage: u32,
    zone: ZoneSet,
}

/// Every zonage of every commune, in memory, for the lookup "commune + profession + date".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZonageIndex {
    zonages: Vec<ZonageMeta>,
    by_commune: HashMap<Box<str>, Vec<Entry>>,
}

impl ZonageIndex {
    /// Builds the index from the zonages (with their ids) and their rows (zonage id, INSEE code,
    /// zone), in any order; rows of an unknown zonage are ignored.
    pub fn new(
        zonages: Vec<(String, ZonageMeta)>,
        rows: impl IntoIterator<Item = (String, String, ZoneSet)>,
    ) -> ZonageIndex {
        let positions: HashMap<String, u32> = zonages
            .iter()
            .zip(0u32..)
            .map(|((id, _), at)| (id.clone(), at))
            .collect();
        let zonages: Vec<ZonageMeta> = zonages.into_iter().map(|(_, meta)| meta).collect();
        let mut by_commune: HashMap<Box<str>, Vec<Entry>> = HashMap::new();
        for (zonage_id, insee, zone) in rows {
            if let Some(&zonage) = positions.get(&zonage_id) {
                by_commune
                    .entry(insee.into_boxed_str())
                    .or_default()
                    .push(Entry { zonage, zone });
            }
        }
        for entries in by_commune.values_mut() {
            // Per profession, the most recent zonage first.
            entries.sort_by_key(|e| {
                let z = &zonages[e.zonage as usize];
                (z.profession, std::cmp::Reverse(z.valid_from))
            });
        }
        ZonageIndex {
            zonages,
            by_commune,
        }
    }

    /// Number of (commune, zonage) rows.
    pub fn rows(&self) -> usize {
        self.by_commune.values().map(Vec::len).sum()
    }

    /// The zone listed for exactly this code (commune or arrondissement).
    fn listed(&self, insee: &str, profession: Profession, on: NaiveDate) -> Option<Entry> {
        self.by_commune.get(insee)?.iter().copied().find(|e| {
            let z = &self.zonages[e.zonage as usize];
            z.profession == profession && z.in_force(on)
        })
    }

    fn answer(&self, entry: Entry, zone: ZoneSet) -> ZoneOfCommune {
        let z = &self.zonages[entry.zonage as usize];
        ZoneOfCommune {
            profession: z.profession,
            zone,
            region_code: z.region_code.clone(),
            valid_from: z.valid_from,
            valid_to: z.valid_to,
            source: z.source.clone(),
            last_checked: z.last_checked,
            arrondissements: Vec::new(),
        }
    }

    /// The zone of a commune (or municipal arrondissement) for `profession` on `on`, if a
    /// zonage is in force. Paris, Lyon and Marseille answer from their arrondissements: the
    /// zone when they all agree, the set of their zones otherwise, and the whole scale
    /// ("zone non déterminée") when some are unknown.
    pub fn zone_of_commune(
        &self,
        insee: &str,
        profession: Profession,
        on: NaiveDate,
    ) -> Option<ZoneOfCommune> {
        let parts = arrondissement::of_commune(insee);
        let found: Vec<(&str, Option<Entry>)> = parts
            .iter()
            .map(|a| (a.insee.as_str(), self.listed(&a.insee, profession, on)))
            .collect();
        let Some(first) = found.iter().find_map(|(_, e)| *e) else {
            return self
                .listed(insee, profession, on)
                .map(|e| self.answer(e, e.zone));
        };
        let mut zone = found
            .iter()
            .filter_map(|(_, e)| e.map(|e| e.zone))
            .fold(ZoneSet::EMPTY, ZoneSet::union);
        if found.iter().any(|(_, e)| e.is_none()) {
            zone = zone.union(ZoneSet::scale(profession));
        }
        let mut answer = self.answer(first, zone);
        answer.arrondissements = found
            .into_iter()
            .map(|(code, e)| (code.to_string(), e.map(|e| e.zone)))
            .collect();
        Some(answer)
    }

    /// The zones of a commune on `on`, one per profession that has a zonage in force there.
    pub fn zones_of_commune(&self, insee: &str, on: NaiveDate) -> Vec<ZoneOfCommune> {
        Profession::ALL
            .iter()
            .filter_map(|&p| self.zone_of_commune(insee, p, on))
            .collect()
    }
}

#[cfg(test)]
mod tests;
