//! Table entries for the other professions' aids (see [`super::aid_table`]).

use super::aid_table::{AidCase, Mutation};
use crate::domain::eligibility::{Input, Place, Profile};
use crate::domain::profession::{Profession, Situation};
use crate::domain::zone::{ZoneCategory, ZoneSet};
use chrono::{Months, NaiveDate};

/// A professional installed two months ago in a very under-served zone of their own scale,
/// first installation, coordinated practice, creating a practice, in a fragile territory.
fn professional(profession: Profession, zone: ZoneCategory, on: NaiveDate) -> Profile {
    Profile {
        profession: Some(profession),
        situation: Some(Situation::Installe),
        installed_on: on.checked_sub_months(Months::new(2)),
        first_installation: Some(true),
        zone: Some(ZoneSet::only(zone)),
        coordinated_practice: Some(true),
        creating_practice: Some(true),
        fragile_territory: Some(true),
        ..Profile::default()
    }
}

fn not_first(mut p: Profile) -> Profile {
    p.first_installation = Some(false);
    p.creating_practice = Some(false);
    p
}

const TSD: ZoneCategory = ZoneCategory::TresSousDotee;
const OTHER_PROFESSION: (&str, Mutation) =
    ("profession", |p| p.profession = Some(Profession::Medecin));
const OTHER_PROFESSION_NURSE: (&str, Mutation) =
    ("profession", |p| p.profession = Some(Profession::Infirmier));
const SOUS_DOTEE: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::SousDotee));
const INTERMEDIAIRE: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::Intermediaire));
const NO_ZONE: Mutation = |p| p.zone = None;
const LONG_AGO: Mutation = |p| p.installed_on = NaiveDate::from_ymd_opt(2000, 1, 1);
const NO_DATE: Mutation = |p| p.installed_on = None;
const NO_SITUATION: Mutation = |p| p.situation = None;
const SALARIE: Mutation = |p| p.situation = Some(Situation::Salarie);
const FIRST: Mutation = |p| p.first_installation = Some(true);
const NOT_FIRST: Mutation = |p| p.first_installation = Some(false);
const NO_FIRST: Mutation = |p| p.first_installation = None;

/// Installation contracts: recent installation, first or not, zone (and coordinated practice).
macro_rules! installation_case {
    ($code:literal, $eligible:expr, $first:expr, $zone_fail:expr, [$($extra_fail:expr),*], [$($extra_unknown:expr),*]) => {
        AidCase {
            code: $code,
            eligible: $eligible,
            failing: &[
                OTHER_PROFESSION,
                ("installation", LONG_AGO),
                ("premiere-installation", $first),
                ("zone", $zone_fail),
                $($extra_fail),*
            ],
            unknown: &[
                ("installation", NO_DATE, Input::InstalledOn),
                ("premiere-installation", NO_FIRST, Input::FirstInstallation),
                ("zone", NO_ZONE, Input::Zone),
                $($extra_unknown),*
            ],
        }
    };
}

/// Maintenance contracts: installed, in the zone.
macro_rules! maintenance_case {
    ($code:literal, $eligible:expr, $zone_fail:expr) => {
        AidCase {
            code: $code,
            eligible: $eligible,
            failing: &[
                OTHER_PROFESSION,
                ("situation", SALARIE),
                ("zone", $zone_fail),
            ],
            unknown: &[
                ("situation", NO_SITUATION, Input::Situation),
                ("zone", NO_ZONE, Input::Zone),
            ],
        }
    };
}

const NOT_COORDINATED: (&str, Mutation) = ("exercice-coordonne", |p| {
    p.coordinated_practice = Some(false)
});
const UNKNOWN_COORDINATED: (&str, Mutation, Input) = (
    "exercice-coordonne",
    |p| p.coordinated_practice = None,
    Input::CoordinatedPractice,
);

/// The other professions' conventional contracts and the pharmacies' aid.
pub(super) const OTHERS: &[AidCase] = &[
    installation_case!(
        "CAPII",
        |on| professional(Profession::Infirmier, TSD, on),
        NOT_FIRST,
        SOUS_DOTEE,
        [NOT_COORDINATED],
        [UNKNOWN_COORDINATED]
    ),
    installation_case!(
        "CAII",
        |on| not_first(professional(Profession::Infirmier, TSD, on)),
        FIRST,
        SOUS_DOTEE,
        [NOT_COORDINATED],
        [UNKNOWN_COORDINATED]
    ),
    maintenance_case!(
        "CAMII",
        |on| professional(Profession::Infirmier, TSD, on),
        SOUS_DOTEE
    ),
    AidCase {
        code: "CACCMK",
        eligible: |on| professional(Profession::MasseurKinesitherapeute, TSD, on),
        failing: &[
            OTHER_PROFESSION,
            ("installation", LONG_AGO),
            ("creation", |p| p.creating_practice = Some(false)),
            ("zone", SOUS_DOTEE),
        ],
        unknown: &[
            ("installation", NO_DATE, Input::InstalledOn),
            (
                "creation",
                |p| p.creating_practice = None,
                Input::CreatingPractice,
            ),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
    AidCase {
        code: "CAIMK",
        eligible: |on| not_first(professional(Profession::MasseurKinesitherapeute, TSD, on)),
        failing: &[
            OTHER_PROFESSION,
            ("installation", LONG_AGO),
            ("creation", |p| p.creating_practice = Some(true)),
            ("zone", |p| {
                p.zone = Some(ZoneSet::only(ZoneCategory::NonPrioritaire))
            }),
        ],
        unknown: &[
            ("installation", NO_DATE, Input::InstalledOn),
            (
                "creation",
                |p| p.creating_practice = None,
                Input::CreatingPractice,
            ),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
    maintenance_case!(
        "CAMMK",
        |on| professional(Profession::MasseurKinesitherapeute, TSD, on),
        SOUS_DOTEE
    ),
    installation_case!(
        "CAPISF",
        |on| professional(Profession::SageFemme, ZoneCategory::SousDotee, on),
        NOT_FIRST,
        INTERMEDIAIRE,
        [],
        []
    ),
    installation_case!(
        "CAISF",
        |on| not_first(professional(Profession::SageFemme, TSD, on)),
        FIRST,
        INTERMEDIAIRE,
        [],
        []
    ),
    maintenance_case!(
        "CAMSF",
        |on| professional(Profession::SageFemme, ZoneCategory::SousDotee, on),
        INTERMEDIAIRE
    ),
    AidCase {
        code: "CAICD",
        eligible: |on| professional(Profession::ChirurgienDentiste, TSD, on),
        failing: &[
            OTHER_PROFESSION,
            ("installation", LONG_AGO),
            ("zone", SOUS_DOTEE),
        ],
        unknown: &[
            ("installation", NO_DATE, Input::InstalledOn),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
    maintenance_case!(
        "CAMCD",
        |on| professional(Profession::ChirurgienDentiste, TSD, on),
        SOUS_DOTEE
    ),
    installation_case!(
        "CAPIOP",
        |on| professional(Profession::Orthophoniste, ZoneCategory::SousDense, on),
        NOT_FIRST,
        INTERMEDIAIRE,
        [],
        []
    ),
    installation_case!(
        "CAIOP",
        |on| not_first(professional(Profession::Orthophoniste, TSD, on)),
        FIRST,
        SOUS_DOTEE,
        [],
        []
    ),
    maintenance_case!(
        "CAMOP",
        |on| professional(Profession::Orthophoniste, ZoneCategory::SousDense, on),
        INTERMEDIAIRE
    ),
    AidCase {
        code: "MISSION-SOLIDARITE-TERRITORIALE",
        eligible: |on| professional(Profession::Medecin, ZoneCategory::Zip, on),
        failing: &[
            OTHER_PROFESSION_NURSE,
            ("situation", |p| p.situation = Some(Situation::Etudiant)),
        ],
        unknown: &[("situation", NO_SITUATION, Input::Situation)],
    },
    AidCase {
        code: "CRAI-HAUTS-DE-FRANCE",
        eligible: |_| Profile {
            profession: Some(Profession::Medecin),
            specialty: Some("medecine-generale".into()),
            situation: Some(Situation::Installe),
            installed_on: NaiveDate::from_ymd_opt(2025, 9, 1),
            installation_aid_last_10_years: Some(false),
            place: Some(Place {
                commune: "59350".into(),
                departement: "59".into(),
                region: "32".into(),
            }),
            ..Profile::default()
        },
        failing: &[
            ("region", |p| {
                p.place = Some(Place {
                    commune: "13055".into(),
                    departement: "13".into(),
                    region: "93".into(),
                })
            }),
            OTHER_PROFESSION_NURSE,
            ("installation", |p| {
                p.installed_on = NaiveDate::from_ymd_opt(2026, 1, 1)
            }),
            ("installation", |p| {
                p.installed_on = NaiveDate::from_ymd_opt(2025, 6, 30)
            }),
            ("dix-ans", |p| p.installation_aid_last_10_years = Some(true)),
        ],
        unknown: &[
            ("region", |p| p.place = None, Input::Commune),
            ("installation", NO_DATE, Input::InstalledOn),
            (
                "dix-ans",
                |p| p.installation_aid_last_10_years = None,
                Input::InstallationAidLast10Years,
            ),
        ],
    },
    AidCase {
        code: "AIDE-PHARMACIE-TERRITOIRE-FRAGILE",
        eligible: |on| Profile {
            zone: None,
            ..professional(Profession::Pharmacien, TSD, on)
        },
        failing: &[
            OTHER_PROFESSION,
            ("situation", SALARIE),
            ("territoire-fragile", |p| p.fragile_territory = Some(false)),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            (
                "territoire-fragile",
                |p| p.fragile_territory = None,
                Input::FragileTerritory,
            ),
        ],
    },
];
