//! Table-driven checks of every shipped aid: for each version, an eligible profile on its first
//! and last day, the aid closed the day before its first version and the day after its last,
//! each criterion failing alone and each `needs_info` path.

use super::catalogue;
use crate::domain::eligibility::{evaluate_one, AidStatus, Input, Profile};
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{Tri, ZoneCategory, ZoneSet};
use chrono::{Days, Months, NaiveDate};

type Mutation = fn(&mut Profile);

/// One aid: a profile eligible on `on` in every version, then mutations that must make exactly
/// one criterion fail, and removals that must leave exactly one criterion unknown.
struct AidCase {
    code: &'static str,
    eligible: fn(NaiveDate) -> Profile,
    failing: &'static [(&'static str, Mutation)],
    unknown: &'static [(&'static str, Mutation, Input)],
}

fn medecin(situation: Situation, on: NaiveDate) -> Profile {
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
        ..Profile::default()
    }
}

fn student(_: NaiveDate) -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Etudiant),
        study_year: Some(5),
        ..Profile::default()
    }
}

const NOT_MEDECIN: (&str, Mutation) =
    ("profession", |p| p.profession = Some(Profession::Infirmier));
const HZ: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::Hz));
const ZAC: Mutation = |p| p.zone = Some(ZoneSet::only(ZoneCategory::Zac));
const NO_ZONE: Mutation = |p| p.zone = None;
const NOT_ZIP: Mutation = |p| p.zone = Some(ZoneSet::not_zip());
const SECTOR_2: Mutation = |p| p.sector = Some(Sector::Secteur2);
const NO_SECTOR: Mutation = |p| p.sector = None;
const LONG_AGO: Mutation = |p| p.installed_on = NaiveDate::from_ymd_opt(2000, 1, 1);
const NO_DATE: Mutation = |p| p.installed_on = None;
const NO_SITUATION: Mutation = |p| p.situation = None;
const SALARIE: Mutation = |p| p.situation = Some(Situation::Salarie);

const CASES: &[AidCase] = &[
    AidCase {
        code: "CESP",
        eligible: student,
        failing: &[
            NOT_MEDECIN,
            ("etudes", |p| p.situation = Some(Situation::Installe)),
            ("etudes", |p| p.study_year = Some(1)),
        ],
        unknown: &[
            ("etudes", |p| p.study_year = None, Input::StudyYear),
            ("etudes", NO_SITUATION, Input::Situation),
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
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("premiere-installation", |p| {
                p.first_installation = Some(false)
            }),
            ("installation", LONG_AGO),
            ("installation", SALARIE),
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
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "PRIME-INTERNE",
        eligible: |_| Profile {
            profession: Some(Profession::Pharmacien),
            situation: Some(Situation::Interne),
            zone: Some(ZoneSet::only(ZoneCategory::Zac)),
            ambulatory_internship: Some(true),
            distance_km: Some(30.5),
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
        ],
    },
];

/// First and last day of each version (an open version is checked up to 2035).
fn version_days(code: &str) -> Vec<(String, NaiveDate)> {
    let cat = catalogue();
    let aid = cat
        .get(code)
        .unwrap_or_else(|| panic!("{code} not shipped"));
    let mut days = Vec::new();
    for v in &aid.versions {
        let last =
            v.to.unwrap_or(NaiveDate::from_ymd_opt(2035, 12, 31).unwrap());
        days.push((v.label.clone(), v.from));
        days.push((v.label.clone(), last));
    }
    days
}

fn status(code: &str, profile: &Profile, on: NaiveDate) -> crate::domain::eligibility::AidResult {
    let cat = catalogue();
    let aid = cat.get(code).unwrap();
    evaluate_one(cat, aid, profile, on)
}

#[test]
fn every_aid_is_covered_by_the_table() {
    let cat = catalogue();
    for aid in cat.aids() {
        assert!(
            CASES.iter().any(|c| c.code == aid.code),
            "no table entry for {}",
            aid.code
        );
    }
}

#[test]
fn eligible_on_first_and_last_day_of_each_version() {
    for case in CASES {
        for (label, day) in version_days(case.code) {
            let r = status(case.code, &(case.eligible)(day), day);
            assert_eq!(
                r.status,
                AidStatus::Eligible,
                "{} {label} on {day}: {r:#?}",
                case.code
            );
            assert_eq!(
                r.version.as_ref().map(|v| v.label.as_str()),
                Some(label.as_str())
            );
            assert!(r.criteria.iter().all(|c| c.result == Tri::Met));
            assert!(r.missing.is_empty());
        }
    }
}

#[test]
fn closed_before_the_first_version_and_after_the_last() {
    let cat = catalogue();
    for case in CASES {
        let aid = cat.get(case.code).unwrap();
        let first = aid.versions.first().unwrap().from;
        let before = first.checked_sub_days(Days::new(1)).unwrap();
        let r = status(case.code, &(case.eligible)(before), before);
        assert_eq!(r.status, AidStatus::Closed, "{} on {before}", case.code);
        assert!(r.summary.contains("pas encore en vigueur"), "{}", r.summary);
        assert!(r.successor.is_none());
        if let Some(last) = aid.versions.last().unwrap().to {
            let after = last.checked_add_days(Days::new(1)).unwrap();
            let r = status(case.code, &(case.eligible)(after), after);
            assert_eq!(r.status, AidStatus::Closed, "{} on {after}", case.code);
            assert!(
                r.summary.starts_with("Dispositif fermé depuis le"),
                "{}",
                r.summary
            );
            assert_eq!(r.successor.as_ref().map(|s| s.code.clone()), aid.successor);
            assert!(!r.legal_refs.is_empty());
        }
    }
}

#[test]
fn each_criterion_failing_alone_makes_the_aid_ineligible() {
    for case in CASES {
        for (label, day) in version_days(case.code) {
            for (id, mutate) in case.failing {
                let mut profile = (case.eligible)(day);
                mutate(&mut profile);
                let r = status(case.code, &profile, day);
                let ctx = format!("{} {label} on {day}, failing {id}", case.code);
                assert_eq!(r.status, AidStatus::Ineligible, "{ctx}: {r:#?}");
                for c in &r.criteria {
                    let expected = if c.id == *id { Tri::NotMet } else { Tri::Met };
                    assert_eq!(c.result, expected, "{ctx}: criterion {}", c.id);
                    assert!(!c.explanation.contains('{'), "{ctx}: {}", c.explanation);
                }
                assert!(r.missing.is_empty(), "{ctx}");
            }
        }
    }
}

#[test]
fn each_missing_input_gives_needs_info_naming_it() {
    for case in CASES {
        for (label, day) in version_days(case.code) {
            for (id, mutate, input) in case.unknown {
                let mut profile = (case.eligible)(day);
                mutate(&mut profile);
                let r = status(case.code, &profile, day);
                let ctx = format!("{} {label} on {day}, unknown {id}", case.code);
                assert_eq!(r.status, AidStatus::NeedsInfo, "{ctx}: {r:#?}");
                assert_eq!(r.missing, vec![*input], "{ctx}");
                for c in &r.criteria {
                    let expected = if c.id == *id { Tri::Unknown } else { Tri::Met };
                    assert_eq!(c.result, expected, "{ctx}: criterion {}", c.id);
                }
            }
        }
    }
}
