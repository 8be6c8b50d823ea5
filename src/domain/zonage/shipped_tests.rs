//! The shipped manifest: every file readable for its profession, periods that never overlap,
//! and the régions that re-zoned ending the older file the day before.

use super::*;
use crate::domain::zonage::{parse_zonage, EmptyZone};
use crate::domain::zone::ZoneCategory;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn periods(region: &str, profession: Profession) -> Vec<(NaiveDate, Option<NaiveDate>, String)> {
    let mut out: Vec<_> = manifest()
        .expect("manifeste")
        .iter()
        .filter(|z| z.profession == profession)
        .filter_map(|z| {
            z.meta_for(region)
                .map(|m| (m.valid_from, m.valid_to, z.file.clone()))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_may_2025_medecins_snapshot_ends_the_day_before_pacas_arrete() {
    let paca = periods("93", Profession::Medecin);
    assert_eq!(
        paca,
        [
            (
                day("2025-05-09"),
                Some(day("2026-01-04")),
                "medecins-2025-05.csv".into()
            ),
            (day("2026-01-05"), None, "medecins-paca-2026-01.csv".into()),
        ]
    );
    // Auvergne-Rhône-Alpes re-zoned from 1 January 2026: nothing after (unknown).
    assert_eq!(
        periods("84", Profession::Medecin),
        [(
            day("2025-05-09"),
            Some(day("2025-12-31")),
            "medecins-2025-05.csv".into()
        )]
    );
    // A région whose newer arrêté is not known keeps the snapshot, which says so.
    let bretagne = manifest().expect("manifeste")[0]
        .meta_for("53")
        .expect("53");
    assert_eq!(bretagne.valid_to, None);
    assert!(
        bretagne.source.contains("en mai 2025"),
        "{}",
        bretagne.source
    );
    // Occitanie's infirmiers arrêté of 12 November 2025.
    assert_eq!(
        periods("76", Profession::Infirmier),
        [
            (
                day("2025-09-12"),
                Some(day("2025-11-11")),
                "infirmiers-2025-09.csv".into()
            ),
            (day("2025-11-12"), None, "infirmiers-2026-03.csv".into()),
        ]
    );
}

#[test]
fn periods_never_overlap_in_any_region() {
    let regions = [
        "01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76",
        "84", "93", "94",
    ];
    for region in regions {
        for &profession in Profession::ALL {
            let p = periods(region, profession);
            for pair in p.windows(2) {
                let (_, to, file) = &pair[0];
                let (from, _, next) = &pair[1];
                assert!(
                    to.is_some_and(|to| to < *from),
                    "{region} {profession}: {file} chevauche {next}"
                );
            }
            for (from, to, file) in &p {
                assert!(to.is_none_or(|to| to >= *from), "{region} {file}");
            }
        }
    }
}

#[test]
fn every_shipped_file_reads_for_its_profession() {
    let all = manifest().expect("manifeste");
    assert_eq!(all.len(), 8);
    for z in &all {
        let text = z.text().expect("embarqué");
        let parsed = parse_zonage(text, z.profession, EmptyZone::Unknown)
            .unwrap_or_else(|e| panic!("{}: {:?}", z.file, &e[..e.len().min(3)]));
        assert!(parsed.rows.len() > 900, "{}", z.file);
        assert!(parsed
            .rows
            .iter()
            .all(|(_, r)| r.zone.check_scale(z.profession).is_ok()));
        assert!(z.source.contains("font foi"), "{}", z.file);
    }
    let kine = all
        .iter()
        .find(|z| z.profession == Profession::MasseurKinesitherapeute)
        .expect("kinés");
    let parsed = parse_zonage(
        kine.text().expect("texte"),
        kine.profession,
        EmptyZone::Unknown,
    )
    .expect("kinés");
    assert_eq!(parsed.without_zone.len(), 2, "N/A stays unknown");
    assert!(parsed
        .rows
        .iter()
        .any(|(_, r)| r.zone.contains(ZoneCategory::NonPrioritaire)));
}

#[test]
fn a_malformed_manifest_is_refused() {
    let missing = "[[zonage]]\nfile = \"absent.csv\"\nprofession = \"medecin\"\nfrom = 2025-01-01\nsource = \"x\"\nlast_checked = 2026-01-01\n";
    assert!(parse_manifest(missing)
        .expect_err("absent")
        .contains("absent.csv"));
    let bad_date = MANIFEST.replacen("from = 2025-05-09", "from = 2025-13-09", 1);
    assert!(parse_manifest(&bad_date).is_err());
}
