//! An aid reserved to other professions answers with its profession criterion only.

use super::catalogue;
use crate::domain::eligibility::{evaluate, AidStatus, Profile, OTHER_PROFESSION};
use crate::domain::profession::{Profession, Situation};
use crate::domain::zone::{Tri, ZoneCategory, ZoneSet};
use chrono::NaiveDate;

fn doctor_in_zip() -> Profile {
    Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Installe),
        installed_on: NaiveDate::from_ymd_opt(2026, 10, 1),
        zone: Some(ZoneSet::only(ZoneCategory::Zip)),
        ..Profile::default()
    }
}

#[test]
fn a_doctor_is_told_a_nurse_contract_is_for_another_profession_and_nothing_else() {
    let on = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
    let results = evaluate(catalogue(), &doctor_in_zip(), on);
    let capii = results.iter().find(|r| r.code == "CAPII").unwrap();
    assert_eq!(capii.status, AidStatus::Ineligible);
    assert_eq!(capii.summary, OTHER_PROFESSION);
    let ids: Vec<&str> = capii.criteria.iter().map(|c| &*c.id).collect();
    assert_eq!(ids, ["profession"], "{capii:?}");
    assert_eq!(capii.criteria[0].result, Tri::NotMet);
    assert!(capii.criteria[0].explanation.contains("infirmier"));
    // Nothing about the nurse's zone scale or first installation is asked of a doctor, and no
    // amount is computed for him (the aid's page has its amounts and sources).
    assert!(capii.missing.is_empty());
    assert!(capii.amount.is_none());
    assert!(capii.legal_refs.is_empty());
    for r in results.iter().filter(|r| r.summary == OTHER_PROFESSION) {
        assert_eq!(r.criteria.len(), 1, "{}", r.code);
        assert!(r.missing.is_empty(), "{}", r.code);
    }
    // The doctor's own aids are still explained criterion by criterion.
    let own = results
        .iter()
        .find(|r| r.code == "AIDE-INSTALLATION")
        .unwrap();
    assert!(own.criteria.len() > 1, "{own:?}");
    assert_ne!(own.summary, OTHER_PROFESSION);
}

#[test]
fn an_unknown_profession_is_not_taken_for_another_one() {
    let on = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
    let profile = Profile {
        profession: None,
        ..doctor_in_zip()
    };
    let results = evaluate(catalogue(), &profile, on);
    let capii = results.iter().find(|r| r.code == "CAPII").unwrap();
    assert_ne!(capii.summary, OTHER_PROFESSION);
    assert_eq!(capii.criteria[0].result, Tri::Unknown);
    assert!(capii.criteria.len() > 1, "{capii:?}");
}
