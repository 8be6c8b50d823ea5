//! The set of zonage categories a commune may be in: a small bitset over every category of
//! every profession.

use crate::domain::french;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{ScaleError, ZoneCategory};
use crate::domain::profession::Profession;

impl ZoneCategory {
    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The set of zonage categories a commune may be in.
///
/// `{ZIP}` when the source is precise, `{ZAC, ZV, ZAR, HZ}` when it only says "not ZIP",
/// `{ZIP, ZAC}` for Marseille when its arrondissements differ.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ZoneSet(u16);

impl ZoneSet {
    /// The empty set (only meaningful as an intermediate value).
    pub const EMPTY: ZoneSet = ZoneSet(0);

    /// Every category of every profession.
    pub fn all() -> ZoneSet {
        Self::from_categories(ZoneCategory::ALL.iter().copied())
    }

    /// Every category of `profession`'s scale ("zone non déterminée" for that profession).
    pub fn scale(profession: Profession) -> ZoneSet {
        Self::from_categories(ZoneCategory::scale(profession).iter().copied())
    }

    /// A precisely known category.
    pub fn only(category: ZoneCategory) -> ZoneSet {
        ZoneSet(category.bit())
    }

    /// A médecin's "not ZIP": {ZAC, ZV, ZAR, HZ}.
    pub fn not_zip() -> ZoneSet {
        Self::scale(Profession::Medecin).without(ZoneSet::only(ZoneCategory::Zip))
    }

    /// The set of the given categories.
    pub fn from_categories<I: IntoIterator<Item = ZoneCategory>>(categories: I) -> ZoneSet {
        ZoneSet(categories.into_iter().fold(0, |acc, c| acc | c.bit()))
    }

    /// Whether `category` is a possibility.
    pub fn contains(self, category: ZoneCategory) -> bool {
        self.0 & category.bit() != 0
    }

    /// Whether the set has no category at all.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of categories in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The categories (of every profession) not in this set.
    pub fn complement(self) -> ZoneSet {
        ZoneSet(!self.0 & Self::all().0)
    }

    /// Categories in both sets.
    pub fn intersection(self, other: ZoneSet) -> ZoneSet {
        ZoneSet(self.0 & other.0)
    }

    /// Categories in either set.
    pub fn union(self, other: ZoneSet) -> ZoneSet {
        ZoneSet(self.0 | other.0)
    }

    /// Categories of `self` not in `other`.
    pub fn without(self, other: ZoneSet) -> ZoneSet {
        ZoneSet(self.0 & !other.0)
    }

    /// Whether every category of `self` is in `other`.
    pub fn is_subset(self, other: ZoneSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The categories, in canonical order (ZIP, ZAC, ZV, ZAR, HZ, très sous-dotée, sous-dense,
    /// sous-dotée, intermédiaire, très dotée, sur-dotée, non prioritaire).
    pub fn iter(self) -> impl Iterator<Item = ZoneCategory> {
        ZoneCategory::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }

    /// Checks that every category belongs to `profession`'s scale (the engine refuses a
    /// médecin's ZIP given for a nurse); the error names the first one that does not.
    pub fn check_scale(self, profession: Profession) -> Result<(), ScaleError> {
        match self.iter().find(|c| !c.belongs_to(profession)) {
            None => Ok(()),
            Some(category) => Err(ScaleError {
                profession,
                category: category.slug().to_string(),
            }),
        }
    }

    /// French description when the profession is not known: "ZIP", "ZIP ou ZAC",
    /// "hors ZIP (ZAC, ZV, ZAR ou HZ)", "très sous-dotée ou sous-dotée", "zone non déterminée".
    pub fn description(self) -> String {
        if self == Self::all() {
            return "zone non déterminée".to_string();
        }
        if self.iter().all(ZoneCategory::is_medecin) {
            return self.description_for(Profession::Medecin);
        }
        self.listed()
    }

    /// French description for `profession`: the whole scale is "zone non déterminée"; "hors
    /// ZIP (…)" only for médecins.
    pub fn description_for(self, profession: Profession) -> String {
        let scale = Self::scale(profession);
        if self.is_empty() {
            return "aucune zone".to_string();
        }
        if !scale.is_empty() && scale.is_subset(self) {
            return "zone non déterminée".to_string();
        }
        let within = self.intersection(scale);
        if profession == Profession::Medecin && within == self && self.len() == scale.len() - 1 {
            return format!("hors {} ({})", scale.without(self).listed(), self.listed());
        }
        self.listed()
    }

    /// The short labels joined with "ou".
    fn listed(self) -> String {
        french::join(self.iter().map(ZoneCategory::short_label), "ou")
    }

    /// Storage form, e.g. "ZIP" or "ZAC|ZV|ZAR|HZ" (canonical order); see [`ZoneSet::from_str`].
    pub fn storage_code(self) -> String {
        self.iter()
            .map(ZoneCategory::slug)
            .collect::<Vec<_>>()
            .join("|")
    }
}

impl fmt::Debug for ZoneSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ZoneSet({})", self.storage_code())
    }
}

impl fmt::Display for ZoneSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description())
    }
}

/// Parses the storage form "ZIP" / "ZAC|ZV|ZAR|HZ" / "tres-sous-dotee|sous-dotee"
/// (case-insensitive, order free, non-empty).
impl FromStr for ZoneSet {
    type Err = crate::domain::slug::UnknownSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = ZoneSet::EMPTY;
        for part in s.split('|') {
            set = set.union(ZoneSet::only(part.parse::<ZoneCategory>()?));
        }
        Ok(set)
    }
}

impl FromIterator<ZoneCategory> for ZoneSet {
    fn from_iter<I: IntoIterator<Item = ZoneCategory>>(iter: I) -> Self {
        Self::from_categories(iter)
    }
}

/// Serialized as the list of possible categories, e.g. `["ZAC","ZV","ZAR","HZ"]`.
impl Serialize for ZoneSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ZoneSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let categories = Vec::<ZoneCategory>::deserialize(d)?;
        Ok(Self::from_categories(categories))
    }
}
