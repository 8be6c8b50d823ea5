//! Table-driven checks of every shipped aid: for each version, an eligible profile on its first
//! and last day, the aid closed (or announced) the day before its first version and closed the
//! day after its last, each criterion failing alone and each `needs_info` path. A version that
//! is only announced answers `announced` where another would answer anything else. The cases
//! live in [`super::cases_medecins`] and [`super::cases_others`]; a failing or unknown entry
//! applies to the versions that have that criterion.

use super::cases_medecins::MEDECINS;
use super::cases_others::OTHERS;
use super::cases_territorial::TERRITORIAL;
use super::catalogue;
use crate::domain::eligibility::{evaluate_one, AidResult, AidStatus, Input, Profile, Version};
use crate::domain::zone::Tri;
use chrono::{Days, NaiveDate};

pub(super) type Mutation = fn(&mut Profile);

/// One aid: a profile eligible on `on` in every version, then mutations that must make exactly
/// one criterion fail, and removals that must leave exactly one criterion unknown.
pub(super) struct AidCase {
    pub code: &'static str,
    pub eligible: fn(NaiveDate) -> Profile,
    pub failing: &'static [(&'static str, Mutation)],
    pub unknown: &'static [(&'static str, Mutation, Input)],
}

fn cases() -> impl Iterator<Item = &'static AidCase> {
    MEDECINS
        .iter()
        .chain(OTHERS.iter())
        .chain(TERRITORIAL.iter())
}

/// Each version with its first and last day (an open version is checked up to 2035).
fn version_days(code: &str) -> Vec<(&'static Version, NaiveDate)> {
    let aid = catalogue()
        .get(code)
        .unwrap_or_else(|| panic!("{code} not shipped"));
    let mut days = Vec::new();
    for v in &aid.versions {
        let last =
            v.to.unwrap_or(NaiveDate::from_ymd_opt(2035, 12, 31).unwrap());
        days.push((v, v.from));
        days.push((v, last));
    }
    days
}

fn has_criterion(v: &Version, id: &str) -> bool {
    v.criteria.iter().any(|c| c.id == id)
}

/// The status expected for a version whose rules alone would give `status`.
fn expected(v: &Version, status: AidStatus) -> AidStatus {
    if v.announced.is_some() {
        AidStatus::Announced
    } else {
        status
    }
}

fn status(code: &str, profile: &Profile, on: NaiveDate) -> AidResult {
    let cat = catalogue();
    let aid = cat.get(code).unwrap();
    evaluate_one(cat, aid, profile, on)
}

#[test]
fn every_aid_is_covered_by_the_table() {
    for aid in catalogue().aids() {
        assert!(
            cases().any(|c| c.code == aid.code),
            "no table entry for {}",
            aid.code
        );
    }
    assert_eq!(cases().count(), catalogue().aids().len());
}

#[test]
fn eligible_on_first_and_last_day_of_each_version() {
    for case in cases() {
        for (v, day) in version_days(case.code) {
            let r = status(case.code, &(case.eligible)(day), day);
            let label = &v.label;
            assert_eq!(
                r.status,
                expected(v, AidStatus::Eligible),
                "{} {label} on {day}: {r:#?}",
                case.code
            );
            assert_eq!(r.version.as_ref().map(|v| &*v.label), Some(&**label));
            assert!(r.criteria.iter().all(|c| c.result == Tri::Met));
            assert!(r.missing.is_empty());
        }
    }
}

#[test]
fn closed_or_announced_before_the_first_version_and_closed_after_the_last() {
    let cat = catalogue();
    for case in cases() {
        let aid = cat.get(case.code).unwrap();
        let first = aid.versions.first().unwrap();
        let before = first.from.checked_sub_days(Days::new(1)).unwrap();
        let r = status(case.code, &(case.eligible)(before), before);
        if first.published_on.is_some_and(|p| p <= before) {
            assert_eq!(r.status, AidStatus::Announced, "{} on {before}", case.code);
            assert!(r.summary.starts_with("Adopté, s'applique"), "{}", r.summary);
        } else {
            assert_eq!(r.status, AidStatus::Closed, "{} on {before}", case.code);
            assert!(r.summary.contains("pas encore en vigueur"), "{}", r.summary);
        }
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
    for case in cases() {
        for (v, day) in version_days(case.code) {
            for (id, mutate) in case.failing.iter().filter(|(id, _)| has_criterion(v, id)) {
                let mut profile = (case.eligible)(day);
                mutate(&mut profile);
                let r = status(case.code, &profile, day);
                let ctx = format!("{} {} on {day}, failing {id}", case.code, v.label);
                assert_eq!(
                    r.status,
                    expected(v, AidStatus::Ineligible),
                    "{ctx}: {r:#?}"
                );
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
    for case in cases() {
        for (v, day) in version_days(case.code) {
            let entries = case.unknown.iter().filter(|(id, ..)| has_criterion(v, id));
            for (id, mutate, input) in entries {
                let mut profile = (case.eligible)(day);
                mutate(&mut profile);
                let r = status(case.code, &profile, day);
                let ctx = format!("{} {} on {day}, unknown {id}", case.code, v.label);
                assert_eq!(r.status, expected(v, AidStatus::NeedsInfo), "{ctx}: {r:#?}");
                assert_eq!(r.missing, vec![*input], "{ctx}");
                for c in &r.criteria {
                    let expected = if c.id == *id { Tri::Unknown } else { Tri::Met };
                    assert_eq!(c.result, expected, "{ctx}: criterion {}", c.id);
                }
            }
        }
    }
}
