//! Zonage categories, the set of categories a commune may be in, and the three-valued logic
//! used to decide "is the practice in such a zone?" when the source is imprecise (some sources
//! only say "ZIP or not ZIP") or missing (no zonage known: never "hors zone").

use crate::domain::profession::{join_french, slug_enum};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

slug_enum! {
    /// A category of the médecins zonage decided by each ARS (L.1434-4 CSP).
    pub enum ZoneCategory, "Zone inconnue" {
        Zip => ("ZIP", "Zone d'intervention prioritaire (ZIP)"),
        Zac => ("ZAC", "Zone d'action complémentaire (ZAC)"),
        Zv => ("ZV", "Zone de vigilance (ZV)"),
        Zar => ("ZAR", "Zone d'accompagnement régional (ZAR)"),
        Hz => ("HZ", "Hors zone (HZ)"),
    }
}

impl ZoneCategory {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The set of zonage categories a commune may be in (a small bitset).
///
/// `{ZIP}` when the source is precise, `{ZAC, ZV, ZAR, HZ}` when it only says "not ZIP".
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ZoneSet(u8);

impl ZoneSet {
    /// The empty set (only meaningful as an intermediate value).
    pub const EMPTY: ZoneSet = ZoneSet(0);

    /// Every category.
    pub fn all() -> ZoneSet {
        Self::from_categories(ZoneCategory::ALL.iter().copied())
    }

    /// A precisely known category.
    pub fn only(category: ZoneCategory) -> ZoneSet {
        ZoneSet(category.bit())
    }

    /// "Not ZIP": {ZAC, ZV, ZAR, HZ}.
    pub fn not_zip() -> ZoneSet {
        Self::only(ZoneCategory::Zip).complement()
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

    /// The categories not in this set.
    pub fn complement(self) -> ZoneSet {
        ZoneSet(!self.0 & Self::all().0)
    }

    /// Categories in both sets.
    pub fn intersection(self, other: ZoneSet) -> ZoneSet {
        ZoneSet(self.0 & other.0)
    }

    /// Whether every category of `self` is in `other`.
    pub fn is_subset(self, other: ZoneSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The categories, in canonical order (ZIP, ZAC, ZV, ZAR, HZ).
    pub fn iter(self) -> impl Iterator<Item = ZoneCategory> {
        ZoneCategory::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }

    /// French description: "ZIP", "ZIP ou ZAC", "hors ZIP (ZAC, ZV, ZAR ou HZ)", "zone inconnue".
    pub fn description(self) -> String {
        let codes = |set: ZoneSet| join_french(set.iter().map(ZoneCategory::slug), "ou");
        match self.len() {
            0 => "aucune zone".to_string(),
            1 => codes(self),
            n if n == ZoneCategory::ALL.len() => "zone non déterminée".to_string(),
            n if n == ZoneCategory::ALL.len() - 1 => {
                format!("hors {} ({})", codes(self.complement()), codes(self))
            }
            _ => codes(self),
        }
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

/// Parses the storage form "ZIP" / "ZAC|ZV|ZAR|HZ" (case-insensitive, order free, non-empty).
impl FromStr for ZoneSet {
    type Err = crate::domain::profession::UnknownSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = ZoneSet::EMPTY;
        for part in s.split('|') {
            set = ZoneSet(set.0 | part.parse::<ZoneCategory>()?.bit());
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

/// A three-valued answer: a criterion is met, not met, or cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    Met,
    NotMet,
    Unknown,
}

impl Tri {
    /// Met when `b`, not met otherwise.
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Met
        } else {
            Tri::NotMet
        }
    }

    /// Swaps met and not met; unknown stays unknown.
    pub fn negate(self) -> Tri {
        match self {
            Tri::Met => Tri::NotMet,
            Tri::NotMet => Tri::Met,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Conjunction: not met if any is, else unknown if any is, else met (met when empty).
    pub fn all<I: IntoIterator<Item = Tri>>(values: I) -> Tri {
        values.into_iter().fold(Tri::Met, |acc, v| match (acc, v) {
            (Tri::NotMet, _) | (_, Tri::NotMet) => Tri::NotMet,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::Met,
        })
    }

    /// Disjunction: met if any is, else unknown if any is, else not met (not met when empty).
    pub fn any<I: IntoIterator<Item = Tri>>(values: I) -> Tri {
        Tri::all(values.into_iter().map(Tri::negate)).negate()
    }
}

/// "The practice is in one of `allowed`": met when every possibility is allowed, not met when
/// none is, unknown otherwise, and unknown when no zonage is known (`None` or an empty set).
pub fn zone_in(possible: Option<ZoneSet>, allowed: ZoneSet) -> Tri {
    match possible {
        None => Tri::Unknown,
        Some(p) if p.is_empty() => Tri::Unknown,
        Some(p) if p.is_subset(allowed) => Tri::Met,
        Some(p) if p.intersection(allowed).is_empty() => Tri::NotMet,
        Some(_) => Tri::Unknown,
    }
}

/// "The practice is in none of `excluded`" (e.g. CSTM: main practice not in a ZIP).
pub fn zone_not_in(possible: Option<ZoneSet>, excluded: ZoneSet) -> Tri {
    zone_in(possible, excluded.complement())
}

#[cfg(test)]
mod tests {
    use super::ZoneCategory::*;
    use super::*;

    fn set(cats: &[ZoneCategory]) -> ZoneSet {
        ZoneSet::from_categories(cats.iter().copied())
    }

    #[test]
    fn zone_in_is_three_valued_over_sets() {
        let zip_zac = set(&[Zip, Zac]);
        let cases = [
            (Some(ZoneSet::only(Zip)), zip_zac, Tri::Met),
            (Some(ZoneSet::only(Zac)), zip_zac, Tri::Met),
            (Some(ZoneSet::only(Hz)), zip_zac, Tri::NotMet),
            (Some(ZoneSet::not_zip()), zip_zac, Tri::Unknown),
            (Some(ZoneSet::not_zip()), ZoneSet::only(Zip), Tri::NotMet),
            (Some(set(&[Zac, Zv])), zip_zac, Tri::Unknown),
            (Some(set(&[Zip, Zac])), zip_zac, Tri::Met),
            (Some(ZoneSet::EMPTY), zip_zac, Tri::Unknown),
            (None, zip_zac, Tri::Unknown),
            (None, ZoneSet::all(), Tri::Unknown),
        ];
        for (possible, allowed, expected) in cases {
            assert_eq!(
                zone_in(possible, allowed),
                expected,
                "{possible:?} in {allowed:?}"
            );
        }
    }

    #[test]
    fn zone_not_in_is_the_mirror() {
        let zip = ZoneSet::only(Zip);
        assert_eq!(zone_not_in(Some(ZoneSet::not_zip()), zip), Tri::Met);
        assert_eq!(zone_not_in(Some(zip), zip), Tri::NotMet);
        assert_eq!(zone_not_in(Some(set(&[Zip, Hz])), zip), Tri::Unknown);
        assert_eq!(zone_not_in(None, zip), Tri::Unknown);
    }

    #[test]
    fn tri_logic() {
        use Tri::*;
        assert_eq!(Tri::all([Met, Met]), Met);
        assert_eq!(Tri::all([Met, Unknown]), Unknown);
        assert_eq!(Tri::all([Unknown, NotMet]), NotMet);
        assert_eq!(Tri::any([NotMet, Unknown]), Unknown);
        assert_eq!(Tri::any([NotMet, NotMet]), NotMet);
        assert_eq!(Tri::any([Unknown, Met]), Met);
        assert_eq!(Tri::any([]), NotMet);
        assert_eq!(Tri::all([]), Met);
        assert_eq!(Unknown.negate(), Unknown);
        assert_eq!(serde_json::to_string(&NotMet).unwrap(), "\"not_met\"");
    }

    #[test]
    fn descriptions_and_storage_codes() {
        assert_eq!(ZoneSet::only(Zip).description(), "ZIP");
        assert_eq!(
            ZoneSet::not_zip().description(),
            "hors ZIP (ZAC, ZV, ZAR ou HZ)"
        );
        assert_eq!(set(&[Zac, Zip]).description(), "ZIP ou ZAC");
        assert_eq!(ZoneSet::all().description(), "zone non déterminée");
        assert_eq!(ZoneSet::not_zip().storage_code(), "ZAC|ZV|ZAR|HZ");
        for s in [
            ZoneSet::only(Hz),
            ZoneSet::not_zip(),
            set(&[Zip, Zar]),
            ZoneSet::all(),
        ] {
            assert_eq!(s.storage_code().parse::<ZoneSet>(), Ok(s));
        }
        assert_eq!("hz|zac".parse::<ZoneSet>(), Ok(set(&[Zac, Hz])));
        assert!("".parse::<ZoneSet>().is_err());
        assert!("ZIP|QPV".parse::<ZoneSet>().is_err());
        assert_eq!(ZoneSet::not_zip().iter().count(), 4);
    }

    #[test]
    fn categories_have_codes_and_labels() {
        assert_eq!(Zip.to_string(), "ZIP");
        assert_eq!(Zip.label(), "Zone d'intervention prioritaire (ZIP)");
        assert_eq!("zac".parse::<ZoneCategory>(), Ok(Zac));
        assert_eq!(
            serde_json::to_string(&ZoneSet::not_zip()).unwrap(),
            r#"["ZAC","ZV","ZAR","HZ"]"#
        );
        let back: ZoneSet = serde_json::from_str(r#"["HZ","ZIP"]"#).unwrap();
        assert_eq!(back, set(&[Zip, Hz]));
    }
}
