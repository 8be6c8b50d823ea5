//! Version-specific rules, amounts, closed aids and the inputs a form must ask.

use super::catalogue;
use crate::domain::eligibility::{
    evaluate, evaluate_one, inputs_that_matter, installed_within, AidResult, AidStatus, Closure,
    Input, Profile,
};
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{Tri, ZoneCategory, ZoneSet};

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(code: &str, profile: &Profile, on: &str) -> AidResult {
    let cat = catalogue();
    evaluate_one(cat, cat.get(code).unwrap(), profile, day(on))
}

fn student(profession: Profession, year: u8) -> Profile {
    Profile {
        profession: Some(profession),
        situation: Some(Situation::Etudiant),
        study_year: Some(year),
        similar_contract: Some(false),
        industrial_pharmacy: Some(false),
        ..Profile::default()
    }
}

#[test]
fn cesp_follows_its_four_versions() {
    use AidStatus::*;
    let cases = [
        (Profession::ChirurgienDentiste, 3, "2013-08-15", Ineligible),
        (Profession::ChirurgienDentiste, 3, "2013-08-16", Eligible),
        (Profession::Medecin, 3, "2020-03-18", Eligible),
        (Profession::Medecin, 3, "2020-03-19", Ineligible),
        (Profession::Medecin, 4, "2020-03-19", Eligible),
        (Profession::Medecin, 2, "2026-01-15", Ineligible),
        (Profession::Medecin, 2, "2026-01-16", Eligible),
        (Profession::Medecin, 2, "2026-01-17", Eligible),
        (Profession::SageFemme, 2, "2023-12-28", Ineligible),
        (Profession::SageFemme, 2, "2026-01-15", Ineligible),
        (Profession::SageFemme, 2, "2026-01-16", Eligible),
        (Profession::Pharmacien, 3, "2025-06-01", Ineligible),
        (Profession::Pharmacien, 6, "2026-11-22", Eligible),
        (Profession::Infirmier, 3, "2026-11-22", Ineligible),
        (Profession::Medecin, 5, "2010-06-29", Closed),
    ];
    for (profession, year, on, expected) in cases {
        let r = run("CESP", &student(profession, year), on);
        assert_eq!(
            r.status, expected,
            "{profession} year {year} on {on}: {}",
            r.summary
        );
    }
    let interne = Profile {
        situation: Some(Situation::Interne),
        ..student(Profession::Medecin, 1)
    };
    assert_eq!(
        run("CESP", &interne, "2021-01-01").status,
        AidStatus::Eligible
    );
}

#[test]
fn fifth_year_medical_student_finds_cesp_eligible_with_explanation() {
    let r = run("CESP", &student(Profession::Medecin, 5), "2026-11-22");
    assert_eq!(r.status, AidStatus::Eligible);
    let etudes = r.criteria.iter().find(|c| c.id == "etudes").unwrap();
    assert_eq!(
        etudes.explanation,
        "Vous êtes étudiant à partir de la 2e année ou interne (Étudiant)."
    );
    assert_eq!(etudes.inputs, vec![Input::Situation, Input::StudyYear]);
    let amount = r.amount.unwrap();
    assert_eq!(amount.euros, Some(1200));
    assert!(r
        .commitments
        .iter()
        .any(|c| c.contains("deux ans au minimum")));
}

#[test]
fn cde_v2_is_for_remplacants_only() {
    let installe = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Installe),
        installed_on: Some(day("2023-10-01")),
        zone: Some(ZoneSet::only(ZoneCategory::Zac)),
        sector: Some(Sector::Secteur2Optam),
        ..Profile::default()
    };
    assert_eq!(
        run("CDE", &installe, "2023-12-31").status,
        AidStatus::Eligible
    );
    let r = run("CDE", &installe, "2024-01-01");
    assert_eq!(r.status, AidStatus::Ineligible);
    assert!(
        r.criteria[1].explanation.contains("remplaçants"),
        "{}",
        r.criteria[1].explanation
    );
}

#[test]
fn installed_less_than_a_year_is_strict_and_accepts_planned_dates() {
    let on = day("2025-06-15");
    assert!(installed_within(day("2024-06-16"), on, 12));
    assert!(!installed_within(day("2024-06-15"), on, 12));
    assert!(installed_within(day("2025-06-15"), on, 12));
    assert!(installed_within(day("2026-03-01"), on, 12));
    assert!(!installed_within(day("2020-01-01"), on, 12));
}

#[test]
fn caim_amount_follows_days_per_week() {
    let base = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Installe),
        installed_on: Some(day("2024-03-01")),
        zone: Some(ZoneSet::only(ZoneCategory::Zip)),
        sector: Some(Sector::Secteur1),
        coordinated_practice: Some(true),
        ..Profile::default()
    };
    for (days, euros) in [
        (5.0, Some(50000)),
        (4.0, Some(50000)),
        (3.9, Some(43750)),
        (3.0, Some(37500)),
        (2.5, Some(31250)),
        (2.0, None),
    ] {
        let p = Profile {
            days_per_week: Some(days),
            ..base.clone()
        };
        let amount = run("CAIM", &p, "2024-06-01").amount.unwrap();
        assert_eq!(amount.euros, euros, "{days} days");
        assert_eq!(amount.computed.is_some(), euros.is_some());
    }
    let unknown = run("CAIM", &base, "2024-06-01");
    assert_eq!(unknown.status, AidStatus::NeedsInfo);
    let amount = unknown.amount.unwrap();
    assert!(amount.computed.is_none() && amount.text.starts_with("50 000 €"));
}

#[test]
fn installation_aid_amount_follows_the_zone() {
    let base = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Installe),
        installed_on: Some(day("2026-02-01")),
        first_installation: Some(true),
        sector: Some(Sector::Secteur1),
        installation_aid_last_10_years: Some(false),
        ..Profile::default()
    };
    let cases = [
        (
            Some(ZoneSet::only(ZoneCategory::Zip)),
            AidStatus::Eligible,
            Some(10000),
        ),
        (
            Some(ZoneSet::only(ZoneCategory::Zac)),
            AidStatus::Eligible,
            Some(5000),
        ),
        (
            Some(ZoneSet::from_categories([
                ZoneCategory::Zip,
                ZoneCategory::Zac,
            ])),
            AidStatus::Eligible,
            None,
        ),
        (Some(ZoneSet::not_zip()), AidStatus::NeedsInfo, None),
        (
            Some(ZoneSet::only(ZoneCategory::Hz)),
            AidStatus::Ineligible,
            None,
        ),
        (None, AidStatus::NeedsInfo, None),
    ];
    for (zone, status, euros) in cases {
        let r = run(
            "AIDE-INSTALLATION",
            &Profile {
                zone,
                ..base.clone()
            },
            "2026-11-22",
        );
        assert_eq!(r.status, status, "{zone:?}");
        assert_eq!(r.amount.unwrap().euros, euros, "{zone:?}");
    }
}

#[test]
fn a_commune_known_only_as_not_zip_decides_zip_aids_but_not_zac_ones() {
    let p = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Remplacant),
        installed_on: Some(day("2025-01-01")),
        zone: Some(ZoneSet::not_zip()),
        sector: Some(Sector::Secteur1),
        coordinated_practice: Some(true),
        days_per_week: Some(4.0),
        ..Profile::default()
    };
    let caim = run("CAIM", &p, "2025-03-01");
    assert_eq!(caim.status, AidStatus::Ineligible);
    let zone = caim.criteria.iter().find(|c| c.id == "zone").unwrap();
    assert_eq!(zone.result, Tri::NotMet);
    assert!(
        zone.explanation.contains("hors ZIP (ZAC, ZV, ZAR ou HZ)"),
        "{}",
        zone.explanation
    );
    let cde = run("CDE", &p, "2025-03-01");
    assert_eq!(cde.status, AidStatus::NeedsInfo);
    assert_eq!(cde.missing, vec![Input::Zone]);
}

#[test]
fn closed_aids_say_whether_they_are_not_yet_in_force_or_replaced() {
    let p = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Remplacant),
        ..Profile::default()
    };
    let ptmg = run("PTMG", &p, "2020-12-25");
    assert_eq!(ptmg.status, AidStatus::Closed);
    assert_eq!(
        ptmg.closure,
        Some(Closure::Ended {
            last_day: day("2020-12-24")
        })
    );
    assert_eq!(
        ptmg.summary,
        "Dispositif fermé depuis le 25 décembre 2020 ; remplacé par Contrat de début d'exercice (CDE)."
    );
    assert_eq!(ptmg.successor.unwrap().code, "CDE");
    let caim = run("CAIM", &p, "2026-01-01");
    assert!(
        caim.summary.ends_with("(AIDE-INSTALLATION)."),
        "{}",
        caim.summary
    );
    assert_eq!(caim.successor.unwrap().code, "AIDE-INSTALLATION");
    let cstm = run("CSTM", &p, "2026-01-01");
    assert!(cstm.successor.is_none());
    assert!(
        cstm.summary
            .contains("renseignez-vous auprès de votre CPAM"),
        "{}",
        cstm.summary
    );
    let early = run("AIDE-INSTALLATION", &p, "2025-12-31");
    assert_eq!(
        early.closure,
        Some(Closure::NotYetInForce {
            from: day("2026-01-01")
        })
    );
    assert_eq!(
        early.summary,
        "Dispositif pas encore en vigueur à cette date : il s'applique à partir du 1er janvier 2026."
    );
}

#[test]
fn every_aid_is_closed_in_2009() {
    let p = student(Profession::Medecin, 5);
    let results = evaluate(catalogue(), &p, day("2009-01-01"));
    assert_eq!(results.len(), catalogue().aids().len());
    assert!(results.iter().all(|r| r.status == AidStatus::Closed));
}

#[test]
fn inputs_that_matter_depend_on_the_date() {
    let cat = catalogue();
    let in_2026 = inputs_that_matter(cat.aids(), day("2026-06-01"));
    assert!(in_2026.contains(&Input::FirstInstallation));
    assert!(
        !in_2026.contains(&Input::OutreachDaysPerYearInZip),
        "CSTM closed in 2026"
    );
    let in_2019 = inputs_that_matter(cat.aids(), day("2019-06-01"));
    assert!(in_2019.contains(&Input::OutreachDaysPerYearInZip));
    assert!(in_2019.contains(&Input::Specialty), "PTMG in force");
    assert!(!in_2019.contains(&Input::InstallationAidLast10Years));
    assert!(in_2026.contains(&Input::InstallationAidLast10Years));
    let cesp = inputs_that_matter(cat.get("CESP"), day("2019-06-01"));
    assert_eq!(
        cesp,
        vec![Input::Profession, Input::Situation, Input::StudyYear]
    );
    assert!(inputs_that_matter(cat.aids(), day("2009-06-01")).is_empty());
}

#[test]
fn results_serialize_with_the_api_names() {
    let r = run("CESP", &student(Profession::Medecin, 1), "2026-11-22");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["status"], "ineligible");
    assert_eq!(json["version"]["from"], "2026-01-16");
    assert_eq!(json["criteria"][1]["result"], "not_met");
    assert_eq!(json["instructed_by"][0], "universite");
    let missing = run(
        "CESP",
        &Profile {
            study_year: None,
            ..student(Profession::Medecin, 1)
        },
        "2026-11-22",
    );
    let json = serde_json::to_value(&missing).unwrap();
    assert_eq!(json["status"], "needs_info");
    assert_eq!(json["missing"], serde_json::json!(["study_year"]));
}
