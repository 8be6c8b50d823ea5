//! The provenance report: every shipped version has a source and a check date; stale and
//! ending versions are flagged.

use super::catalogue;
use crate::domain::eligibility::RulesReport;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_shipped_files_have_no_version_without_source_or_check() {
    let report = RulesReport::new(catalogue().aids(), day("2026-12-06"));
    assert_eq!(report.aids.len(), catalogue().aids().len());
    for aid in &report.aids {
        for v in &aid.versions {
            assert!(!v.without_source(), "{} {}", aid.code, v.label);
            assert!(
                !v.stale,
                "{} {} checked {}",
                aid.code, v.label, v.last_checked
            );
        }
    }
    let text = report.to_text();
    assert!(!text.contains("SANS SOURCE"), "{text}");
    assert!(text.contains("CAPII — Contrat d'aide à la première installation des infirmiers"));
    assert!(text.contains("vérifiée le 2026-12-06"));
    assert!(text.contains("À revoir : 0 version(s)"), "{text}");
}

#[test]
fn stale_and_ending_versions_are_flagged() {
    // In July 2027 every check of December 2026 is more than 6 months old.
    let later = RulesReport::new(catalogue().aids(), day("2027-07-01"));
    assert!(later.attention().any(|(code, v)| code == "CESP" && v.stale));
    // In November 2025 the CAIM (ends 2025-12-31) ends within 3 months; in September not yet.
    let caim_ending = |on: &str| {
        RulesReport::new(catalogue().get("CAIM"), day(on))
            .attention()
            .any(|(_, v)| v.ending_soon)
    };
    assert!(caim_ending("2025-11-01"));
    assert!(caim_ending("2025-12-31"));
    assert!(!caim_ending("2025-09-30"));
    assert!(!caim_ending("2026-01-01"));
    let text = RulesReport::new(catalogue().get("CAIM"), day("2025-11-01")).to_text();
    assert!(text.contains("finit dans moins de 3 mois"), "{text}");
}
