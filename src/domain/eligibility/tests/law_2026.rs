//! The cases of issue 12, checked against the law as it stands on 2026-12-06: version
//! boundaries (the day before, the day of, the day after), announced aids, the new inputs and
//! zones checked against each profession's scale.

use super::catalogue;
use crate::domain::eligibility::{evaluate_one, parse_json, AidResult, AidStatus, Profile};
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{ZoneCategory, ZoneSet};
use serde_json::json;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(code: &str, profile: &Profile, on: &str) -> AidResult {
    let cat = catalogue();
    evaluate_one(cat, cat.get(code).unwrap(), profile, day(on))
}

fn statuses(code: &str, profile: &Profile, days: [&str; 3]) -> [AidStatus; 3] {
    days.map(|d| run(code, profile, d).status)
}

fn interne(distance: f64) -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Interne),
        zone: Some(ZoneSet::only(ZoneCategory::Zac)),
        ambulatory_internship: Some(true),
        distance_km: Some(distance),
        housed_free: Some(false),
        ..Profile::default()
    }
}

fn doctor(installed_on: &str) -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        specialty: Some("medecine-generale".into()),
        situation: Some(Situation::Installe),
        installed_on: Some(day(installed_on)),
        first_installation: Some(true),
        installation_aid_last_10_years: Some(false),
        zone: Some(ZoneSet::only(ZoneCategory::Zip)),
        sector: Some(Sector::Secteur1),
        ..Profile::default()
    }
}

#[test]
fn housing_allowance_drops_the_distance_and_pays_300_from_november_2020() {
    use AidStatus::*;
    let near = interne(15.0);
    let days = ["2020-10-31", "2020-11-01", "2020-11-02"];
    assert_eq!(
        statuses("PRIME-INTERNE", &near, days),
        [Ineligible, Eligible, Eligible]
    );
    let r = run("PRIME-INTERNE", &near, "2026-12-06");
    assert_eq!(r.amount.unwrap().euros, Some(300));
    let far = run("PRIME-INTERNE", &interne(40.0), "2020-10-31");
    assert_eq!(far.amount.unwrap().euros, Some(200));
    let housed = Profile {
        housed_free: Some(true),
        ..near.clone()
    };
    assert_eq!(
        run("PRIME-INTERNE", &housed, "2026-12-06").status,
        Ineligible
    );
    // Pharmacy interns: fragile territories, not the médecins' zonage.
    let pharmacy = Profile {
        profession: Some(Profession::Pharmacien),
        zone: None,
        fragile_territory: Some(true),
        ..near.clone()
    };
    assert_eq!(
        run("PRIME-INTERNE", &pharmacy, "2026-12-06").status,
        Eligible
    );
    let not_fragile = Profile {
        fragile_territory: Some(false),
        ..pharmacy
    };
    assert_eq!(
        run("PRIME-INTERNE", &not_fragile, "2026-12-06").status,
        Ineligible
    );
}

#[test]
fn installation_aid_needs_an_installation_from_2026_and_no_aid_in_ten_years() {
    use AidStatus::*;
    let november = doctor("2025-11-15");
    assert_eq!(
        run("AIDE-INSTALLATION", &november, "2026-06-01").status,
        Ineligible
    );
    let days = ["2025-12-31", "2026-01-01", "2026-01-02"];
    let new_year = doctor("2026-01-01");
    assert_eq!(
        statuses("AIDE-INSTALLATION", &new_year, days),
        [Closed, Eligible, Eligible]
    );
    let helped = Profile {
        installation_aid_last_10_years: Some(true),
        ..new_year.clone()
    };
    assert_eq!(
        run("AIDE-INSTALLATION", &helped, "2026-06-01").status,
        Ineligible
    );
    let optam_aco = Profile {
        sector: Some(Sector::Secteur2Optam),
        ..new_year
    };
    assert_eq!(
        run("AIDE-INSTALLATION", &optam_aco, "2026-06-01").status,
        Eligible
    );
}

#[test]
fn a_secondary_practice_in_a_zip_gets_3000_without_first_installation() {
    let p = Profile {
        first_installation: Some(false),
        secondary_practice: Some(true),
        ..doctor("2010-01-01")
    };
    let r = run("AIDE-CABINET-SECONDAIRE", &p, "2026-12-06");
    assert_eq!(r.status, AidStatus::Eligible, "{r:#?}");
    assert_eq!(r.amount.unwrap().euros, Some(3000));
    assert_eq!(
        run("AIDE-INSTALLATION", &p, "2026-12-06").status,
        AidStatus::Ineligible
    );
}

#[test]
fn docteur_junior_in_a_zip_is_announced_then_eligible_from_2026_11_02() {
    use AidStatus::*;
    let p = Profile {
        situation: Some(Situation::DocteurJunior),
        ambulatory_internship: Some(true),
        ..doctor("2026-11-02")
    };
    let days = ["2026-11-01", "2026-11-02", "2026-11-03"];
    assert_eq!(
        statuses("DOCTEUR-JUNIOR-ZIP", &p, days),
        [Announced, Eligible, Eligible]
    );
    let before = run("DOCTEUR-JUNIOR-ZIP", &p, "2026-11-01");
    assert!(
        before.summary.contains("2 novembre 2026"),
        "{}",
        before.summary
    );
    assert!(
        before.summary.contains("vous en rempliriez"),
        "{}",
        before.summary
    );
    assert_eq!(run("DOCTEUR-JUNIOR-ZIP", &p, "2025-08-27").status, Closed);
    let r = run("DOCTEUR-JUNIOR-ZIP", &p, "2026-12-06");
    assert_eq!(r.amount.unwrap().euros, Some(1000));
    let interne = Profile {
        situation: Some(Situation::Interne),
        ..p
    };
    assert_eq!(
        run("DOCTEUR-JUNIOR-ZIP", &interne, "2026-12-06").status,
        Ineligible
    );
}

#[test]
fn ptma_2026_is_announced_never_eligible() {
    let p = Profile {
        situation: Some(Situation::Remplacant),
        ..doctor("2026-11-02")
    };
    let r = run("PTMA-2026", &p, "2026-12-06");
    assert_eq!(r.status, AidStatus::Announced);
    assert!(
        r.summary.starts_with("Annoncé, pas encore applicable"),
        "{}",
        r.summary
    );
    assert!(r.summary.contains("décret"), "{}", r.summary);
    assert!(r
        .criteria
        .iter()
        .all(|c| c.result == crate::domain::zone::Tri::Met));
    let salarie = Profile {
        situation: Some(Situation::Salarie),
        ..p
    };
    let r = run("PTMA-2026", &salarie, "2026-12-06");
    assert_eq!(r.status, AidStatus::Announced);
    assert!(r.summary.contains("ne serait pas rempli"), "{}", r.summary);
}

#[test]
fn a_nurse_installing_for_the_first_time_finds_capii_not_caii() {
    let nurse = Profile {
        profession: Some(Profession::Infirmier),
        situation: Some(Situation::Installe),
        installed_on: Some(day("2026-10-01")),
        first_installation: Some(true),
        zone: Some(ZoneSet::only(ZoneCategory::TresSousDotee)),
        coordinated_practice: Some(true),
        ..Profile::default()
    };
    let capii = run("CAPII", &nurse, "2026-12-06");
    assert_eq!(capii.status, AidStatus::Eligible);
    assert_eq!(capii.amount.unwrap().euros, Some(37500));
    assert_eq!(
        run("CAII", &nurse, "2026-12-06").status,
        AidStatus::Ineligible
    );
    assert_eq!(
        run("CAMII", &nurse, "2026-12-06").status,
        AidStatus::Eligible
    );
    assert_eq!(run("CAIM", &nurse, "2026-12-06").status, AidStatus::Closed);
}

#[test]
fn a_zone_outside_the_professions_scale_is_refused_naming_the_field() {
    let today = day("2026-12-06");
    let errors = parse_json(
        &json!({ "profession": "infirmier", "situation": "installe", "zone": "ZIP" }),
        today,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "zone");
    assert!(
        errors[0].message.contains("zonage des infirmiers"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("tres-sous-dotee"),
        "{}",
        errors[0].message
    );
    let errors = parse_json(
        &json!({ "profession": "medecin", "situation": "installe", "zone": "sous-dotee" }),
        today,
    )
    .unwrap_err();
    assert_eq!(errors[0].field, "zone");
    let ok = parse_json(
        &json!({ "profession": "orthophoniste", "situation": "docteur-junior",
                 "zone": "sous-dense", "housed_free": false,
                 "installation_aid_last_10_years": true, "secondary_practice": true }),
        today,
    )
    .unwrap();
    assert_eq!(ok.profile.situation, Some(Situation::DocteurJunior));
    assert_eq!(ok.profile.housed_free, Some(false));
    assert_eq!(ok.profile.installation_aid_last_10_years, Some(true));
    assert_eq!(ok.profile.secondary_practice, Some(true));
}

#[test]
fn a_regional_aid_is_decided_by_the_region_of_the_practice() {
    use crate::domain::eligibility::Place;
    let lille = Profile {
        place: Some(Place {
            commune: "59350".into(),
            departement: "59".into(),
            region: "32".into(),
        }),
        ..doctor("2025-09-01")
    };
    let days = ["2025-12-31", "2026-01-01", "2026-10-30"];
    use AidStatus::*;
    assert_eq!(
        statuses("CRAI-HAUTS-DE-FRANCE", &lille, days),
        [Closed, Eligible, Eligible]
    );
    let after = run("CRAI-HAUTS-DE-FRANCE", &lille, "2026-10-31");
    assert_eq!(after.status, Closed);
    assert!(
        after.summary.contains("AIDE-INSTALLATION"),
        "{}",
        after.summary
    );
    let nowhere = Profile {
        place: None,
        ..lille
    };
    let r = run("CRAI-HAUTS-DE-FRANCE", &nowhere, "2026-06-01");
    assert_eq!(r.missing, vec![crate::domain::eligibility::Input::Commune]);
}
