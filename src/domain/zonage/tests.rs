//! The index: dated lookups, and Paris, Lyon, Marseille answered from their arrondissements.

use super::*;
use crate::domain::zone::ZoneCategory::{self, *};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn meta(profession: Profession, from: &str, to: Option<&str>, source: &str) -> ZonageMeta {
    ZonageMeta {
        region_code: "93".into(),
        profession,
        valid_from: day(from),
        valid_to: to.map(day),
        source: source.into(),
        last_checked: None,
    }
}

fn row(zonage: &str, insee: &str, zone: ZoneCategory) -> (String, String, ZoneSet) {
    (zonage.into(), insee.into(), ZoneSet::only(zone))
}

fn marseille(
    zonage: &str,
    zone_of: impl Fn(u32) -> Option<ZoneCategory>,
) -> Vec<(String, String, ZoneSet)> {
    (1..=16)
        .filter_map(|n| zone_of(n).map(|z| row(zonage, &format!("132{n:02}"), z)))
        .collect()
}

#[test]
fn the_zonage_in_force_on_the_date_answers() {
    let index = ZonageIndex::new(
        vec![
            (
                "a".into(),
                meta(
                    Profession::Medecin,
                    "2022-01-01",
                    Some("2024-06-30"),
                    "2022",
                ),
            ),
            (
                "b".into(),
                meta(Profession::Medecin, "2024-07-01", None, "2024"),
            ),
            (
                "c".into(),
                meta(Profession::Infirmier, "2025-09-12", None, "IDE"),
            ),
        ],
        vec![
            row("a", "04001", Zip),
            row("b", "04001", Hz),
            row("c", "04001", TresSousDotee),
            row("zz", "04001", Zac),
        ],
    );
    assert_eq!(index.rows(), 3, "a row of an unknown zonage is ignored");
    let on = |d: &str| index.zone_of_commune("04001", Profession::Medecin, day(d));
    assert_eq!(on("2024-06-30").map(|z| z.zone), Some(ZoneSet::only(Zip)));
    let second = on("2024-07-01").expect("2024");
    assert_eq!(
        (second.zone, second.source.as_str()),
        (ZoneSet::only(Hz), "2024")
    );
    assert!(on("2021-12-31").is_none(), "no zonage before: unknown");
    let nurse = index
        .zone_of_commune("04001", Profession::Infirmier, day("2026-01-01"))
        .expect("infirmier");
    assert_eq!(nurse.description(), "très sous-dotée");
    assert_eq!(index.zones_of_commune("04001", day("2026-01-01")).len(), 2);
    assert!(index
        .zones_of_commune("04004", day("2026-01-01"))
        .is_empty());
}

#[test]
fn marseille_answers_from_its_arrondissements() {
    let zonages = vec![(
        "m".into(),
        meta(Profession::Medecin, "2025-05-09", None, "CartoSanté"),
    )];
    let on = day("2025-06-01");
    // All the same: that zone.
    let same = ZonageIndex::new(zonages.clone(), marseille("m", |_| Some(Zac)));
    let zone = same
        .zone_of_commune("13055", Profession::Medecin, on)
        .expect("zone");
    assert_eq!(zone.zone, ZoneSet::only(Zac));
    assert_eq!(zone.description(), "ZAC");
    assert_eq!(zone.arrondissements.len(), 16);
    // Different: the set, "selon l'arrondissement".
    let mixed = ZonageIndex::new(
        zonages.clone(),
        marseille("m", |n| Some(if n >= 15 { Zip } else { Zac })),
    );
    let zone = mixed
        .zone_of_commune("13055", Profession::Medecin, on)
        .expect("zone");
    assert_eq!(zone.zone, ZoneSet::from_categories([Zip, Zac]));
    assert_eq!(zone.description(), "ZIP ou ZAC selon l'arrondissement");
    assert!(zone.varies_by_arrondissement());
    // An arrondissement is looked up directly.
    let fifteenth = mixed
        .zone_of_commune("13215", Profession::Medecin, on)
        .expect("15e");
    assert_eq!(fifteenth.zone, ZoneSet::only(Zip));
    assert!(fifteenth.arrondissements.is_empty());
    // Some unknown: the whole scale, never a guess.
    let partial = ZonageIndex::new(zonages.clone(), marseille("m", |n| (n != 3).then_some(Zip)));
    let zone = partial
        .zone_of_commune("13055", Profession::Medecin, on)
        .expect("zone");
    assert_eq!(zone.zone, ZoneSet::scale(Profession::Medecin));
    assert_eq!(
        zone.description(),
        "zone non déterminée selon l'arrondissement"
    );
    assert_eq!(zone.arrondissements[2], ("13203".to_string(), None));
    // No arrondissement listed: the commune's own row, if any.
    let commune_only = ZonageIndex::new(zonages, vec![row("m", "13055", Hz)]);
    let zone = commune_only
        .zone_of_commune("13055", Profession::Medecin, on)
        .expect("zone");
    assert_eq!(zone.zone, ZoneSet::only(Hz));
    assert!(zone.arrondissements.is_empty());
    assert!(commune_only
        .zone_of_commune("13055", Profession::Infirmier, on)
        .is_none());
}
