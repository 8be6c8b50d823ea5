//! Table entries for the médecins' aids and the CESP (see [`super::aid_table`]).

use super::aid_table::{AidCase, Mutation};
use crate::domain::eligibility::{Input, Profile};
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{ZoneCategory, ZoneSet};
use chrono::{Months, NaiveDate};

pub(super) fn medecin(situation: Situation, on: NaiveDate) -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        specialty: Some("medecine-generale".into()),
        situation: Some(situation),
        installed_on: on.checked_sub_months(Months::new(2)),
        first_installation: Some(true),
        zone: Some(ZoneSet::only(ZoneCategory::Zip)),
        sector: Some(Sector::Secteur1),
        coordinated_practice: Some(true),
        days_per_week: Some(4.0),
        installation_aid_last_10_years: Some(false),
        secondary_practice: Some(true),
        ambulatory_internship: Some(true),
        ..Profile::default()
    }
}

fn student(_: NaiveDate) -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Etudiant),
        study_year: Some(5),
        similar_contract: Some(false),
        ..Profile::default()
    }
}

pub(super) const NOT_MEDECIN: (&str, Mutation) =
    ("profession", |p| p.profession = Some(Profession::Infirmier));
const PEDIATRIE: Mutation = |p| p.specialty = Some("pediatrie".into());
pub(super) const HZ: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::Hz));
const ZAC: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::Zac));
pub(super) const NO_ZONE: Mutation = |p| p.zone = None;
pub(super) const NOT_ZIP: Mutation = |p| p.zone = Some(ZoneSet::not_zip());
const SECTOR_2: Mutation = |p| p.sector = Some(Sector::Secteur2);
pub(super) const NO_SECTOR: Mutation = |p| p.sector = None;
const LONG_AGO: Mutation = |p| p.installed_on = NaiveDate::from_ymd_opt(2000, 1, 1);
const NO_DATE: Mutation = |p| p.installed_on = None;
pub(super) const NO_SITUATION: Mutation = |p| p.situation = None;
pub(super) const SALARIE: Mutation = |p| p.situation = Some(Situation::Salarie);

/// The médecins' aids (and the students' CESP).
pub(super) const MEDECINS: &[AidCase] = &[
    AidCase {
        code: "CESP",
        eligible: student,
        failing: &[
            NOT_MEDECIN,
            ("etudes", |p| p.situation = Some(Situation::Installe)),
            ("etudes", |p| p.study_year = Some(1)),
            ("non-cumul", |p| p.similar_contract = Some(true)),
            ("pharmacie-industrielle", |p| {
                p.profession = Some(Profession::Pharmacien);
                p.industrial_pharmacy = Some(true);
            }),
        ],
        unknown: &[
            ("etudes", |p| p.study_year = None, Input::StudyYear),
            ("etudes", NO_SITUATION, Input::Situation),
            (
                "non-cumul",
                |p| p.similar_contract = None,
                Input::SimilarContract,
            ),
            (
                "pharmacie-industrielle",
                |p| p.profession = Some(Profession::Pharmacien),
                Input::IndustrialPharmacy,
            ),
        ],
    },
    AidCase {
        code: "PTMG",
        eligible: |on| medecin(Situation::Remplacant, on),
        failing: &[
            NOT_MEDECIN,
            ("specialite", |p| p.specialty = Some("pediatrie".into())),
            ("situation", SALARIE),
            ("situation", |p| {
                p.situation = Some(Situation::Installe);
                LONG_AGO(p)
            }),
            ("zone", HZ),
            ("secteur", |p| p.sector = Some(Sector::Secteur2Optam)),
        ],
        unknown: &[
            ("specialite", |p| p.specialty = None, Input::Specialty),
            ("situation", NO_SITUATION, Input::Situation),
            (
                "situation",
                |p| {
                    p.situation = Some(Situation::Installe);
                    NO_DATE(p)
                },
                Input::InstalledOn,
            ),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "CDE",
        eligible: |on| medecin(Situation::Remplacant, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", SALARIE),
            ("zone", HZ),
            ("secteur", SECTOR_2),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "CAIM",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("installation", LONG_AGO),
            ("installation", |p| p.situation = Some(Situation::Etudiant)),
            ("zone", ZAC),
            ("zone", NOT_ZIP),
            ("secteur", SECTOR_2),
            ("exercice-coordonne", |p| {
                p.coordinated_practice = Some(false)
            }),
            ("activite", |p| p.days_per_week = Some(2.0)),
        ],
        unknown: &[
            ("installation", NO_DATE, Input::InstalledOn),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", |p| p.zone = Some(ZoneSet::all()), Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
            (
                "exercice-coordonne",
                |p| p.coordinated_practice = None,
                Input::CoordinatedPractice,
            ),
            ("activite", |p| p.days_per_week = None, Input::DaysPerWeek),
        ],
    },
    AidCase {
        code: "COSCOM",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", |p| p.situation = Some(Situation::Remplacant)),
            ("zone", NOT_ZIP),
            ("exercice-coordonne", |p| {
                p.coordinated_practice = Some(false)
            }),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            (
                "exercice-coordonne",
                |p| p.coordinated_practice = None,
                Input::CoordinatedPractice,
            ),
        ],
    },
    AidCase {
        code: "COTRAM",
        eligible: |on| Profile {
            age: Some(62),
            hosting_new_doctor: Some(true),
            ..medecin(Situation::Installe, on)
        },
        failing: &[
            NOT_MEDECIN,
            ("situation", |p| p.situation = Some(Situation::Retraite)),
            ("age", |p| p.age = Some(59)),
            ("zone", ZAC),
            ("accueil", |p| p.hosting_new_doctor = Some(false)),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("age", |p| p.age = None, Input::Age),
            ("zone", NO_ZONE, Input::Zone),
            (
                "accueil",
                |p| p.hosting_new_doctor = None,
                Input::HostingNewDoctor,
            ),
        ],
    },
    AidCase {
        code: "CSTM",
        eligible: |on| Profile {
            zone: Some(ZoneSet::not_zip()),
            outreach_days_per_year_in_zip: Some(10),
            ..medecin(Situation::Installe, on)
        },
        failing: &[
            NOT_MEDECIN,
            ("situation", |p| p.situation = Some(Situation::Interne)),
            ("zone", |p| p.zone = Some(ZoneSet::only(ZoneCategory::Zip))),
            ("consultations-en-zip", |p| {
                p.outreach_days_per_year_in_zip = Some(9)
            }),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", |p| p.zone = Some(ZoneSet::all()), Input::Zone),
            (
                "consultations-en-zip",
                |p| p.outreach_days_per_year_in_zip = None,
                Input::OutreachDaysPerYearInZip,
            ),
        ],
    },
    AidCase {
        code: "AIDE-INSTALLATION",
        eligible: |on| Profile {
            installed_on: Some(on),
            ..medecin(Situation::Installe, on)
        },
        failing: &[
            NOT_MEDECIN,
            ("premiere-installation", |p| {
                p.first_installation = Some(false)
            }),
            ("installation", LONG_AGO),
            ("installation", SALARIE),
            ("installation", |p| {
                p.installed_on = NaiveDate::from_ymd_opt(2025, 12, 31)
            }),
            ("dix-ans", |p| p.installation_aid_last_10_years = Some(true)),
            ("zone", HZ),
            ("zone", |p| p.zone = Some(ZoneSet::only(ZoneCategory::Zv))),
            ("secteur", SECTOR_2),
        ],
        unknown: &[
            (
                "premiere-installation",
                |p| p.first_installation = None,
                Input::FirstInstallation,
            ),
            ("installation", NO_DATE, Input::InstalledOn),
            (
                "dix-ans",
                |p| p.installation_aid_last_10_years = None,
                Input::InstallationAidLast10Years,
            ),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "PRIME-INTERNE",
        eligible: |_| Profile {
            profession: Some(Profession::Medecin),
            situation: Some(Situation::Interne),
            zone: Some(ZoneSet::only(ZoneCategory::Zac)),
            ambulatory_internship: Some(true),
            distance_km: Some(30.5),
            housed_free: Some(false),
            ..Profile::default()
        },
        failing: &[
            ("profession", |p| p.profession = Some(Profession::SageFemme)),
            ("situation", |p| p.situation = Some(Situation::Etudiant)),
            ("zone", |p| p.zone = Some(ZoneSet::only(ZoneCategory::Zar))),
            ("stage-ambulatoire", |p| {
                p.ambulatory_internship = Some(false)
            }),
            ("distance", |p| p.distance_km = Some(30.0)),
            ("hebergement", |p| p.housed_free = Some(true)),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            (
                "stage-ambulatoire",
                |p| p.ambulatory_internship = None,
                Input::AmbulatoryInternship,
            ),
            ("distance", |p| p.distance_km = None, Input::DistanceKm),
            ("hebergement", |p| p.housed_free = None, Input::HousedFree),
        ],
    },
    AidCase {
        code: "AIDE-CABINET-SECONDAIRE",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", SALARIE),
            ("cabinet-secondaire", |p| p.secondary_practice = Some(false)),
            ("zone", ZAC),
            ("secteur", SECTOR_2),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            (
                "cabinet-secondaire",
                |p| p.secondary_practice = None,
                Input::SecondaryPractice,
            ),
            ("zone", NO_ZONE, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "MAJORATION-FMT-ZIP",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[NOT_MEDECIN, ("situation", SALARIE), ("zone", ZAC)],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
    AidCase {
        code: "DOCTEUR-JUNIOR-ZIP",
        eligible: |on| medecin(Situation::DocteurJunior, on),
        failing: &[
            NOT_MEDECIN,
            ("specialite", PEDIATRIE),
            ("situation", |p| p.situation = Some(Situation::Interne)),
            ("stage-ambulatoire", |p| {
                p.ambulatory_internship = Some(false)
            }),
            ("zone", ZAC),
        ],
        unknown: &[
            ("specialite", |p| p.specialty = None, Input::Specialty),
            ("situation", NO_SITUATION, Input::Situation),
            (
                "stage-ambulatoire",
                |p| p.ambulatory_internship = None,
                Input::AmbulatoryInternship,
            ),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
    AidCase {
        code: "MAITRE-STAGE-DOCTEUR-JUNIOR",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("specialite", PEDIATRIE),
            ("situation", SALARIE),
        ],
        unknown: &[
            ("specialite", |p| p.specialty = None, Input::Specialty),
            ("situation", NO_SITUATION, Input::Situation),
        ],
    },
    AidCase {
        code: "PTMA-2026",
        eligible: |on| medecin(Situation::Remplacant, on),
        failing: &[
            NOT_MEDECIN,
            ("specialite", PEDIATRIE),
            ("situation", SALARIE),
            ("zone", HZ),
            ("secteur", |p| p.sector = Some(Sector::Secteur2Optam)),
        ],
        unknown: &[
            ("specialite", |p| p.specialty = None, Input::Specialty),
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "CUMUL-EMPLOI-RETRAITE",
        eligible: |on| medecin(Situation::Retraite, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", |p| p.situation = Some(Situation::Installe)),
            ("zone", ZAC),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
        ],
    },
];
