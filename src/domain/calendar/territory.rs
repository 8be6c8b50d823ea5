//! Which calendar and which civil time a place follows: metropolitan France, Alsace-Moselle
//! (two more public holidays), and each overseas département or collectivité (its own time zone,
//! and the day commemorating the abolition of slavery).
//!
//! Sources (checked 2026-12-06):
//! - the eleven national public holidays: Code du travail, art. L3133-1
//!   (<https://code.travail.gouv.fr/code-du-travail/l3133-1>);
//! - Moselle, Bas-Rhin, Haut-Rhin: Good Friday and 26 December, Code du travail, art. L3134-13
//!   (<https://code.travail.gouv.fr/code-du-travail/l3134-13>). The article grants
//!   Good Friday "dans les communes ayant un temple protestant ou une église mixte"; the guichet,
//!   like the State's services there, applies it to the whole of the three départements;
//! - the abolition of slavery: Code du travail, art. L3422-2
//!   (<https://code.travail.gouv.fr/code-du-travail/l3422-2>), loi n° 83-550 du 30 juin 1983
//!   (<https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000692257>) and its décret n° 83-1003
//!   du 23 novembre 1983, art. 1, as amended by décret n° 2012-553 du 23 avril 2012 (Saint-Barthélemy, Saint-Martin) and in
//!   2017 (Saint-Martin moved from 27 to 28 May): Guadeloupe 27 May, Guyane 10 June,
//!   Martinique 22 May, Mayotte 27 April, La Réunion 20 December, Saint-Barthélemy 9 October,
//!   Saint-Martin 28 May;
//! - time zones: the IANA time zone database (crate `chrono-tz`).
//!
//! Saint-Pierre-et-Miquelon has no extra public holiday. The Pacific collectivités (Wallis et
//! Futuna, Polynésie française, Nouvelle-Calédonie), the TAAF and Clipperton have their own
//! labour law: the guichet knows their time zone and counts the national holidays only.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// A territory with its own civil time or public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Territory {
    Metropole,
    AlsaceMoselle,
    Guadeloupe,
    Martinique,
    Guyane,
    Reunion,
    Mayotte,
    SaintPierreEtMiquelon,
    SaintBarthelemy,
    SaintMartin,
    Taaf,
    WallisEtFutuna,
    Polynesie,
    NouvelleCaledonie,
    Clipperton,
}

/// When a holiday falls: a fixed day of the year, or a number of days after Easter Sunday.
#[derive(Debug, Clone, Copy)]
pub(super) enum When {
    Fixed(u32, u32),
    Easter(i64),
}

/// A public holiday: when, its French name, and the text that makes it one.
#[derive(Debug, Clone, Copy)]
pub(super) struct HolidayRule {
    pub when: When,
    pub name: &'static str,
    pub source: &'static str,
}

const L3133_1: &str = "Code du travail, art. L3133-1";
const L3134_13: &str = "Code du travail, art. L3134-13 (Alsace-Moselle)";
const SLAVERY: &str =
    "Loi n° 83-550 du 30 juin 1983 ; décret n° 83-1003 du 23 novembre 1983, art. 1";

const fn rule(when: When, name: &'static str, source: &'static str) -> HolidayRule {
    HolidayRule { when, name, source }
}

/// The national public holidays (Code du travail, art. L3133-1).
pub(super) const NATIONAL: [HolidayRule; 11] = [
    rule(When::Fixed(1, 1), "Jour de l'an", L3133_1),
    rule(When::Easter(1), "Lundi de Pâques", L3133_1),
    rule(When::Fixed(5, 1), "Fête du Travail", L3133_1),
    rule(When::Fixed(5, 8), "Victoire 1945", L3133_1),
    rule(When::Easter(39), "Ascension", L3133_1),
    rule(When::Easter(50), "Lundi de Pentecôte", L3133_1),
    rule(When::Fixed(7, 14), "Fête nationale", L3133_1),
    rule(When::Fixed(8, 15), "Assomption", L3133_1),
    rule(When::Fixed(11, 1), "Toussaint", L3133_1),
    rule(When::Fixed(11, 11), "Armistice 1918", L3133_1),
    rule(When::Fixed(12, 25), "Noël", L3133_1),
];

const ALSACE_MOSELLE: [HolidayRule; 2] = [
    rule(When::Easter(-2), "Vendredi saint", L3134_13),
    rule(When::Fixed(12, 26), "Saint-Étienne", L3134_13),
];

const ABOLITION: &str = "Commémoration de l'abolition de l'esclavage";
const GUADELOUPE: [HolidayRule; 1] = [rule(When::Fixed(5, 27), ABOLITION, SLAVERY)];
const MARTINIQUE: [HolidayRule; 1] = [rule(When::Fixed(5, 22), ABOLITION, SLAVERY)];
const GUYANE: [HolidayRule; 1] = [rule(When::Fixed(6, 10), ABOLITION, SLAVERY)];
const REUNION: [HolidayRule; 1] = [rule(When::Fixed(12, 20), ABOLITION, SLAVERY)];
const MAYOTTE: [HolidayRule; 1] = [rule(When::Fixed(4, 27), ABOLITION, SLAVERY)];
const SAINT_BARTHELEMY: [HolidayRule; 1] = [rule(When::Fixed(10, 9), ABOLITION, SLAVERY)];
const SAINT_MARTIN: [HolidayRule; 1] = [rule(When::Fixed(5, 28), ABOLITION, SLAVERY)];

impl Territory {
    pub const ALL: [Territory; 15] = [
        Self::Metropole,
        Self::AlsaceMoselle,
        Self::Guadeloupe,
        Self::Martinique,
        Self::Guyane,
        Self::Reunion,
        Self::Mayotte,
        Self::SaintPierreEtMiquelon,
        Self::SaintBarthelemy,
        Self::SaintMartin,
        Self::Taaf,
        Self::WallisEtFutuna,
        Self::Polynesie,
        Self::NouvelleCaledonie,
        Self::Clipperton,
    ];

    /// The territory of a département or collectivité code (`57`, `2A`, `972`…). An unknown or
    /// empty code is metropolitan France (the guichet's default).
    pub fn of_departement(code: &str) -> Territory {
        match code.trim() {
            "57" | "67" | "68" => Self::AlsaceMoselle,
            "971" => Self::Guadeloupe,
            "972" => Self::Martinique,
            "973" => Self::Guyane,
            "974" => Self::Reunion,
            "976" => Self::Mayotte,
            "975" => Self::SaintPierreEtMiquelon,
            "977" => Self::SaintBarthelemy,
            "978" => Self::SaintMartin,
            "984" => Self::Taaf,
            "986" => Self::WallisEtFutuna,
            "987" => Self::Polynesie,
            "988" => Self::NouvelleCaledonie,
            "989" => Self::Clipperton,
            _ => Self::Metropole,
        }
    }

    /// The territory of a département code when there is one, metropolitan France otherwise.
    pub fn of_optional(code: Option<&str>) -> Territory {
        code.map_or(Self::Metropole, Self::of_departement)
    }

    /// The territory of a région code (`93`, `02`…): the overseas régions have their own; a
    /// metropolitan région is metropolitan France (Grand Est, 44, mixes Alsace-Moselle and the
    /// rest: use the département when it is known).
    pub fn of_region(code: &str) -> Territory {
        match code.trim() {
            "01" => Self::Guadeloupe,
            "02" => Self::Martinique,
            "03" => Self::Guyane,
            "04" => Self::Reunion,
            "06" => Self::Mayotte,
            other if other.len() == 3 => Self::of_departement(other),
            _ => Self::Metropole,
        }
    }

    /// A stable ASCII name (`metropole`, `martinique`…), for templates and settings.
    pub fn key(self) -> &'static str {
        match self {
            Self::Metropole => "metropole",
            Self::AlsaceMoselle => "alsace-moselle",
            Self::Guadeloupe => "guadeloupe",
            Self::Martinique => "martinique",
            Self::Guyane => "guyane",
            Self::Reunion => "reunion",
            Self::Mayotte => "mayotte",
            Self::SaintPierreEtMiquelon => "saint-pierre-et-miquelon",
            Self::SaintBarthelemy => "saint-barthelemy",
            Self::SaintMartin => "saint-martin",
            Self::Taaf => "taaf",
            Self::WallisEtFutuna => "wallis-et-futuna",
            Self::Polynesie => "polynesie",
            Self::NouvelleCaledonie => "nouvelle-caledonie",
            Self::Clipperton => "clipperton",
        }
    }

    /// The territory of a [`Territory::key`].
    pub fn from_key(key: &str) -> Option<Territory> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The IANA time zone of the territory.
    pub fn tz(self) -> Tz {
        match self {
            Self::Metropole | Self::AlsaceMoselle => Tz::Europe__Paris,
            Self::Guadeloupe => Tz::America__Guadeloupe,
            Self::Martinique => Tz::America__Martinique,
            Self::Guyane => Tz::America__Cayenne,
            Self::Reunion => Tz::Indian__Reunion,
            Self::Mayotte => Tz::Indian__Mayotte,
            Self::SaintPierreEtMiquelon => Tz::America__Miquelon,
            Self::SaintBarthelemy => Tz::America__St_Barthelemy,
            Self::SaintMartin => Tz::America__Marigot,
            Self::Taaf => Tz::Indian__Kerguelen,
            Self::WallisEtFutuna => Tz::Pacific__Wallis,
            Self::Polynesie => Tz::Pacific__Tahiti,
            Self::NouvelleCaledonie => Tz::Pacific__Noumea,
            // Uninhabited; UTC−8 all year.
            Self::Clipperton => Tz::Etc__GMTPlus8,
        }
    }

    /// "heure de Paris", "heure de la Martinique"… for e-mails read far from the territory.
    pub fn time_label(self) -> &'static str {
        match self {
            Self::Metropole | Self::AlsaceMoselle => "heure de Paris",
            Self::Guadeloupe => "heure de la Guadeloupe",
            Self::Martinique => "heure de la Martinique",
            Self::Guyane => "heure de la Guyane",
            Self::Reunion => "heure de La Réunion",
            Self::Mayotte => "heure de Mayotte",
            Self::SaintPierreEtMiquelon => "heure de Saint-Pierre-et-Miquelon",
            Self::SaintBarthelemy => "heure de Saint-Barthélemy",
            Self::SaintMartin => "heure de Saint-Martin",
            Self::Taaf => "heure des Kerguelen",
            Self::WallisEtFutuna => "heure de Wallis-et-Futuna",
            Self::Polynesie => "heure de Tahiti",
            Self::NouvelleCaledonie => "heure de Nouméa",
            Self::Clipperton => "heure de Clipperton",
        }
    }

    /// The public holidays this territory has on top of the national ones.
    pub(super) fn local_rules(self) -> &'static [HolidayRule] {
        match self {
            Self::AlsaceMoselle => &ALSACE_MOSELLE,
            Self::Guadeloupe => &GUADELOUPE,
            Self::Martinique => &MARTINIQUE,
            Self::Guyane => &GUYANE,
            Self::Reunion => &REUNION,
            Self::Mayotte => &MAYOTTE,
            Self::SaintBarthelemy => &SAINT_BARTHELEMY,
            Self::SaintMartin => &SAINT_MARTIN,
            _ => &[],
        }
    }

    /// Every holiday rule of the territory: national first, then local.
    pub(super) fn rules(self) -> impl Iterator<Item = &'static HolidayRule> {
        NATIONAL.iter().chain(self.local_rules())
    }

    /// The legal source of the holiday on `date`, if it is one.
    pub fn holiday_source(self, date: NaiveDate) -> Option<&'static str> {
        self.rule_on(date).map(|r| r.source)
    }

    pub(super) fn rule_on(self, date: NaiveDate) -> Option<&'static HolidayRule> {
        let easter = super::easter_sunday(date.year());
        self.rules()
            .find(|r| r.when.date(date.year(), easter) == Some(date))
    }
}

impl When {
    /// The date in `year` (`easter` is that year's Easter Sunday).
    pub(super) fn date(self, year: i32, easter: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            When::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            When::Easter(offset) => {
                easter?.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
            }
        }
    }
}
